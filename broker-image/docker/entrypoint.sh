#!/bin/bash
# Entrypoint of the CometMQ broker image: implements the operator's broker image contract
# (docs/OPERATOR.md), then runs the JVM as its child and stays PID 1: it forwards TERM and INT to the broker (whose
# shutdown hook unregisters from every NameServer and flushes the store), waits, and exits with the JVM's status.
# The JVM is not PID 1 so that `kill -STOP` from `kubectl exec` can freeze it (docs/TESTING.md): the kernel drops
# SIGSTOP sent to a namespace's PID 1 from inside it. The JVM's pid is in COMETMQ_PID_FILE
# (default /tmp/cometmq-broker.pid) while it runs:
#   kubectl exec <pod> -- bash -c 'kill -STOP "$(</tmp/cometmq-broker.pid)"'
# (bash's kill builtin: the image has no procps, hence no pgrep and no /bin/kill).
#   brokerId  = COMETMQ_BROKER_ID_BASE + the ordinal at the end of POD_NAME (or the hostname) -> COMETMQ_BROKER_ID
#   brokerIP1 = COMETMQ_ADVERTISED_HOST                                                      -> COMETMQ_BROKER_IP1
#   nofile soft limit raised to COMETMQ_NOFILE_TARGET, capped at the hard limit (default: the hard limit)
# COMETMQ_<KEY> variables override the config file and flags override both, as for the plain jar.
set -euo pipefail

# the shared library sits next to this script (/opt/cometmq in the image)
# shellcheck source=../../scripts/image/cometmq-entrypoint-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cometmq-entrypoint-lib.sh"

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

# An -Xmx/-Xms in JAVA_OPTS (the operator's spec.broker.jvm.heap) wins over the percentage. The broker's commit
# log lives in the page cache, outside the heap: hence only half the RAM.
run_java "${COMETMQ_PID_FILE:-/tmp/cometmq-broker.pid}" /opt/cometmq/cometmq-broker.jar 50 -- "$@"
