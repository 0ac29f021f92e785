#!/usr/bin/env bash
# Builds the action's own programs (prepare, startup, state, finish) from
# the action's checkout with the runner's Go, into
# $RUNNER_TEMP/setup-emulator/action-bin, and prints dir=<that> to
# $GITHUB_OUTPUT. Every composite step runs them from there. Go's build
# cache makes the second call in a job (finish, a sub-action) near instant.
#
# usage: tools.sh <action root>   (github.action_path of the root action)
set -euo pipefail
root=${1:?usage: tools.sh <action root>}
out="${RUNNER_TEMP:?RUNNER_TEMP unset: not a GitHub Actions step}/setup-emulator/action-bin"
if ! command -v go >/dev/null 2>&1; then
  echo "::error title=setup-emulator::The action's steps are Go programs and no Go is on PATH. GitHub-hosted runners have Go; on a self-hosted runner add actions/setup-go before this step."
  exit 1
fi
mkdir -p "$out"
start=$(date +%s)
# -C: the action's own module, wherever the runner unpacked it (never the
# workspace). CGO off: static programs, no C toolchain needed.
CGO_ENABLED=0 GOFLAGS=-mod=mod go build -C "$root" -trimpath -o "$out/" ./prepare ./startup ./state ./finish
echo "Built the action's programs in $(( $(date +%s) - start ))s with $(go version)"
echo "dir=$out" >> "$GITHUB_OUTPUT"
