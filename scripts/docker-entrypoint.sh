#!/bin/bash
# Entrypoint of the full image, with the semantics of LocalStack's
# bin/docker-entrypoint.sh: LOCALSTACK_X overrides X (except LOCALSTACK_HOST*
# and LOCALSTACK_<digit>*), then the server replaces this shell (exec) so
# signals reach it directly.
set -eo pipefail

while IFS='=' read -r name value; do
  case "$name" in
    LOCALSTACK_HOST*|LOCALSTACK_[0-9]*) ;;
    LOCALSTACK_?*) export "${name#LOCALSTACK_}=$value" ;;
  esac
done < <(env | grep '^LOCALSTACK_' || true)

mkdir -p /var/lib/localstack/logs

# BOOT scripts (boot.d) are run by the emulator itself before it serves, in
# the same order LocalStack's entrypoint uses, so they run once here too.

if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- serve "$@"
fi
exec /usr/local/bin/emulator "$@"
