"""A connection that ends is freed by reference counting, not left for the cycle collector."""

from __future__ import annotations

import asyncio
import gc
import urllib.request
import weakref

from tests.server.conftest import HOST, TABLES, TIMEOUT, Room
from tests.server.test_answers import answer


async def test_connections_that_end_are_freed_with_the_collector_off(server: Room) -> None:
    """Phones that leave with a close frame, phones that vanish (a locked phone) and a page load:
    with the cycle collector off, each server-side connection's protocol and transport are freed
    once it is lost, so phones coming and going pile up no garbage between full collections."""
    gc.collect()
    gc.disable()
    try:
        freed = asyncio.Event()
        alive: set[int] = set()

        def gone(ref: weakref.ref[object]) -> None:
            alive.discard(id(ref))
            if not alive:
                freed.set()

        refs = []

        def watch_new() -> None:
            """Watch each open connection's parts: its protocol and its transport (the
            connection itself never was in the cycles; these were)."""
            for connection in server.server._ws.connections:  # type: ignore[union-attr]
                for part in (connection.protocol, connection.transport):
                    if all(r() is not part for r in refs):
                        ref = weakref.ref(part, gone)
                        refs.append(ref)
                        alive.add(id(ref))

        for n in range(6):
            phone = await server.phone(1 + n % TABLES)
            await answer(phone, f"antwoord {n}")  # frames read, parsed and answered
            watch_new()
            if n % 2:
                await phone.close()
            else:
                assert phone.transport is not None
                phone.transport.abort()  # no close frame: the phone's screen locked
        url = f"http://{HOST}:{server.server.port}/"
        page = await asyncio.to_thread(lambda: urllib.request.urlopen(url, timeout=TIMEOUT).read())
        assert page.startswith(b"<!")
        assert len(refs) == 12
        async with asyncio.timeout(TIMEOUT):
            await freed.wait()
    finally:
        gc.enable()
