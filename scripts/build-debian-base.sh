#!/bin/sh
# Build a Debian base image for the full target without a container
# registry: debootstrap a minimal bookworm (bash, curl, CA certificates, the
# AWS CLI) from Debian's package mirror and `docker import` it.
# Usage: scripts/build-debian-base.sh [TAG]   (default setup-emulator-base:bookworm)
# Needs root and debootstrap (apt-get install debootstrap); exits 3 with a
# message when either is missing, so callers can skip the full image.
set -eu
TAG=${1:-setup-emulator-base:bookworm}
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}

if ! command -v debootstrap >/dev/null 2>&1; then
  echo "build-debian-base: debootstrap not installed (apt-get install debootstrap); skipping the full image base" >&2
  exit 3
fi
if [ "$(id -u)" != 0 ]; then
  echo "build-debian-base: debootstrap needs root; skipping the full image base" >&2
  exit 3
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
debootstrap --variant=minbase --include=bash,curl,ca-certificates \
  "$SUITE" "$dir" "$MIRROR"
# The AWS CLI's Python dependencies do not configure inside debootstrap's
# second stage; apt in the finished chroot installs them fine.
cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
mount -t proc proc "$dir/proc"
trap 'umount "$dir/proc" 2>/dev/null || true; rm -rf "$dir"' EXIT
chroot "$dir" sh -ec 'export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends awscli >/dev/null
  apt-get clean
  rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /usr/share/doc/* /usr/share/man/*'
umount "$dir/proc"
tar -C "$dir" -c . | docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'CMD ["bash"]' - "$TAG"
echo "built $TAG"
