#!/usr/bin/env bash
# test.sh — sets everything up, builds, and runs the whole test suite with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --test-dir "${G6_BUILD_DIR:-build}" --output-on-failure -j2 --timeout 900
