#!/usr/bin/env bash
# Builds the local JRE 17 base image that the CometMQ Dockerfiles can start FROM (--build-arg BASE_IMAGE=...)
# without any container registry: a minimal Debian bookworm made with debootstrap from the apt mirror, plus
# openjdk-17-jre-headless, imported with `docker import`. Built once and then reused: when the tag already
# exists the script does nothing (FORCE=1 rebuilds).
#
#   scripts/build-base-image.sh                 # -> cometmq/jre17-base:bookworm
#   BASE_IMAGE=my/base:tag scripts/build-base-image.sh
#   SAVE_TAR=target/base.tar scripts/build-base-image.sh   # also `docker save` it (e.g. for jib's tar:// base)
#
# Needs root (debootstrap chroots) and a running Docker engine (scripts/ci-docker.sh). Takes ~2-4 minutes
# the first time, most of it downloading ~90 MB of packages. Exit codes: 0 built or present, 3 cannot build.
set -euo pipefail

BASE_IMAGE="${BASE_IMAGE:-cometmq/jre17-base:bookworm}"
SUITE="${SUITE:-bookworm}"
MIRROR="${MIRROR:-}"
FORCE="${FORCE:-0}"

log() { echo "build-base-image: $*" >&2; }
fail() { log "$*"; exit 3; }

command -v docker >/dev/null 2>&1 || fail "no docker client"
docker info >/dev/null 2>&1 || fail "no Docker engine answers (run scripts/ci-docker.sh)"

save_tar() {
    if [ -n "${SAVE_TAR:-}" ] && [ ! -s "$SAVE_TAR" ]; then
        mkdir -p "$(dirname "$SAVE_TAR")"
        docker save -o "$SAVE_TAR" "$BASE_IMAGE"
        log "saved $BASE_IMAGE to $SAVE_TAR"
    fi
}

if [ "$FORCE" != 1 ] && docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    log "$BASE_IMAGE already present"
    save_tar
    exit 0
fi

[ "$(id -u)" = 0 ] || fail "debootstrap needs root"
if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; } \
        || fail "cannot install debootstrap"
fi

# The host's own Debian mirror, so that whatever apt reaches here is what debootstrap uses.
if [ -z "$MIRROR" ]; then
    MIRROR="$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?' /etc/apt/sources.list /etc/apt/sources.list.d/* \
        2>/dev/null | grep -oE 'https?://[^ ]+' | head -n 1 || true)"
    MIRROR="${MIRROR:-http://deb.debian.org/debian}"
fi

work="$(mktemp -d /tmp/cometmq-base.XXXXXX)"
rootfs="$work/rootfs"
cleanup() {
    # debootstrap mounts proc/sys inside the chroot; never leave them behind
    for m in proc sys dev/pts dev; do umount -l "$rootfs/$m" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

start=$(date +%s)
log "debootstrap --variant=minbase $SUITE from $MIRROR (with openjdk-17-jre-headless)"
# ca-certificates-java's configure step needs a working java; debootstrap installs in dependency order.
if ! debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
        "$SUITE" "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    fail "debootstrap failed"
fi

# Slim the tree: apt lists and caches, docs, man pages, locales other than C are not needed at run time.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
       "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
       "$rootfs"/var/log/*.log "$rootfs"/var/cache/debconf/*-old
"$rootfs/usr/lib/jvm/java-17-openjdk-amd64/bin/java" -version >/dev/null 2>&1 \
    || chroot "$rootfs" /usr/bin/java -version >/dev/null 2>&1 \
    || fail "java does not run in the new root file system"

log "importing into Docker as $BASE_IMAGE"
# proc, sys and dev stay empty: the container runtime provides them
tar -C "$rootfs" --numeric-owner --one-file-system --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -c . \
    | docker import \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'ENV PATH=/usr/lib/jvm/java-17-openjdk-amd64/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    --message "CometMQ JRE 17 base: debootstrap $SUITE minbase + openjdk-17-jre-headless" \
    - "$BASE_IMAGE" >/dev/null
version="$(docker run --rm "$BASE_IMAGE" java -version 2>&1)" || fail "java does not run in $BASE_IMAGE: $version"
log "${version%%$'\n'*}"
size="$(docker image inspect -f '{{.Size}}' "$BASE_IMAGE")"
log "built $BASE_IMAGE in $(( $(date +%s) - start )) s ($(( size / 1000000 )) MB)"
save_tar
