#!/usr/bin/env bash
# Runs every fuzz target (coverage-guided, libFuzzer through cargo fuzz) for SECONDS each
# (default 10), starting from its seeds, and prints how many inputs each ran and the
# coverage reached. Stops at the first crash: the input is left in fuzz/artifacts/TARGET/.
# Needs the nightly toolchain and cargo-fuzz (cargo install --locked cargo-fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}

seeds() {
  case $1 in
    alexa_envelope) echo tests/fixtures/alexa ;;
    *) echo "fuzz/seeds/$1" ;;
  esac
}

# No sanitizer: the crate forbids unsafe code, so coverage and panics are what count.
fuzz=(cargo +nightly fuzz)
flags=(-O --sanitizer none)
"${fuzz[@]}" build "${flags[@]}"
for target in $("${fuzz[@]}" list); do
  mkdir -p "fuzz/corpus/$target"
  log=$(mktemp)
  if ! "${fuzz[@]}" run "${flags[@]}" "$target" "fuzz/corpus/$target" "$(seeds "$target")" \
    -- -max_total_time="$seconds" -rss_limit_mb=2048 >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz target $target crashed: the input is in fuzz/artifacts/$target/"
    exit 1
  fi
  summary=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 | sed -E 's/^#([0-9]+)[[:space:]]+DONE[[:space:]]+/\1 runs, /')
  echo "$target: $summary"
  rm -f "$log"
done
