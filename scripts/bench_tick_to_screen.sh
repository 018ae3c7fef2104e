#!/usr/bin/env bash
# bench_tick_to_screen.sh — tick to screen: g6-fake-kite ticks every subscribed instrument about once a second
# (whole chains of the five indices and thirteen stocks: about 8,970 instruments, the options and the levels,
# within one Kite app's three connections of 3,000; the fake lists about 11,400 options in all);
# g6 runs in stream mode and re-prices its chain panels from the ticks at sse.tick_rate_hz; `g6 tail
# --latency` follows the live stream and reports, per chain update, how long after its ticks reached g6 the
# client had it (p50/p99/max). Also g6's CPU share over the measurement, from /proc.
#
#   scripts/bench_tick_to_screen.sh [SECONDS] [TICK_RATE_HZ]      (defaults 30 and 2; build/ must be built)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
rate="${2:-2}"
g6=build/tools/g6
fake=build/tools/fake_kite/g6-fake-kite
[[ -x $g6 && -x $fake ]] || { echo "bench: build first (cmake --build build)" >&2; exit 2; }
dir=$(mktemp -d /tmp/g6-tick-bench.XXXXXX)
cleanup() { kill "${g6_pid:-}" "${fake_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT

# Real time (1x) at 10:00 IST of a trading day: the fake ticks in real time, as Kite does.
clock="sim:2026-11-26T10:00:00+05:30@1x"
"$fake" --port 0 --clock "$clock" --api-key bench_key --api-secret bench_secret --access-token bench_token \
  --quote-rate 10 >"$dir/fake.log" 2>&1 &
fake_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$dir/fake.log" && break; sleep 0.1; done
port=$(awk '/listening on/ {print $3; exit}' "$dir/fake.log")
[[ -n $port ]] || { echo "bench: g6-fake-kite did not start:" >&2; cat "$dir/fake.log" >&2; exit 1; }

all='{"enable": true, "expiries": "all", "strikes_itm": "all", "strikes_otm": "all"}'
cat >"$dir/g6.json" <<EOF
{
  "index_params": {"NIFTY": $all, "BANKNIFTY": $all, "FINNIFTY": $all, "MIDCPNIFTY": $all, "SENSEX": $all,
                   "RELIANCE": $all, "HDFCBANK": $all, "INFY": $all, "TCS": $all, "SBIN": $all, "ICICIBANK": $all,
                   "AXISBANK": $all, "ITC": $all, "LT": $all, "BHARTIARTL": $all, "KOTAKBANK": $all,
                   "HINDUNILVR": $all, "BAJFINANCE": $all},
  "collection": {"interval_seconds": 60},
  "providers": {"primary": "kite",
                "kite": {"quotes": "stream", "ticker_url": "ws://127.0.0.1:$port/ws", "quote_rate_per_second": 10,
                         "token_file": "$dir/token.json"}},
  "sse": {"port": 0, "tick_rate_hz": $rate},
  "metrics": {"port": 0}
}
EOF
G6_KITE_BASE_URL="http://127.0.0.1:$port" KITE_API_KEY=bench_key KITE_ACCESS_TOKEN=bench_token \
  "$g6" run --config "$dir/g6.json" --clock "$clock" --force-open --data-dir "$dir/data" >"$dir/g6.log" 2>&1 &
g6_pid=$!
for _ in $(seq 600); do grep -q "cycle 1 " "$dir/g6.log" && break; sleep 0.1; done
url=$(grep -o 'sse: serving http://127.0.0.1:[0-9]*' "$dir/g6.log" | head -1 | sed 's/sse: serving //')
[[ -n $url ]] || { echo "bench: g6 did not serve:" >&2; tail -20 "$dir/g6.log" >&2; exit 1; }
sleep 5 # the ticker subscribes after the first cycle; let every connection stream

cpu_ticks() { awk '{print $14 + $15}' "/proc/$g6_pid/stat"; }
hz=$(getconf CLK_TCK)
before=$(cpu_ticks)
start=$(date +%s.%N)
"$g6" tail --url "$url" --duration "$seconds" --latency >"$dir/tail.log" 2>&1 || true
end=$(date +%s.%N)
after=$(cpu_ticks)

ticker_figure() { grep -o "\"$1\": *[0-9]*" "$dir/data/panels/providers_enveloped.json" | head -1 | grep -o '[0-9]*$' || echo "?"; }
echo "instruments subscribed: $(ticker_figure subscribed) (left to REST: $(ticker_figure left_out)); sse.tick_rate_hz: $rate; measured for $seconds s"
grep "tick to screen" "$dir/tail.log" || { echo "bench: no latency report:" >&2; tail -5 "$dir/tail.log" >&2; exit 1; }
awk -v b="$before" -v a="$after" -v s="$start" -v e="$end" -v hz="$hz" \
  'BEGIN { printf "g6 CPU: %.1f%% of one core (%.2f s of CPU in %.1f s; 2 cores)\n", 100 * (a - b) / hz / (e - s), (a - b) / hz, e - s }'
