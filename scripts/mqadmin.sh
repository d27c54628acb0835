#!/usr/bin/env bash
# Runs Apache RocketMQ's admin tool (mqadmin from rocketmq-tools 5.3.3, fetched from Maven Central) against
# CometMQ, e.g.:  scripts/mqadmin.sh clusterList -n 127.0.0.1:9876
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="$root/local/mqadmin"
mkdir -p "$state"
classpath_file="$state/classpath"
if [ ! -s "$classpath_file" ]; then
    mvn -B -q -f "$root/scripts/mqadmin/pom.xml" dependency:build-classpath \
        -Dmdep.outputFile="$classpath_file" >&2
fi
# rocketmq-tools writes its logs under ${user.home}/logs; keep them in local/.
exec java -Xmx256m -Duser.home="$state" -Drocketmq.client.logUseSlf4j=false \
    -cp "$(cat "$classpath_file")" org.apache.rocketmq.tools.command.MQAdminStartup "$@"
