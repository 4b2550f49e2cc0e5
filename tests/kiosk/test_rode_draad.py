"""The rode-draad screen: the focused question's groups, live; the leader merges and renames."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Input

from dialoogtafel.kiosk.screens.modals import HelpScreen, ItemForm
from dialoogtafel.server.domain.commands import Focus, GroupMerge, GroupRename, Moderate
from dialoogtafel.server.protocol import grouping_message
from tests.kiosk.conftest import Kiosk, state_msg, welcomed
from tests.kiosk.roomdata import TIMEOUT, Room, screen_text, until


def answers(room: Room) -> dict[str, str]:
    """Alike answers about time at three tables, two about registration, one hidden."""
    ids = {
        "t1": room.answer(1, "q1", "Meer tijd voor de cliënt"),
        "t2": room.answer(2, "q1", "Tijd voor de cliënt en familie"),
        "t3": room.answer(3, "q1", "tijd voor cliënt"),
        "r1": room.answer(1, "q1", "Minder registratie in het dossier"),
        "r2": room.answer(2, "q1", "minder registratie"),
        "h": room.answer(3, "q1", "Geheim [bold]verborgen[/] tijd cliënt"),
        "other": room.answer(1, "q2", "Een andere vraag"),
    }
    room.lead(Moderate("hide-1", ids["h"], "hide"))
    return ids


async def opened(kiosk: Kiosk, room: Room, pilot, role: str = "leader"):
    """Welcome the kiosk, press r, wait for the first grouping; the screen."""
    await welcomed(kiosk, room, pilot, role=role)
    await pilot.press("r")
    assert kiosk.app.current_mode == "rode_draad"
    return await grouped(kiosk, pilot)


async def grouped(kiosk: Kiosk, pilot, runs: int = 1):
    """Wait until the screen finished `runs` groupings and runs none."""
    screen = kiosk.app.screen
    await until(pilot, lambda: screen.runs >= runs and screen._job is None, "grouping")
    await pilot.pause()
    return screen


async def test_groups_largest_first_with_counts_and_no_hidden_answers(
    kiosk: Kiosk, room: Room
) -> None:
    """r shows the focused question's groups with "n antwoorden · k van m tafels"."""
    ids = answers(room)
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        screen = await opened(kiosk, room, pilot)
        text = screen_text(kiosk.app)
        assert "Rode draad" in text and "Vanuit welke verantwoordelijkheid" in text
        assert "3 antwoorden · 3 van 3 tafels" in text
        assert "2 antwoorden · 2 van 3 tafels" in text
        assert text.index("3 antwoorden") < text.index("2 antwoorden")
        assert "Geheim" not in text and "Een andere vraag" not in text
        grouped_ids = {a for g in screen.groups for a in g.answers}
        assert ids["h"] not in grouped_ids and ids["other"] not in grouped_ids


async def test_new_answers_regroup_live(kiosk: Kiosk, room: Room) -> None:
    """An answer that arrives joins its group on screen, without a key."""
    answers(room)
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        screen = await opened(kiosk, room, pilot)
        late = room.answer(3, "q1", "Minder registratie alstublieft")
        kiosk.feed(room.answer_msg(late))
        await until(pilot, lambda: any(late in g.answers for g in screen.groups), "regroup")
        await pilot.pause()
        assert "3 antwoorden · 3 van 3 tafels" in screen_text(kiosk.app)
        assert screen.runs >= 2


async def test_m_twice_merges_and_e_renames_shown_only_once_confirmed(
    kiosk: Kiosk, room: Room
) -> None:
    """m, down, m sends group_merge with both groups' answers; e sends group_rename; echo shows."""
    ids = answers(room)
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        screen = await opened(kiosk, room, pilot)
        before = len(screen.groups)
        await pilot.press("m", "down", "m")
        (merge,) = kiosk.controls()
        assert merge["action"] == "group_merge" and merge["question"] == "q1"
        assert set(merge["answers"]) == {ids["t1"], ids["t2"], ids["t3"], ids["r1"], ids["r2"]}
        assert len(screen.groups) == before  # nothing changes before the server confirms
        room.lead(GroupMerge(merge["id"], "q1", tuple(merge["answers"])))
        kiosk.feed(grouping_message(room.session.groupings[-1], room.session.seq))
        screen = await grouped(kiosk, pilot, runs=2)
        assert "5 antwoorden · 3 van 3 tafels" in screen_text(kiosk.app)

        await pilot.press("up", "e")
        form = kiosk.app.screen
        assert isinstance(form, ItemForm)
        form.query_one(Input).value = "[b]Tijd en minder regels[/b]"
        await pilot.press("enter")
        rename = kiosk.controls()[-1]
        assert rename["action"] == "group_rename"
        assert rename["label"] == "[b]Tijd en minder regels[/b]"
        assert "Tijd en minder regels" not in screen_text(kiosk.app)
        room.lead(GroupRename(rename["id"], "q1", tuple(rename["answers"]), rename["label"]))
        kiosk.feed(grouping_message(room.session.groupings[-1], room.session.seq))
        await until(pilot, lambda: any(g.renamed for g in screen.groups), "renamed")
        await pilot.pause()
        assert "[b]Tijd en minder regels[/b]" in screen_text(kiosk.app)  # literally, no markup


async def test_a_screen_role_sends_no_group_controls() -> None:
    """On a read-only screen kiosk, m and e do nothing."""
    kiosk, room = Kiosk(role="screen"), Room()
    answers(room)
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await opened(kiosk, room, pilot, role="screen")
        await pilot.press("m", "down", "m", "e")
        await pilot.pause()
        assert kiosk.controls() == []


async def test_a_new_focus_groups_that_question(kiosk: Kiosk, room: Room) -> None:
    """When the focus moves on, the screen shows the new question's groups, never the old ones."""
    answers(room)
    room.answer(1, "q2", "Met verhalen uit de praktijk")
    room.answer(2, "q2", "verhalen uit de praktijk ipv cijfers")
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        screen = await opened(kiosk, room, pilot)
        room.lead(Focus("focus-2", "q2"))
        kiosk.feed(state_msg(room))
        await until(pilot, lambda: screen._done_for and screen._done_for[0] == "q2", "q2")
        await pilot.pause()
        text = screen_text(kiosk.app)
        assert "Hoe zou u dat zelf willen vormgeven?" in text
        assert "2 antwoorden · 2 van 2 tafels" in text and "Minder registratie" not in text


async def test_keys_work_while_the_grouping_runs(
    kiosk: Kiosk, room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A grouping held up in its thread does not hold up the keys; its result arrives after."""
    import dialoogtafel.kiosk.screens.rode_draad as screen_module

    answers(room)
    release = threading.Event()
    real = screen_module.grouped

    def slow(inputs):
        assert release.wait(TIMEOUT), "never released"
        return real(inputs)

    monkeypatch.setattr(screen_module, "grouped", slow)
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("r")
        screen = kiosk.app.screen
        assert screen._job is not None and "groeperen…" in screen_text(kiosk.app)
        await pilot.press("question_mark")
        assert isinstance(kiosk.app.screen, HelpScreen)  # drawn while the worker waits
        await pilot.press("escape")
        release.set()
        await grouped(kiosk, pilot)
        assert "3 antwoorden · 3 van 3 tafels" in screen_text(kiosk.app)
