#!/bin/bash
# Entrypoint of the CometMQ NameServer image: raises the nofile soft limit, then replaces itself with the JVM
# (exec) so that SIGTERM reaches the NameServer's shutdown hook. Arguments are passed to the NameServer
# (the operator passes --config /etc/cometmq/namesrv.conf); JAVA_OPTS carries the heap and JVM options.
set -euo pipefail
# the shared library sits next to this script (/opt/cometmq in the image)
# shellcheck source=../../scripts/image/cometmq-entrypoint-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cometmq-entrypoint-lib.sh"

raise_nofile
exec_java /opt/cometmq/cometmq-nameserver.jar 70 -- "$@"
