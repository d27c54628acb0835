#!/bin/bash
# Entrypoint of the CometMQ NameServer image: raises the nofile soft limit, then replaces itself with the JVM
# (exec) so that SIGTERM reaches the NameServer's shutdown hook. Arguments are passed to the NameServer
# (the operator passes --config /etc/cometmq/namesrv.conf); JAVA_OPTS carries the heap and JVM options.
set -euo pipefail

say() { echo "cometmq-entrypoint: $*"; }

hard="$(ulimit -Hn)"
target="${COMETMQ_NOFILE_TARGET:-$hard}"
if [ "$target" != unlimited ] && ! [[ "$target" =~ ^[0-9]+$ ]]; then target="$hard"; fi
if [ "$hard" != unlimited ] && { [ "$target" = unlimited ] || [ "$target" -gt "$hard" ]; }; then target="$hard"; fi
ulimit -Sn "$target" 2>/dev/null || say "could not raise the nofile soft limit to $target"
say "nofile soft limit $(ulimit -Sn) (hard $hard)"

# Container-aware defaults; -Xmx/-Xms in JAVA_OPTS win. COMETMQ_HEAP=512m is a shorthand for both.
jvm_defaults=(-XX:+UseContainerSupport "-XX:MaxRAMPercentage=${COMETMQ_MAX_RAM_PERCENTAGE:-70}"
    -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Dfile.encoding=UTF-8)
if [ -n "${COMETMQ_HEAP:-}" ]; then
    jvm_defaults+=("-Xms$COMETMQ_HEAP" "-Xmx$COMETMQ_HEAP")
fi
# shellcheck disable=SC2206
java_opts=(${JAVA_OPTS:-})
say "exec java ${jvm_defaults[*]} ${java_opts[*]} -jar /opt/cometmq/cometmq-nameserver.jar $*"
exec java "${jvm_defaults[@]}" "${java_opts[@]}" -jar /opt/cometmq/cometmq-nameserver.jar "$@"
