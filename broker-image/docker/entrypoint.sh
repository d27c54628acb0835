#!/bin/bash
# Entrypoint of the CometMQ broker image: implements the operator's broker image contract
# (docs/OPERATOR.md), then replaces itself with the JVM so that SIGTERM reaches the broker, whose shutdown
# hook unregisters from every NameServer and flushes the store.
#   brokerId  = COMETMQ_BROKER_ID_BASE + the ordinal at the end of POD_NAME (or the hostname) -> COMETMQ_BROKER_ID
#   brokerIP1 = COMETMQ_ADVERTISED_HOST                                                      -> COMETMQ_BROKER_IP1
#   nofile soft limit raised to COMETMQ_NOFILE_TARGET, capped at the hard limit (default: the hard limit)
# COMETMQ_<KEY> variables override the config file and flags override both, as for the plain jar.
set -euo pipefail

say() { echo "cometmq-entrypoint: $*"; }

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

derive_broker_id() {
    [ -n "${COMETMQ_BROKER_ID_BASE:-}" ] || return 0
    if [ -n "${COMETMQ_BROKER_ID:-}" ]; then
        say "brokerId=$COMETMQ_BROKER_ID (COMETMQ_BROKER_ID set explicitly; COMETMQ_BROKER_ID_BASE ignored)"
        return 0
    fi
    local pod="${POD_NAME:-${HOSTNAME:-}}" ordinal
    ordinal="${pod##*-}"
    if ! [[ "$COMETMQ_BROKER_ID_BASE" =~ ^[0-9]+$ ]]; then
        say "COMETMQ_BROKER_ID_BASE='$COMETMQ_BROKER_ID_BASE' is not a number"; exit 2
    fi
    if [ "$ordinal" = "$pod" ] || ! [[ "$ordinal" =~ ^[0-9]+$ ]]; then
        say "cannot take a StatefulSet ordinal from pod name '$pod' (POD_NAME or hostname must end in -<n>)"; exit 2
    fi
    export COMETMQ_BROKER_ID=$((10#$COMETMQ_BROKER_ID_BASE + 10#$ordinal))
    say "brokerId=$COMETMQ_BROKER_ID (base $COMETMQ_BROKER_ID_BASE + ordinal $ordinal of $pod)"
}

advertise() {
    [ -n "${COMETMQ_ADVERTISED_HOST:-}" ] || return 0
    export COMETMQ_BROKER_IP1="$COMETMQ_ADVERTISED_HOST"
    say "brokerIP1=$COMETMQ_BROKER_IP1"
}

raise_nofile
derive_broker_id
advertise

# Container-aware JVM defaults; an -Xmx/-Xms in JAVA_OPTS (the operator's spec.broker.jvm.heap) wins over the
# percentages. The broker's commit log lives in the page cache, outside the heap: hence only half the RAM.
# COMETMQ_HEAP=2g is a shorthand for -Xms2g -Xmx2g when running the image by hand.
jvm_defaults=(-XX:+UseContainerSupport "-XX:MaxRAMPercentage=${COMETMQ_MAX_RAM_PERCENTAGE:-50}"
    -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Dfile.encoding=UTF-8)
if [ -n "${COMETMQ_HEAP:-}" ]; then
    jvm_defaults+=("-Xms$COMETMQ_HEAP" "-Xmx$COMETMQ_HEAP")
fi
# JAVA_OPTS is split on whitespace on purpose (as the operator joins it); options with spaces cannot be passed.
# shellcheck disable=SC2206
java_opts=(${JAVA_OPTS:-})
say "exec java ${jvm_defaults[*]} ${java_opts[*]} -jar /opt/cometmq/cometmq-broker.jar $*"
exec java "${jvm_defaults[@]}" "${java_opts[@]}" -jar /opt/cometmq/cometmq-broker.jar "$@"
