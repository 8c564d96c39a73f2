#!/usr/bin/env bash
# Instructions per request, counted by callgrind: stable where timings are noisy.
#
#   benches/instructions.sh [REQUESTS]     (default 2000)
#
# Runs `carevoice serve` under `valgrind --tool=callgrind` as benches/load.sh does
# (default logging, memory on), warms each endpoint up, then counts the instructions
# of every thread of the server over REQUESTS keep-alive requests to each endpoint of
# benches/load/. User-space instructions only: the kernel's share (the sockets, the
# disk) is not counted. Stops the server it started, and nothing else.
#
# Env: CAREVOICE_BIN  the binary (default: builds target/release/carevoice)
# Needs valgrind and curl (Debian: apt-get install valgrind curl).
set -euo pipefail
shopt -s inherit_errexit

requests="${1:-2000}"
for tool in valgrind callgrind_control curl; do
  command -v "$tool" >/dev/null || { echo "instructions.sh: needs $tool (Debian: apt-get install valgrind curl)" >&2; exit 2; }
done
# shellcheck source=benches/server.sh
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"

# Start-up is slow under valgrind.
wait_seconds=120 start_server valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/callgrind.%p"

# Sends `count` requests on one keep-alive connection; fails on any error status.
post() {
  local url="$1" body="$2" count="$3"
  local urls=()
  for _ in $(seq "$count"); do urls+=("$url"); done
  curl --silent --show-error --fail --fail-early -H 'Content-Type: application/json' --data-binary "@$body" \
    "${urls[@]}" > /dev/null
}

# Sends a command to callgrind in the server; quiet unless it fails.
control() {
  local out
  out="$(callgrind_control "$@" "$server" 2>&1)" || { echo "$out" >&2; return 1; }
}

# The instructions counted so far, over every thread.
counted() {
  control --dump
  cat "$work"/callgrind.* | awk '/^totals:/ { n += $2 } END { print n + 0 }'
}

printf '%-24s %16s\n' endpoint instructions/req
for case in "${cases[@]}"; do
  read -r path file <<< "$case"
  body="$(fixture "$file")"
  post "$base$path" "$body" 50
  before="$(counted)"
  control --instr=on
  post "$base$path" "$body" "$requests"
  control --instr=off
  after="$(counted)"
  awk -v path="$path" -v n="$((after - before))" -v r="$requests" 'BEGIN { printf "%-24s %16.0f\n", path, n / r }'
done
