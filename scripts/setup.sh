#!/usr/bin/env bash
# setup.sh — installs the Debian 12 packages g6 needs (skipping apt when all are present) and builds
# g6 into ./build. Run as root on a fresh machine; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake g++ make ccache
  libcaf-dev libspdlog-dev libfmt-dev libcli11-dev nlohmann-json3-dev libvalijson-dev
  libsqlite3-dev sqlite3 libboost-test-dev libboost-dev libquantlib0-dev
  prometheus-cpp-dev prometheus libssl-dev libedit-dev
  libsimdjson-dev libcurl4-openssl-dev clang libclang-rt-14-dev clang-format
  libmsgpack-cxx-dev influxdb curl zlib1g-dev
  libjs-chart.js chromium nodejs
  libsystemd-dev pkg-config lintian dpkg-dev fakeroot systemd help2man file
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The browser test's npm: Debian's package, unless the installed nodejs brings its own.
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#packages[@]} Debian packages present"
fi

build_dir=${G6_BUILD_DIR:-build}
# The browser test's driver: playwright-core from the npm registry into $build_dir/npm (the version
# tests/web/package.json pins). It drives Debian's chromium; no browser is downloaded.
playwright_version=$(sed -n 's/.*"playwright-core": *"\([^"]*\)".*/\1/p' tests/web/package.json)
playwright_pkg="$build_dir/npm/node_modules/playwright-core/package.json"
have_version=$( [[ -f $playwright_pkg ]] && sed -n 's/^  "version": *"\([^"]*\)".*/\1/p' "$playwright_pkg" || true)
if [[ $have_version == "$playwright_version" ]]; then
  echo "setup: playwright-core $playwright_version present in $build_dir/npm"
elif command -v npm >/dev/null; then
  echo "setup: installing playwright-core $playwright_version into $build_dir/npm"
  mkdir -p "$build_dir/npm"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$build_dir/npm" --no-audit --no-fund \
    "playwright-core@$playwright_version"
else
  echo "setup: no npm; g6_web_browser_test stays unregistered"
fi

# ccache: paths relative to the checkout and no working directory in the hash, so any clone of the
# repository on this machine reuses objects compiled from identical sources.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${G6_CMAKE_ARGS:-}
cmake --build "$build_dir" -j2
