#!/usr/bin/env bash
# Builds CometMQ and runs a local cluster on this machine: a NameServer on 127.0.0.1:9876.
# Stop it with Ctrl-C. Data and logs go to ./local/.
set -euo pipefail
cd "$(dirname "$0")/.."

NAMESRV_PORT="${NAMESRV_PORT:-9876}"
mkdir -p local

echo "building (mvn package, tests skipped) ..."
mvn -B -q package -DskipTests -pl nameserver-image -am

pids=()
cleanup() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    echo "local cluster stopped"
}
trap cleanup INT TERM EXIT

java -Xms256m -Xmx256m -jar nameserver-image/target/cometmq-nameserver.jar \
    --listen-host 127.0.0.1 --listen-port "$NAMESRV_PORT" > local/nameserver.log 2>&1 &
pids+=($!)

for _ in $(seq 1 60); do
    if grep -q "listening on" local/nameserver.log 2>/dev/null; then
        break
    fi
    if ! kill -0 "${pids[0]}" 2>/dev/null; then
        cat local/nameserver.log
        echo "NameServer failed to start" >&2
        exit 1
    fi
    sleep 0.5
done
grep "listening on" local/nameserver.log

echo
echo "NameServer: 127.0.0.1:$NAMESRV_PORT (log: local/nameserver.log)"
echo "Point RocketMQ clients at it with namesrvAddr=127.0.0.1:$NAMESRV_PORT; Ctrl-C stops the cluster."
wait
