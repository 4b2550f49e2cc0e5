"""A burst of answers never blocks the keys: messages are applied and drawn in batches."""

from __future__ import annotations

import asyncio
import time

from dialoogtafel.kiosk.messages import ServerMessage
from dialoogtafel.kiosk.screens.wall import WallScreen
from tests.kiosk.conftest import Kiosk
from tests.kiosk.roomdata import Room, until

ANSWERS = 1000
TABLES = 20
CHUNK = 50  # messages posted between two yields of the feeding task (no sleeping)


async def test_a_key_is_handled_while_a_thousand_answers_arrive_on_the_wall() -> None:
    """The wall takes 1,000 answers as fast as they come; an arrow key mid-burst still works."""
    room = Room(tables=TABLES)
    welcome = room.welcome()
    answer_ids = [
        room.answer(1 + i % TABLES, "q1", f"Antwoord {i}", device=f"d{i}") for i in range(ANSWERS)
    ]
    messages = [room.answer_msg(a) for a in answer_ids]
    kiosk = Kiosk()
    app = kiosk.app
    async with app.run_test(size=(160, 50)) as pilot:
        kiosk.feed(welcome)
        await until(pilot, lambda: app.state.welcomed, "welcome")
        await pilot.press("w")
        wall = app.screen
        assert isinstance(wall, WallScreen)
        seen: list[tuple[int, float]] = []  # (answers posted, seconds) when the key took effect

        async def burst() -> None:
            for start in range(0, ANSWERS, CHUNK):
                for m in messages[start : start + CHUNK]:
                    app.post_message(ServerMessage(m))
                await asyncio.sleep(0)  # a yield, as a socket read would: no time passes
                if wall.selected is not None and not seen:
                    seen.append((start + CHUNK, time.perf_counter() - began))

        flushes_before = app.flushes
        began = time.perf_counter()
        feeding = asyncio.create_task(burst())
        await asyncio.sleep(0)  # the first chunk is on its way before the key
        await pilot.press("down")
        await feeding
        await until(pilot, lambda: len(app.state.answers) == ANSWERS, "all answers")
        await until(pilot, lambda: wall.card_count() == ANSWERS, "all cards")
        elapsed = time.perf_counter() - began
        flushes = app.flushes - flushes_before
        print(  # noqa: T201 -- the figure this check exists to report
            f"\n{ANSWERS} answers applied and drawn in {elapsed * 1000:.0f} ms "
            f"({ANSWERS / elapsed:.0f}/s) in {flushes} redraws; the arrow key took effect "
            f"{seen[0][1] * 1000:.0f} ms into the burst, {seen[0][0]} answers posted by then"
        )
        assert seen and seen[0][0] < ANSWERS  # handled mid-burst, not after it
        assert flushes < ANSWERS // 10  # coalesced: far fewer redraws than messages
        await pilot.press("t")
        assert app.current_mode == "overview"
