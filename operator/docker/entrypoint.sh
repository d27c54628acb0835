#!/bin/bash
# Entrypoint of the CometMQ operator image: replaces itself with the JVM (exec) so that SIGTERM reaches the
# operator's shutdown hook (stops informers, releases nothing it does not own). Arguments go to the operator.
set -euo pipefail

say() { echo "cometmq-entrypoint: $*" >&2; }

hard="$(ulimit -Hn)"
target="${COMETMQ_NOFILE_TARGET:-$hard}"
if [ "$target" != unlimited ] && ! [[ "$target" =~ ^[0-9]+$ ]]; then target="$hard"; fi
if [ "$hard" != unlimited ] && { [ "$target" = unlimited ] || [ "$target" -gt "$hard" ]; }; then target="$hard"; fi
ulimit -Sn "$target" 2>/dev/null || say "could not raise the nofile soft limit to $target"
say "nofile soft limit $(ulimit -Sn) (hard $hard)"

# Container-aware defaults; -Xmx in JAVA_OPTS wins. The JVM's perf data would need a writable /tmp: off.
jvm_defaults=(-XX:+UseContainerSupport "-XX:MaxRAMPercentage=${COMETMQ_MAX_RAM_PERCENTAGE:-70}"
    -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -Djava.io.tmpdir=/tmp -Dfile.encoding=UTF-8)
if [ -n "${COMETMQ_HEAP:-}" ]; then
    jvm_defaults+=("-Xms$COMETMQ_HEAP" "-Xmx$COMETMQ_HEAP")
fi
# shellcheck disable=SC2206
java_opts=(${JAVA_OPTS:-})
say "exec java ${jvm_defaults[*]} ${java_opts[*]} -jar /opt/cometmq/cometmq-operator.jar $*"
exec java "${jvm_defaults[@]}" "${java_opts[@]}" -jar /opt/cometmq/cometmq-operator.jar "$@"
