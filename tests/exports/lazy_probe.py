"""Run in a fresh interpreter by test_lazy_imports.py: which export libraries a server has loaded.

    python -m tests.exports.lazy_probe DATA_DIR

Imports what `dialoog serve` and `dialoog start` import (the command line, the kiosk), starts
the server as they do (`start_server` with the parsed command line), lets a phone answer, and
prints the export libraries in sys.modules as a JSON line; then the leader ends the session
(the server writes the exports) and it prints them again.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from websockets.asyncio.client import connect

import dialoogtafel.cli.start
import dialoogtafel.kiosk.app  # noqa: F401 (what `dialoog start` runs)
from dialoogtafel.cli.main import build_parser
from dialoogtafel.cli.serve import start_server
from dialoogtafel.server.protocol import control, encode, hello, new_id

LIBRARIES = ("docx", "lxml", "PIL", "matplotlib")


def loaded() -> list[str]:
    """The export libraries imported so far."""
    return [name for name in LIBRARIES if name in sys.modules]


async def until(ws: object, kind: str, **fields: object) -> dict[str, object]:
    """The next message of this type (and fields); fails after 10 s."""
    async with asyncio.timeout(10):
        async for raw in ws:  # type: ignore[attr-defined]
            msg = json.loads(raw)
            if msg["type"] == kind and all(msg.get(k) == v for k, v in fields.items()):
                return msg  # type: ignore[no-any-return]
    raise AssertionError(f"closed before {kind}")


async def main(data: Path) -> None:
    """Serve, answer, report; end, report."""
    args = build_parser().parse_args(["serve", "--port", "0", "--data", str(data)])
    running = await start_server(args, "127.0.0.1")
    server, live = running.server, running.live
    url = f"ws://127.0.0.1:{server.port}/ws"
    try:
        async with connect(url, proxy=None) as phone, connect(url, proxy=None) as leader:
            await phone.send(encode(hello(live.code, "participant", device="d" * 32, table=1)))
            await until(phone, "welcome")
            cid = new_id()
            answer = {"type": "answer", "id": cid, "question": "q1", "text": "Meer tijd"}
            await phone.send(json.dumps(answer))
            await until(phone, "ack", id=cid)
            sys.stdout.write(json.dumps({"running": loaded()}) + "\n")
            await leader.send(encode(hello(live.code, "leader", token=live.store.tokens.leader)))
            await until(leader, "welcome")
            end = control("end")
            await leader.send(encode(end))
            await until(leader, "ack", id=end["id"])
            sys.stdout.write(json.dumps({"ended": loaded()}) + "\n")
    finally:
        await server.close()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
