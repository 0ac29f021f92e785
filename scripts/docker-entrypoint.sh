#!/bin/bash
# Entrypoint of the full image, with the semantics of LocalStack's
# bin/docker-entrypoint.sh: LOCALSTACK_X overrides X (except LOCALSTACK_HOST*
# and LOCALSTACK_<digit>*), BOOT init scripts run before the server, then the
# server replaces this shell (exec) so signals reach it directly.
set -eo pipefail

while IFS='=' read -r name value; do
  case "$name" in
    LOCALSTACK_HOST*|LOCALSTACK_[0-9]*) ;;
    LOCALSTACK_?*) export "${name#LOCALSTACK_}=$value" ;;
  esac
done < <(env | grep '^LOCALSTACK_' || true)

mkdir -p /var/lib/localstack/logs

# BOOT scripts: executable *.sh files, sorted, a folder's files before its
# subfolders; a failure is logged and the rest still run.
boot=/etc/localstack/init/boot.d
if [ -d "$boot" ]; then
  while IFS= read -r script; do
    if [ -x "$script" ]; then
      "$script" || echo "init: BOOT script $script failed with exit code $?" >&2
    fi
  done < <(find "$boot" -type f -name '*.sh' | sort)
fi

if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- serve "$@"
fi
exec /usr/local/bin/emulator "$@"
