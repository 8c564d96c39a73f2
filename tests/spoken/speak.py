"""The spoken held-out test's driver: each line of the held-out sets is spoken by espeak-ng,
recognised by a Wyoming speech-to-text server (wyoming-faster-whisper, as Home Assistant
runs it), and the words it heard are sent to carevoice over Wyoming, as Home Assistant's
Assist pipeline does: speech to text, then the conversation agent.

Writes, in OUT: `heard.<locale>.tsv` (each line's label and what was recognised, for
`carevoice eval`), `lines.jsonl` (every rendition: what was said, heard and answered, and
the time each step took) and prints the word error rate.

Usage: python speak.py --asr tcp://HOST:PORT --agent tcp://HOST:PORT --out DIR
                       [--sample N | --smoke N] [--all-renditions] FILE.tsv...
With --smoke N, only the first N lines of each file are spoken, and it fails unless every
one is heard and handled: a check that the whole pipeline runs, with no bars.
"""

import argparse
import asyncio
import json
import random
import re
import subprocess
import sys
import time
import wave
from io import BytesIO
from pathlib import Path

from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncClient

# The conversation half is Home Assistant's, as tests/wyoming/converse.py plays it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "wyoming"))
from converse import read_until, transcript  # noqa: E402

# The labels whose every line is spoken, even in a sample: the safety lines.
SAFETY = {"emergency", "crisis", "first-aid", "disclosure", "wrong-dose"}
# espeak-ng's voices for each locale: a male and a female voice of that English.
VOICES = {
    "en-US": ("en-us", "en-us+f3"),
    "en-CA": ("en-us", "en-us+f3"),
    "en-GB": ("en-gb", "en-gb+f3"),
    "en-AU": ("en-gb", "en-gb+f3"),
    "en-IN": ("en-gb", "en-gb+f3"),
}
# Words a minute: espeak-ng's normal rate, and its slowest.
NORMAL, SLOWEST = 175, 80
SAMPLES_PER_CHUNK = 1024


def renditions(locale: str, every: bool):
    """Each line is spoken by one voice at the normal rate and the other at the slowest;
    with `every`, by both voices at both rates."""
    first, second = VOICES[locale]
    if every:
        return [(first, NORMAL), (first, SLOWEST), (second, NORMAL), (second, SLOWEST)]
    return [(first, NORMAL), (second, SLOWEST)]


def read_lines(path: Path):
    locale = path.name.split(".")[-2]
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, text = line.split("\t", 1)
        yield locale, label, text


def speak(text: str, voice: str, rate: int) -> wave.Wave_read:
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(rate), "--stdout", text], capture_output=True, check=True
    ).stdout
    return wave.open(BytesIO(wav), "rb")


async def recognise(uri: str, audio: wave.Wave_read) -> str:
    rate, width, channels = audio.getframerate(), audio.getsampwidth(), audio.getnchannels()
    async with AsyncClient.from_uri(uri, read_timeout=120) as client:
        await client.write_event(Transcribe(language="en").event())
        await client.write_event(AudioStart(rate=rate, width=width, channels=channels).event())
        while frames := audio.readframes(SAMPLES_PER_CHUNK):
            await client.write_event(AudioChunk(rate=rate, width=width, channels=channels, audio=frames).event())
        await client.write_event(AudioStop().event())
        return (await read_until(client, Transcript)).text


def words(text: str) -> list:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("-", " ")).split()


def edit_distance(said: list, heard: list) -> int:
    row = list(range(len(heard) + 1))
    for i, word in enumerate(said, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(heard, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != other))
    return row[-1]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--asr", required=True)
    parser.add_argument("--agent", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--sample", type=int, default=0, help="speak every safety line and N others (0: all)")
    parser.add_argument("--smoke", type=int, default=0, help="speak the first N lines of each file; fail unless all are handled")
    parser.add_argument("--all-renditions", action="store_true")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    lines = [line for path in args.files for line in list(read_lines(path))[: args.smoke or None]]
    if args.sample:
        others = [line for line in lines if line[1] not in SAFETY]
        chosen = set(random.Random(20261206).sample(range(len(others)), min(args.sample, len(others))))
        lines = [line for line in lines if line[1] in SAFETY] + [o for i, o in enumerate(others) if i in chosen]
    args.out.mkdir(parents=True, exist_ok=True)
    heard_files, errors, said_words, timings, failures = {}, 0, 0, [], 0
    with open(args.out / "lines.jsonl", "w", encoding="utf-8") as record:
        for number, (locale, label, text) in enumerate(lines):
            for voice, rate in renditions(locale, args.all_renditions):
                started = time.monotonic()
                heard = await recognise(args.asr, speak(text, voice, rate))
                recognised = time.monotonic()
                turn = {"text": heard, "language": locale, "conversation_id": f"spoken-{number}-{voice}-{rate}"}
                reply = await transcript(args.agent, turn)
                answered = time.monotonic()
                if locale not in heard_files:
                    heard_files[locale] = open(args.out / f"heard.{locale}.tsv", "w", encoding="utf-8")
                spoken = " ".join(heard.split()) or "(nothing heard)"
                heard_files[locale].write(f"{label}\t{spoken}\n")
                distance = edit_distance(words(text), words(heard))
                errors, said_words = errors + distance, said_words + len(words(text))
                timings.append(answered - started)
                line = {
                    "locale": locale, "label": label, "said": text, "voice": voice, "rate": rate,
                    "heard": heard, "word_errors": distance, "reply": reply["type"],
                    "recognise_s": round(recognised - started, 3), "answer_s": round(answered - recognised, 3),
                }
                record.write(json.dumps(line) + "\n")
                if reply["type"] != "handled" or not reply["text"] or not heard.strip():
                    print(f"not heard or not handled: {line}", file=sys.stderr)
                    failures += 1
    for file in heard_files.values():
        file.close()
    timings.sort()
    print(f"spoken lines: {len(lines)} lines, {len(timings)} renditions")
    print(f"word error rate: {100 * errors / max(said_words, 1):.1f}% ({errors} of {said_words} words)")
    print(f"time per spoken line (synthesis, recognition, answer): median {timings[len(timings) // 2]:.2f} s, "
          f"slowest {timings[-1]:.2f} s")
    if args.smoke and failures:
        sys.exit(f"{failures} renditions were not heard or not handled")


if __name__ == "__main__":
    asyncio.run(main())
