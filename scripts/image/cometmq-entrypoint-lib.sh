#!/bin/bash
# Shared by the entrypoints of the NameServer, broker and operator images (sourced, not run): the nofile limit
# and the JVM start. `mvn package` copies this file into each image module's target/docker/, so every image's
# build context (its module directory) holds it next to the fat jar; the Dockerfiles put it at
# /opt/cometmq/cometmq-entrypoint-lib.sh.

# Log line of the entrypoint. An entrypoint whose stdout must stay clean redefines it after sourcing.
say() { echo "cometmq-entrypoint: $*"; }

# Raises the nofile soft limit to COMETMQ_NOFILE_TARGET, capped at the hard limit (default: the hard limit).
raise_nofile() {
    local hard target
    hard="$(ulimit -Hn)"
    target="${COMETMQ_NOFILE_TARGET:-$hard}"
    if [ "$target" != unlimited ] && ! [[ "$target" =~ ^[0-9]+$ ]]; then
        say "COMETMQ_NOFILE_TARGET='$target' is not a number; using the hard limit"
        target="$hard"
    fi
    if [ "$hard" != unlimited ] && { [ "$target" = unlimited ] || [ "$target" -gt "$hard" ]; }; then
        target="$hard"
    fi
    if ! ulimit -Sn "$target" 2>/dev/null; then
        say "could not raise the nofile soft limit to $target"
    fi
    say "nofile soft limit $(ulimit -Sn) (hard $hard, target ${COMETMQ_NOFILE_TARGET:-hard limit})"
}

# exec_java JAR RAM_PERCENT [JVM_DEFAULT...] -- [ARG...]
# Replaces the shell with the JVM (so SIGTERM reaches the application's shutdown hook), with container-aware
# defaults: MaxRAMPercentage (COMETMQ_MAX_RAM_PERCENTAGE, else RAM_PERCENT), the image's own JVM_DEFAULTs, and
# COMETMQ_HEAP=2g as a shorthand for -Xms2g -Xmx2g. JAVA_OPTS comes after them, so its -Xmx/-Xms win.
exec_java() {
    local jar="$1" ram_percent="$2" extra=()
    shift 2
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        extra+=("$1")
        shift
    done
    [ $# -eq 0 ] || shift
    local jvm_defaults=(-XX:+UseContainerSupport "-XX:MaxRAMPercentage=${COMETMQ_MAX_RAM_PERCENTAGE:-$ram_percent}"
        -XX:+ExitOnOutOfMemoryError "${extra[@]}" -Djava.io.tmpdir=/tmp -Dfile.encoding=UTF-8)
    if [ -n "${COMETMQ_HEAP:-}" ]; then
        jvm_defaults+=("-Xms$COMETMQ_HEAP" "-Xmx$COMETMQ_HEAP")
    fi
    # JAVA_OPTS is split on whitespace on purpose (as the operator joins it); options with spaces cannot be passed.
    # shellcheck disable=SC2206
    local java_opts=(${JAVA_OPTS:-})
    say "exec java ${jvm_defaults[*]} ${java_opts[*]} -jar $jar $*"
    exec java "${jvm_defaults[@]}" "${java_opts[@]}" -jar "$jar" "$@"
}
