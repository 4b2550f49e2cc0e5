"""Participant text is shown literally on every screen: no markup, no escapes, no crash."""

from __future__ import annotations

from typing import Any

import pytest

from dialoogtafel.server.domain.commands import AddAction, AddNote, SetVoting
from dialoogtafel.server.protocol import item_message, tally_message
from tests.kiosk.conftest import Kiosk
from tests.kiosk.roomdata import TOKEN, Room, screen_text, until

HOSTILE = [
    "[bold]x[/]",
    "[link=http://e]x[/link]",
    "\x1b[31mrood\x1b[0m",
    "👩‍👩‍👧‍👦 familie",
    "مرحبا بالعالم",
    "שלום עולם",
    "[/]",
    "a" * 1000,
]
SHOWN = [
    "[bold]x[/]",
    "[link=http://e]x[/link]",
    "␛[31mrood␛[0m",
    "familie",
    "مرحبا بالعالم",
    "שלום עולם",
    "[/]",
    "a" * 30,
]


def raw_answer(i: int, text: str, table: int) -> dict[str, Any]:
    """An answer as a careless server might send it: text not cleaned at all."""
    return {
        "type": "answer",
        "id": f"h{i}",
        "question": "q1",
        "table": table,
        "text": text,
        "state": "shown",
        "highlighted": i % 2 == 0,
        "votes": 0,
        "seq": 10 + i,
    }


@pytest.mark.parametrize("size", [(160, 50), (120, 35), (240, 67)])
async def test_hostile_text_is_shown_literally_everywhere(size: tuple[int, int]) -> None:
    """Markup, links, ANSI escapes, ZWJ emoji, RTL and a 1,000-character answer on each screen."""
    kiosk, room = Kiosk(), Room()
    room.lead(SetVoting("v", "q1", True, 3))
    room.lead(AddNote("n1", "q1", "[bold]notitie[/]"))
    room.lead(AddAction("x1", "[red]actie[/]", "[i]wie[/i]", "\x1b[2Jnu"))
    async with kiosk.app.run_test(size=size) as pilot:
        kiosk.feed(room.welcome())
        kiosk.feed(*(raw_answer(i, t, 1 + i % 3) for i, t in enumerate(HOSTILE)))
        kiosk.feed(tally_message("q1", {f"h{i}": i for i in range(len(HOSTILE))}))
        kiosk.feed({**item_message(room.session.items["x1"], 20), "when": "\x1b[2Jnu"})
        await until(pilot, lambda: len(kiosk.app.state.answers) == len(HOSTILE), "answers")
        await pilot.pause()
        for key in ("w", "v", "t", "n", "q", "r"):
            await pilot.press(key)
            await pilot.pause()
            svg = kiosk.app.export_screenshot()
            assert TOKEN not in svg
            text = screen_text(kiosk.app)
            assert "\x1b" not in text
            if key in ("w", "v", "r"):
                for shown in SHOWN:
                    assert shown in text, (key, shown)
            if key == "n":
                assert "[bold]notitie[/]" in text and "[red]actie[/]" in text
                assert "[i]wie[/i]" in text and "␛[2Jnu" in text
        await pilot.press("w", "down")  # selected: the long answer is drawn whole
        await pilot.pause()
        assert kiosk.app.is_running
