# Sourced by load.sh and instructions.sh: the release binary, a scratch directory, the
# fixtures (the Alexa one with a fresh timestamp), and `start_server`, which boots carevoice on a
# free port of 127.0.0.1 (default logging, memory on, signature and webhook checks off)
# and stops it when the script exits.
#
# Env: CAREVOICE_BIN  the binary (default: builds target/release/carevoice)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fixtures="$root/benches/load"
bin="${CAREVOICE_BIN:-}"
if [[ -z "$bin" ]]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  bin="$root/target/release/carevoice"
fi

work="$(mktemp -d)"
server=""
cleanup() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The Alexa fixture's skill id; its timestamp is set once the server is up (Alexa
# requests older than 150 seconds are refused).
skill_id="amzn1.ask.skill.8c6f1b3e-2a4d-4f0e-9b7a-5d2c1e0f3a9b"

# Each endpoint and the fixture posted to it.
cases=("/alexa alexa-intent.json" "/v1/turn turn-intent.json"
       "/dialogflow/es dialogflow-es.json" "/dialogflow/cx dialogflow-cx.json")

# The fixture file for a case's file name.
fixture() { if [[ -f "$work/$1" ]]; then echo "$work/$1"; else echo "$fixtures/$1"; fi; }

# start_server [WRAPPER...]: runs the server under WRAPPER (taskset, valgrind), waits up to
# `wait_seconds` (default 10) until it listens, sets `server` (its PID) and `base` (its URL),
# and stamps the Alexa fixture with the time it is up.
start_server() {
  "$@" "$bin" serve --bind 127.0.0.1:0 --data-dir "$work/data" --skill-id "$skill_id" \
    --insecure-skip-signature --insecure-no-webhook-auth > "$work/stdout" 2> "$work/stderr" &
  server=$!
  for _ in $(seq $((${wait_seconds:-10} * 10))); do
    grep -q "listening on" "$work/stdout" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/stderr" >&2; exit 1; }
    sleep 0.1
  done
  base="$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/stdout")"
  [[ -n "$base" ]] || { echo "$0: the server did not start" >&2; exit 1; }
  sed "s/TIMESTAMP/$(date -u +%Y-%m-%dT%H:%M:%SZ)/" "$fixtures/alexa-intent.json" > "$work/alexa-intent.json"
}
