#!/usr/bin/env bash
# package.sh — sets everything up, builds, and makes the Debian packages g6 and g6-tools in
# $build_dir/package (default build/package), then checks them with lintian (errors fail the script).
# Install with: apt-get install ./build/package/g6_*.deb   (docs/operations.md)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build_dir=${G6_BUILD_DIR:-build}
rm -f "$build_dir"/package/*.deb
cpack --config "$build_dir/CPackConfig.cmake" -B "$build_dir/package"
for deb in "$build_dir"/package/*.deb; do
  echo "package: $deb ($(du -h "$deb" | cut -f1))"
  lintian --fail-on error "$deb"
done
