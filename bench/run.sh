#!/usr/bin/env bash
# Builds what the benchmark needs, then runs the driver with all given arguments (see --help), from the
# repository root. The markdown section is printed and merged into docs/benchmarks.md (unless --out -).
#
#   bench/run.sh --quick --cells base --out -        # smoke run: one cell, both targets, once
#   bench/run.sh                                     # one-factor matrix, 3 repeats (~35 min on 2 cores)
#   bench/run.sh --matrix classic --targets cometmq_grpc,apache_grpc --alternate
#
# Environment: BENCH_BUILD=0 skips both builds; BENCH_BUILD_COMETMQ=0 skips only CometMQ's;
# BENCH_DRIVER_HEAP (default 1g).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
cd "$ROOT"
mkdir -p "$BENCH_DIR/target"

# Only build CometMQ when it is among the targets (the driver's default is apache,cometmq).
targets="apache,cometmq"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --targets=*) targets="${args[i]#--targets=}" ;;
    --targets) targets="${args[i + 1]:-}" ;;
  esac
done
build_comet="${BENCH_BUILD_COMETMQ:-1}"
[[ ",${targets,,}," == *",cometmq"* ]] || build_comet=0   # cometmq, cometmq_grpc, ...

comet_unavailable=()
if [[ "${BENCH_BUILD:-1}" != 0 ]]; then
  if [[ "$build_comet" != 0 ]]; then
    echo "[run.sh] building nameserver-image and broker-image ..." >&2
    build_log="$BENCH_DIR/target/cometmq-build.log"
    # A broken CometMQ build must not stop the benchmark: it only makes CometMQ "not available".
    if ! mvn -B -q -f "$ROOT/pom.xml" -pl nameserver-image,broker-image -am package -DskipTests \
        >"$build_log" 2>&1; then
      echo "[run.sh] CometMQ build failed, see $build_log" >&2
      comet_unavailable=(--cometmq-unavailable "build failed (mvn -pl nameserver-image,broker-image -am package; see bench/target/cometmq-build.log)")
    fi
  fi
  echo "[run.sh] building the bench driver ..." >&2
  (cd "$BENCH_DIR" && mvn -B -q -Dstyle.color=never package) >&2
fi

driver_home="$BENCH_DIR/target/driver-home"   # the Apache client and admin tool log under ${user.home}/logs
mkdir -p "$driver_home"
export BENCH_COMMAND="bench/run.sh $*"
exec java "-Xms${BENCH_DRIVER_HEAP:-1g}" "-Xmx${BENCH_DRIVER_HEAP:-1g}" -XX:+UseG1GC \
  -Duser.home="$driver_home" \
  -jar "$BENCH_DIR/target/cometmq-bench.jar" --repo-root "$ROOT" "${comet_unavailable[@]}" "$@"
