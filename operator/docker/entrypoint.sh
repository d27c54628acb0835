#!/bin/bash
# Entrypoint of the CometMQ operator image: replaces itself with the JVM (exec) so that SIGTERM reaches the
# operator's shutdown hook (stops informers, releases nothing it does not own). Arguments go to the operator.
set -euo pipefail
# the shared library sits next to this script (/opt/cometmq in the image)
# shellcheck source=../../scripts/image/cometmq-entrypoint-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cometmq-entrypoint-lib.sh"

say() { echo "cometmq-entrypoint: $*" >&2; }

raise_nofile
# The JVM's perf data would need a writable /tmp: off.
exec_java /opt/cometmq/cometmq-operator.jar 70 -XX:-UsePerfData -- "$@"
