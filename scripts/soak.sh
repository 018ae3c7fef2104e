#!/usr/bin/env bash
# soak.sh — a simulated trading week of the real g6 daemon with every sink on (SQLite, capture journal, CSV
# tree, InfluxDB via a local influxd, live stream, metrics), sampling its resident memory, open files and
# data sizes about once a simulated hour. Prints the samples as a table, then growth figures: memory and
# open files must stay flat from the first day to the last; storage grows with the data alone.
#
#   scripts/soak.sh [--days N] [--speed N] [--out DIR]     (defaults: 5 days (1-5) at 600x, a temp dir)
#
# Needs a built g6 (scripts/setup.sh) and the Debian package influxdb; nothing leaves the loopback.
set -euo pipefail
cd "$(dirname "$0")/.."

days=5 speed=600 out=""
while (($#)); do
  case $1 in
    --days) days=$2; shift 2 ;;
    --speed) speed=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "soak.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
((days >= 1 && days <= 5)) || { echo "soak.sh: --days is 1 to 5 (Monday to Friday of one week)" >&2; exit 2; }
g6=${G6_BIN:-${G6_BUILD_DIR:-build}/tools/g6}
[[ -x $g6 ]] || { echo "soak.sh: no g6 binary at $g6 (run scripts/setup.sh)" >&2; exit 2; }
out=${out:-$(mktemp -d /tmp/g6-soak.XXXXXX)}
mkdir -p "$out"
data=$out/data
echo "soak: $days trading days at ${speed}x into $out"

free_port() { # a port nothing listens on, from the kernel
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && { echo "$p"; return; }
  done
}

# InfluxDB 1.x on loopback, its files under the soak directory.
influx_port=$(free_port) influx_rpc=$(free_port)
mkdir -p "$out/influx"
cat >"$out/influx/influxdb.conf" <<EOF
reporting-disabled = true
bind-address = "127.0.0.1:$influx_rpc"
[meta]
  dir = "$out/influx/meta"
[data]
  dir = "$out/influx/data"
  wal-dir = "$out/influx/wal"
  query-log-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:$influx_port"
  log-enabled = false
[monitor]
  store-enabled = false
EOF
influxd run -config "$out/influx/influxdb.conf" >"$out/influx/influxd.log" 2>&1 &
influx_pid=$!
g6_pid=""
cleanup() {
  [[ -n $g6_pid ]] && kill "$g6_pid" 2>/dev/null || true
  kill "$influx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$influx_port/ping" >/dev/null && break
  sleep 0.2
done
curl -sf -XPOST "http://127.0.0.1:$influx_port/query" --data-urlencode "q=CREATE DATABASE g6" >/dev/null

# The week of Monday 2026-11-23 (Tuesday the 24th is an NSE holiday); the simulated clock skips the closed
# hours between days. g6 is stopped (SIGTERM) once its cycles pass the last day's close; a slow machine
# runs fewer than 375 cycles a day, never fewer days.
last_day=$(printf '2026-11-%02dT15:30' $((22 + days)))
metrics_port=$(free_port) sse_port=$(free_port)
G6_CSV_BASE_DIR=$data/csv G6_INFLUX_URL=http://127.0.0.1:$influx_port G6_INFLUX_DB=g6 \
G6_METRICS_PORT=$metrics_port G6_SSE_PORT=$sse_port \
  "$g6" run --provider synthetic --clock "sim:2026-11-23T09:15:00+05:30@${speed}x" \
  --data-dir "$data" >"$out/g6.log" 2>&1 &
g6_pid=$!

# One sample about every simulated hour: 3,600 / speed seconds of real time.
interval=$(awk -v s="$speed" 'BEGIN { printf "%.2f", 3600 / s }')
samples=$out/samples.tsv
# fds: open descriptors; csv_fds of them: the CSV sink's files of the day (one per index, bucket and strike
# offset, closed when the day changes), so the rest must stay flat.
printf 'wall_s\tsim_time\tcycles\trss_kib\tfds\tcsv_fds\tsqlite_bytes\tjournal_bytes\tcsv_bytes\n' >"$samples"
start=$(date +%s)
dir_bytes() { du -sb "$1" 2>/dev/null | cut -f1 || echo 0; }
while kill -0 "$g6_pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$g6_pid/status" 2>/dev/null || echo 0)
  fds=$(ls "/proc/$g6_pid/fd" 2>/dev/null | wc -l)
  csv_fds=$({ ls -l "/proc/$g6_pid/fd" 2>/dev/null || true; } | grep -c -- "-> $data/csv/" || true)
  sim=$({ grep -o 'committed [0-9]* rows @[^ ]*' "$out/g6.log" || true; } | tail -1 | sed 's/.*@//')
  done_cycles=$(grep -c ' NIFTY  *cycle .* committed' "$out/g6.log" || true)
  sqlite=$(( $(stat -c %s "$data/g6.sqlite" 2>/dev/null || echo 0) + $(stat -c %s "$data/g6.sqlite-wal" 2>/dev/null || echo 0) ))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(( $(date +%s) - start ))" "${sim:--}" "$done_cycles" "${rss:-0}" \
    "$fds" "$csv_fds" "$sqlite" "$(dir_bytes "$data/journal")" "$(dir_bytes "$data/csv")" >>"$samples"
  [[ -n $sim && ! $sim < $last_day ]] && kill -TERM "$g6_pid" 2>/dev/null
  sleep "$interval"
done
set +e
wait "$g6_pid"
code=$?
set -e
g6_pid=""
column -t "$samples"
echo "g6 exit code: $code (log: $out/g6.log)"

# Growth: compare the samples at the end of the first trading day with the last ones.
awk -F'\t' -v days="$days" '
  NR == 1 || $2 == "-" { next }
  { n++; rss[n] = $4; fds[n] = $5 - $6; db[n] = $7; cyc[n] = $3; day[n] = substr($2, 1, 10) }
  END {
    if (n < 4) { print "soak: too few samples"; exit 1 }
    first = 0
    for (i = 2; i <= n; i++) if (day[i] != day[1]) { first = i; break }
    if (!first) first = int(n / 2)
    rss_max = 0; fds_min = 1e9; fds_max = 0
    for (i = first; i <= n; i++) {
      if (rss[i] > rss_max) rss_max = rss[i]
      if (fds[i] < fds_min) fds_min = fds[i]
      if (fds[i] > fds_max) fds_max = fds[i]
    }
    printf "RSS after day 1: %d KiB; max after: %d KiB; last: %d KiB (%+.1f%% from day 1)\n", rss[first], rss_max, rss[n], 100 * (rss[n] - rss[first]) / rss[first]
    printf "open files besides the CSV files of the day, after day 1: %d to %d\n", fds_min, fds_max
    if (cyc[n] > cyc[first])
      printf "SQLite: %.0f bytes per NIFTY cycle after day 1 (%d bytes at day 1, %d at the end)\n", (db[n] - db[first]) / (cyc[n] - cyc[first]), db[first], db[n]
  }' "$samples"
sqlite3 "$data/g6.sqlite" "SELECT 'rows: ' || count(*) || ' option quotes, ' || count(DISTINCT ts_ms) || ' cycle instants' FROM option_quotes"
influx_points=$(curl -sf -G "http://127.0.0.1:$influx_port/query" --data-urlencode db=g6 \
  --data-urlencode "q=SELECT count(*) FROM g6_cycle" | grep -o '"values":\[\[[^]]*\]' | head -1)
echo "InfluxDB g6_cycle: ${influx_points:-none}"
exit "$code"
