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
  libsimdjson-dev libcurl4-openssl-dev clang libclang-rt-14-dev
  libmsgpack-cxx-dev influxdb curl zlib1g-dev
  libjs-chart.js chromium nodejs
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
# ccache: paths relative to the checkout and no working directory in the hash, so any clone of the
# repository on this machine reuses objects compiled from identical sources.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${G6_CMAKE_ARGS:-}
cmake --build "$build_dir" -j2
