#!/bin/sh
# Installs the Debian packages terragon builds, tests and benchmarks with.
# This is the one list of them. Run as root (or through sudo); a package
# already installed is left alone, so a second run does nothing.
set -eu

# Libraries (found by CMake with pkg-config) and the build tools.
BUILD="build-essential cmake ninja-build pkg-config git clang \
  libgit2-dev libyaml-dev libsqlite3-dev libjansson-dev libyajl-dev \
  libpcre2-dev libvectorscan-dev libxxhash-dev libcurl4-openssl-dev \
  libssl-dev"

# Used by `make test` only.
TEST="libcmocka-dev sqlite3 python3"

want="$BUILD"
[ "${1:-}" = "--test" ] && want="$BUILD $TEST"

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    missing="$missing $p"
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
