"""Speaks to a Wyoming conversation agent with the `wyoming` package's own client, as
Home Assistant does: one connection per turn, a `transcript` with the conversation id and
the device in its context, then events read until `handled` or `not-handled`.

Reads one JSON object per line on standard input, and writes one per line on standard
output:
  {"describe": true}                  -> {"type": "info", "info": <Info, as the package reads it>}
  {"text": ..., "language": ..., "conversation_id": ..., "device_id": ..., "satellite_id": ...}
                                      -> {"type": "handled" | "not-handled", "text": ...}
Usage: python converse.py tcp://127.0.0.1:PORT < turns.jsonl
"""

import asyncio
import json
import sys

from wyoming.asr import Transcript
from wyoming.client import AsyncClient
from wyoming.handle import Handled, NotHandled
from wyoming.info import Describe, Info


async def read_until(client: AsyncClient, *kinds):
    """Reads events until one of `kinds` (classes of the package's events) arrives, and
    returns it as that class."""
    while True:
        event = await client.read_event()
        if event is None:
            raise RuntimeError(f"the connection closed before {' or '.join(kind.__name__ for kind in kinds)}")
        for kind in kinds:
            if kind.is_type(event.type):
                return kind.from_event(event)


async def describe(uri: str) -> dict:
    async with AsyncClient.from_uri(uri, read_timeout=10) as client:
        await client.write_event(Describe().event())
        info = await read_until(client, Info)
        return {"type": "info", "info": info.event().data}


async def transcript(uri: str, turn: dict) -> dict:
    context = {"conversation_id": turn["conversation_id"]}
    for key in ("device_id", "satellite_id"):
        if turn.get(key):
            context[key] = turn[key]
    async with AsyncClient.from_uri(uri, read_timeout=10) as client:
        await client.write_event(
            Transcript(turn["text"], context=context, language=turn.get("language")).event()
        )
        answer = await read_until(client, Handled, NotHandled)
        return {"type": "handled" if isinstance(answer, Handled) else "not-handled", "text": answer.text}


async def main(uri: str) -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        turn = json.loads(line)
        reply = await describe(uri) if turn.get("describe") else await transcript(uri, turn)
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
