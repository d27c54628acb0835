#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine: installs Debian's docker.io when dockerd is missing and
# starts dockerd when nothing answers. Idempotent, and quick (one `docker info`) when an engine is already up.
# It never fails the caller: when no engine can be had it says why and exits 0, and the container tests then
# skip themselves with that reason. Needs root to install or start anything.
#
#   scripts/ci-docker.sh            # ensure the engine
#   DOCKERD_LOG=/tmp/dockerd.log    # where a dockerd started here writes (default /tmp/cometmq-dockerd.log)
set -uo pipefail

log() { echo "ci-docker: $*"; }
have() { command -v "$1" >/dev/null 2>&1; }
engine_up() { have docker && timeout 10 docker info >/dev/null 2>&1; }

if engine_up; then
    log "Docker engine is up ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
    exit 0
fi

if [ "$(id -u)" != 0 ]; then
    log "no Docker engine answers and this is not root: cannot install or start one; container tests will skip"
    exit 0
fi

if ! have dockerd; then
    log "installing docker.io from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends docker.io >/dev/null; }; then
        log "could not install docker.io; container tests will skip"
        exit 0
    fi
fi

if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST}" != "unix:///var/run/docker.sock" ]; then
    log "DOCKER_HOST=${DOCKER_HOST} does not answer; not starting a local dockerd for it"
    exit 0
fi

DOCKERD_LOG="${DOCKERD_LOG:-/tmp/cometmq-dockerd.log}"
if pgrep -x dockerd >/dev/null 2>&1; then
    log "dockerd is running but not answering yet; waiting for it"
else
    log "starting dockerd (log: $DOCKERD_LOG)"
    # setsid + nohup: the engine outlives this script and the CI step that ran it
    setsid nohup dockerd >"$DOCKERD_LOG" 2>&1 </dev/null &
fi

for _ in $(seq 1 60); do
    if engine_up; then
        log "Docker engine is up ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
        exit 0
    fi
    sleep 1
done
log "dockerd did not answer within 60 s; container tests will skip. Last lines of $DOCKERD_LOG:"
tail -n 20 "$DOCKERD_LOG" 2>/dev/null | sed 's/^/  /'
exit 0
