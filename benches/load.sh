#!/usr/bin/env bash
# Load benchmark: the release binary under wrk, one endpoint at a time, on 127.0.0.1.
#
#   benches/load.sh [SECONDS] [CONNECTIONS]     (defaults: 10 s, 64 connections)
#
# Boots `carevoice serve` on a free port with its default logging and memory on (a
# fresh data directory), with signature and webhook checks off as for local testing,
# then POSTs each fixture of benches/load/ to its endpoint with wrk: the Alexa
# IntentRequest with a user id and a session, a resolved intent on the simulated API,
# and a Dialogflow ES and CX turn. With two or more CPUs the server runs on CPU 1 and
# wrk on CPU 0. Prints req/s, latency, the server's CPU time per request and its RSS;
# fails if any request fails. Stops the server it started, and nothing else.
#
# Env: CAREVOICE_BIN  the binary (default: builds target/release/carevoice)
# Needs wrk (Debian: apt-get install wrk).
set -euo pipefail

secs="${1:-10}"
conns="${2:-64}"
command -v wrk >/dev/null || { echo "load.sh: needs wrk (Debian: apt-get install wrk)" >&2; exit 2; }
# shellcheck source=benches/server.sh
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"

server_pin=() load_pin=()
if command -v taskset >/dev/null && [[ "$(nproc)" -ge 2 ]]; then
  server_pin=(taskset -c 1) load_pin=(taskset -c 0)
fi
start_server "${server_pin[@]}"

cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = io.open(os.getenv("BODY")):read("*a")
LUA

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
hz="$(getconf CLK_TCK)"
failed=0
printf '%-24s %10s %9s %9s %11s %9s %7s\n' endpoint req/s "p50 ms" "p99 ms" "CPU us/req" "RSS MiB" errors
for case in "${cases[@]}"; do
  read -r path file <<< "$case"
  body="$(fixture "$file")"
  # A short warm-up, then the measured run.
  BODY="$body" "${load_pin[@]}" wrk -t1 -c"$conns" -d1s -s "$work/post.lua" "$base$path" > /dev/null
  before="$(cpu_ticks)"
  out="$(BODY="$body" "${load_pin[@]}" wrk -t1 -c"$conns" -d"${secs}s" --latency -s "$work/post.lua" "$base$path")"
  after="$(cpu_ticks)"
  requests="$(awk '/requests in/ { print $1 }' <<< "$out")"
  per_second="$(awk '/^Requests\/sec:/ { print $2 }' <<< "$out")"
  errors="$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<< "$out")"
  latency() { awk -v q="$1" '$1 == q { v = $2; if (v ~ /us$/) v = v / 1000; else if (v ~ /ms$/) v = v + 0; else if (v ~ /s$/) v = v * 1000; print v }' <<< "$out"; }
  rss="$(awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$server/status")"
  awk -v path="$path" -v n="$requests" -v rate="$per_second" -v p50="$(latency 50%)" -v p99="$(latency 99%)" \
      -v ticks="$((after - before))" -v hz="$hz" -v rss="$rss" -v errors="$errors" 'BEGIN {
    printf "%-24s %10.0f %9.3f %9.3f %11.2f %9s %7d\n", path, rate, p50, p99, ticks / hz * 1e6 / n, rss, errors }'
  [[ "$errors" -eq 0 && "$requests" -gt 0 ]] || failed=1
done
[[ "$failed" -eq 0 ]] || { echo "load.sh: some requests failed" >&2; exit 1; }
