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

# java_command JAR RAM_PERCENT [JVM_DEFAULT...] -- [ARG...]
# Sets JAVA_COMMAND to the JVM's command line, with container-aware defaults: MaxRAMPercentage
# (COMETMQ_MAX_RAM_PERCENTAGE, else RAM_PERCENT), the image's own JVM_DEFAULTs, and COMETMQ_HEAP=2g as a shorthand
# for -Xms2g -Xmx2g. JAVA_OPTS comes after them, so its -Xmx/-Xms win.
java_command() {
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
    JAVA_COMMAND=(java "${jvm_defaults[@]}" "${java_opts[@]}" -jar "$jar" "$@")
}

# exec_java JAR RAM_PERCENT [JVM_DEFAULT...] -- [ARG...]
# Replaces the shell with the JVM (so SIGTERM reaches the application's shutdown hook); see java_command.
exec_java() {
    java_command "$@"
    say "exec ${JAVA_COMMAND[*]}"
    exec "${JAVA_COMMAND[@]}"
}

# run_java PID_FILE JAR RAM_PERCENT [JVM_DEFAULT...] -- [ARG...]
# Runs the JVM as a child of this shell instead of replacing it, writes the JVM's pid to PID_FILE, forwards TERM
# and INT to it, waits, and exits with the JVM's exit status (128+n if signal n ended it). For images whose JVM
# must be stoppable with SIGSTOP from `kubectl exec`: the kernel drops SIGSTOP sent to PID 1 from inside its
# namespace, so the JVM must not be PID 1. Stopping and continuing the JVM does not end the wait.
run_java() {
    local pid_file="$1" child="" pending="" status=0
    shift
    # a signal that comes before the JVM exists is remembered and forwarded once it does
    trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null || true; else pending=TERM; fi' TERM
    trap 'if [ -n "$child" ]; then kill -INT "$child" 2>/dev/null || true; else pending=INT; fi' INT
    java_command "$@"
    if ! : > "$pid_file"; then
        say "cannot write the JVM's pid file $pid_file"; exit 2
    fi
    say "${JAVA_COMMAND[*]} (child of the entrypoint, pid in $pid_file)"
    # bash makes a background command ignore INT and QUIT; the subshell restores them before it becomes the JVM,
    # or the JVM would not install its INT handler (no shutdown hooks on INT) nor print thread dumps on QUIT
    (trap - INT QUIT; exec "${JAVA_COMMAND[@]}") &
    child=$!
    echo "$child" > "$pid_file"
    if [ -n "$pending" ]; then
        kill "-$pending" "$child" 2>/dev/null || true
    fi
    # wait returns early (status > 128) when a trapped signal arrives: wait again while the JVM exists; the last
    # wait gives the status bash recorded when it reaped the JVM
    while kill -0 "$child" 2>/dev/null; do
        wait "$child" || true
    done
    wait "$child" && status=0 || status=$?
    rm -f "$pid_file"
    say "java (pid $child) exited with status $status"
    exit "$status"
}
