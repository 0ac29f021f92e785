#!/usr/bin/env bash
# Bootstrap of the action: puts its own programs (prepare, startup, state,
# finish) in $RUNNER_TEMP/setup-emulator/action-bin and prints dir=<that>
# to $GITHUB_OUTPUT. Every composite step runs them from there.
#
#   - At a released ref (v1, v1.2.3) it downloads
#     setup-emulator-action-<os>-<arch>.tar.gz from that release and checks
#     it against the release's checksums.txt: no Go needed.
#   - Otherwise, or when the download fails, it builds them from the
#     action's checkout with the runner's Go (Go's build cache makes later
#     calls in a job near instant). A checksum mismatch always fails.
#
# usage: tools.sh <action root>   (github.action_path of the root action)
# env:   ACTION_REPOSITORY, ACTION_REF (github.action_repository/_ref),
#        SETUP_EMULATOR_RELEASE_URL (default https://github.com)
set -euo pipefail
root=${1:?usage: tools.sh <action root>}
out="${RUNNER_TEMP:?RUNNER_TEMP unset: not a GitHub Actions step}/setup-emulator/action-bin"
mkdir -p "$out"
start=$(date +%s)

platform() {
  local os arch
  case "${RUNNER_OS:-$(uname -s)}" in
    Linux|linux) os=linux ;;
    macOS|Darwin) os=darwin ;;
    Windows|MINGW*|MSYS*|CYGWIN*) os=windows ;;
    *) return 1 ;;
  esac
  case "${RUNNER_ARCH:-$(uname -m)}" in
    X64|x86_64|amd64) arch=amd64 ;;
    ARM64|arm64|aarch64) arch=arm64 ;;
    *) return 1 ;;
  esac
  echo "$os-$arch"
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

# download_release returns 0 when the programs were installed, 1 when there
# is nothing usable (build instead); it exits on a checksum mismatch.
download_release() {
  local ref=${ACTION_REF:-} repo=${ACTION_REPOSITORY:-} plat asset base tmp want got abs
  # The runner unpacks `uses: owner/repo@ref` into .../_actions/owner/repo/ref:
  # the fallback when the github.action_* context is empty.
  if [ -z "$ref" ] || [ -z "$repo" ]; then
    abs=$(cd "$root" && pwd -P)
    if [[ "$abs" =~ /_actions/([^/]+)/([^/]+)/([^/]+)$ ]]; then
      repo="${BASH_REMATCH[1]}/${BASH_REMATCH[2]}" ref="${BASH_REMATCH[3]}"
    fi
  fi
  [[ "$ref" =~ ^v[0-9]+(\.[0-9]+){0,2}(-[0-9A-Za-z.-]+)?$ ]] || return 1
  [ -n "$repo" ] && command -v curl >/dev/null 2>&1 || return 1
  plat=$(platform) || return 1
  asset="setup-emulator-action-$plat.tar.gz"
  base="${SETUP_EMULATOR_RELEASE_URL:-https://github.com}"
  base="${base%/}/$repo/releases/download/$ref"
  tmp=$(mktemp -d)
  if ! curl -fsSL --retry 2 --max-time 60 -o "$tmp/checksums.txt" "$base/checksums.txt" ||
     ! curl -fsSL --retry 2 --max-time 120 -o "$tmp/$asset" "$base/$asset"; then
    echo "::notice title=setup-emulator::No prebuilt action programs for $plat at $repo@$ref; building them with Go"
    rm -rf "$tmp"; return 1
  fi
  want=$(awk -v a="$asset" '$2 == a || $2 == "*"a { print $1 }' "$tmp/checksums.txt")
  got=$(sha256 "$tmp/$asset")
  if [ -z "$want" ] || [ "$want" != "$got" ]; then
    echo "::error title=setup-emulator::checksum mismatch for $asset: got sha256 $got, checksums.txt says ${want:-nothing}"
    rm -rf "$tmp"; exit 1
  fi
  tar -xzf "$tmp/$asset" -C "$out"
  rm -rf "$tmp"
  echo "Installed the action's programs from $repo@$ref ($plat) in $(( $(date +%s) - start ))s"
}

if ! download_release; then
  if ! command -v go >/dev/null 2>&1; then
    echo "::error title=setup-emulator::The action's steps are Go programs: with no release at this ref, they are built with Go, and no Go is on PATH. Pin a released version (@v1) or add actions/setup-go before this step."
    exit 1
  fi
  # -C: the action's own module, wherever the runner unpacked it (never the
  # workspace). CGO off: static programs, no C toolchain needed.
  CGO_ENABLED=0 GOFLAGS=-mod=mod go build -C "$root" -trimpath -o "$out/" ./prepare ./startup ./state ./finish
  echo "Built the action's programs in $(( $(date +%s) - start ))s with $(go version)"
fi
echo "dir=$out" >> "$GITHUB_OUTPUT"
