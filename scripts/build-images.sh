#!/usr/bin/env bash
# Builds the CometMQ container images from the fat jars that `mvn package` leaves in */target/:
#   cometmq/nameserver, cometmq/broker, cometmq/operator, each tagged :dev and :<version>, and on request
#   cometmq/e2e-client (the in-cluster client of the end-to-end test, e2e-tests/; not built by default).
# By default they start FROM the local JRE base that scripts/build-base-image.sh makes from Debian packages
# (no registry needed); BASE_IMAGE=eclipse-temurin:17-jre uses the public image instead (needs a registry).
# Layers are reused: the base is built once and kept by tag, the user and entrypoint layers are cached, and
# only the last layer (the jar) changes when the code does.
#
#   scripts/build-images.sh                     # all three
#   scripts/build-images.sh nameserver broker   # some
#   scripts/build-images.sh nameserver broker operator e2e-client   # what the e2e test needs in the cluster
#   TAGS="dev 0.1.0" BASE_IMAGE=... scripts/build-images.sh
#
# Exit codes: 0 built, 1 a build failed, 3 no Docker engine or the base image cannot be built (callers skip).
set -euo pipefail
cd "$(dirname "$0")/.."

LOCAL_BASE="cometmq/jre17-base:bookworm"
BASE_IMAGE="${BASE_IMAGE:-$LOCAL_BASE}"
VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"
TAGS="${TAGS:-dev ${VERSION%-SNAPSHOT}}"
images=("$@")
[ ${#images[@]} -gt 0 ] || images=(nameserver broker operator)

log() { echo "build-images: $*" >&2; }

docker info >/dev/null 2>&1 || { log "no Docker engine answers (scripts/ci-docker.sh starts one)"; exit 3; }

if [ "$BASE_IMAGE" = "$LOCAL_BASE" ]; then
    BASE_IMAGE="$LOCAL_BASE" scripts/build-base-image.sh || { log "the local base image cannot be built"; exit 3; }
fi

for image in "${images[@]}"; do
    case "$image" in
        nameserver) dir=nameserver-image; jar=cometmq-nameserver.jar ;;
        broker) dir=broker-image; jar=cometmq-broker.jar ;;
        operator) dir=operator; jar=cometmq-operator.jar ;;
        e2e-client) dir=e2e-tests; jar=cometmq-e2e-client.jar ;;
        *) log "unknown image '$image' (nameserver, broker, operator, e2e-client)"; exit 1 ;;
    esac
    [ -s "$dir/target/$jar" ] || { log "$dir/target/$jar is missing: run mvn package first"; exit 1; }
    lib="$dir/target/docker/cometmq-entrypoint-lib.sh"   # copied there by mvn package (not for e2e-client)
    [ "$image" = e2e-client ] || [ -s "$lib" ] || { log "$lib is missing: run mvn package first"; exit 1; }
    tag_args=()
    for tag in $TAGS; do tag_args+=(-t "cometmq/$image:$tag"); done
    start=$(date +%s)
    # the legacy builder: present in every Docker engine, and it honours .dockerignore the same way
    if ! out="$(DOCKER_BUILDKIT=0 docker build --build-arg "BASE_IMAGE=$BASE_IMAGE" "${tag_args[@]}" "$dir" 2>&1)"; then
        echo "$out" >&2
        log "docker build of $dir failed"
        exit 1
    fi
    log "cometmq/$image:{${TAGS// /,}} built from $BASE_IMAGE in $(( $(date +%s) - start )) s"
done
# the previous builds' images, untagged now: only ours (by label), and only dangling ones
docker image prune -f --filter "label=io.cometmq.image" >/dev/null 2>&1 || true
