#!/usr/bin/env bash
# Builds CometMQ and runs a local cluster on this machine: a NameServer on 127.0.0.1:9876 and one broker
# (broker-a) on 127.0.0.1:10911 with its metrics on 127.0.0.1:5557/metrics, then sends and consumes a message with
# Apache RocketMQ's own mqadmin tool.
# It keeps running until Ctrl-C. Data and logs go to ./local/.
set -euo pipefail
cd "$(dirname "$0")/.."

NAMESRV_PORT="${NAMESRV_PORT:-9876}"
BROKER_PORT="${BROKER_PORT:-10911}"
METRICS_PORT="${METRICS_PORT:-5557}"
mkdir -p local

echo "building (mvn package, tests skipped) ..."
mvn -B -q package -Dmaven.test.skip=true -pl nameserver-image,broker-image -am

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

# wait_for LOG PID NAME: until LOG says "listening on", or fail if the process died
wait_for() {
    for _ in $(seq 1 120); do
        if grep -q "listening on" "$1" 2>/dev/null; then
            grep -m1 "^CometMQ" "$1"
            return 0
        fi
        if ! kill -0 "$2" 2>/dev/null; then
            cat "$1"
            echo "$3 failed to start (log: $1)" >&2
            exit 1
        fi
        sleep 0.5
    done
    echo "$3 did not start within 60 s (log: $1)" >&2
    exit 1
}

java -Xms256m -Xmx256m -jar nameserver-image/target/cometmq-nameserver.jar \
    --listen-host 127.0.0.1 --listen-port "$NAMESRV_PORT" > local/nameserver.log 2>&1 &
pids+=($!)
wait_for local/nameserver.log "${pids[-1]}" NameServer

cat > local/broker-a.yaml <<YAML
brokerClusterName: LocalCluster
brokerName: broker-a
brokerId: 0
brokerRole: ASYNC_MASTER
flushDiskType: ASYNC_FLUSH
namesrvAddr: 127.0.0.1:$NAMESRV_PORT
brokerIP1: 127.0.0.1
listenPort: $BROKER_PORT
storePathRootDir: $(pwd)/local/broker-a
mappedFileSizeCommitLog: 134217728
metricsExporterType: PROM
metricsPromExporterHost: 127.0.0.1
metricsPromExporterPort: $METRICS_PORT
YAML
java -Xms512m -Xmx512m -jar broker-image/target/cometmq-broker.jar --config local/broker-a.yaml \
    > local/broker-a.log 2>&1 &
pids+=($!)
wait_for local/broker-a.log "${pids[-1]}" broker-a

echo
echo "sending a message with Apache mqadmin (first run downloads rocketmq-tools from Maven Central) ..."
scripts/mqadmin.sh sendMessage -n "127.0.0.1:$NAMESRV_PORT" -t QuickStart -p "hello from CometMQ" 2>&1 \
    | grep -v "^\s*at " || true
consumed=""
for _ in 1 2 3; do  # the new topic's route reaches the NameServer right after the first send
    # no -c: mqadmin counts pulls, not messages, and would stop at the first (empty) queue
    consumed="$(scripts/mqadmin.sh consumeMessage -n "127.0.0.1:$NAMESRV_PORT" -t QuickStart 2>&1 \
        | grep -o "BODY: .*" || true)"
    [ -n "$consumed" ] && break
    sleep 2
done
echo "${consumed:-(no message consumed: see local/broker-a.log)}"

echo
echo "NameServer: 127.0.0.1:$NAMESRV_PORT   broker-a: 127.0.0.1:$BROKER_PORT   logs: local/"
echo "Point RocketMQ clients at namesrvAddr=127.0.0.1:$NAMESRV_PORT; try scripts/mqadmin.sh clusterList -n 127.0.0.1:$NAMESRV_PORT"
echo "Broker metrics (Prometheus): curl http://127.0.0.1:$METRICS_PORT/metrics"
echo "Ctrl-C stops the cluster."
wait
