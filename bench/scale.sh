#!/usr/bin/env bash
# Scale limits (issue #17): CometMQ and Apache RocketMQ 5.5.0 with many topics and many idle connections.
# Builds what it needs, then runs io.cometmq.bench.scale.ScaleLimits from the repository root with all given
# arguments (see --help). The markdown section is printed; --out docs/benchmarks.md appends it there.
#
#   bench/scale.sh                                   # 10,000 topics, 4 groups, 10,000 connections, both products
#   bench/scale.sh --targets cometmq --topics 2000 --connections 2000
#
# Environment: BENCH_BUILD=0 skips the builds; BENCH_DRIVER_HEAP (default 1g).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
cd "$ROOT"
mkdir -p "$BENCH_DIR/target"

if [[ "${BENCH_BUILD:-1}" != 0 ]]; then
  echo "[scale.sh] building nameserver-image and broker-image ..." >&2
  mvn -B -q -f "$ROOT/pom.xml" -pl nameserver-image,broker-image -am package -DskipTests >&2
  if [[ ! -f "$BENCH_DIR/target/scale/apache-rocketmq-5.5.0/lib/rocketmq-broker-5.5.0.jar" ]]; then
    echo "[scale.sh] resolving Apache RocketMQ 5.5.0 (bench/scale/apache-rocketmq/pom.xml) ..." >&2
    mvn -B -q -f "$BENCH_DIR/scale/apache-rocketmq/pom.xml" package >&2
  fi
  echo "[scale.sh] building the bench driver ..." >&2
  (cd "$BENCH_DIR" && mvn -B -q -Dstyle.color=never package -DskipTests) >&2
fi

driver_home="$BENCH_DIR/target/driver-home"   # the Apache admin client logs under ${user.home}/logs
mkdir -p "$driver_home"
export BENCH_COMMAND="bench/scale.sh $*"
exec java "-Xms${BENCH_DRIVER_HEAP:-1g}" "-Xmx${BENCH_DRIVER_HEAP:-1g}" -XX:+UseG1GC \
  -Duser.home="$driver_home" \
  -cp "$BENCH_DIR/target/cometmq-bench.jar" io.cometmq.bench.scale.ScaleLimits --repo-root "$ROOT" "$@"
