#!/usr/bin/env bash
# demo.sh — sets everything up, then runs the daemon on the synthetic market with embedded SQLite: a
# simulated trading day at 60x (one cycle per real second), whatever the hour. Ctrl-C stops it cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
start="$(TZ=Asia/Kolkata date +%Y-%m-%d)T09:15:00+05:30"
port="${G6_SSE_PORT:-9320}"
echo "demo: open http://127.0.0.1:${port}/ in a browser for the live option chain, smile, OI and history"
echo "demo: (the same port serves /events; the log line 'sse: serving ...' confirms it is listening)"
exec build/tools/g6 run --provider synthetic --clock "sim:${start}@60x" --data-dir ./data "$@"
