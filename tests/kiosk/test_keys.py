"""The leader's keys: each sends the right control message, and nothing shows before the echo."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from dialoogtafel.kiosk.screens.modals import ConfirmScreen, ExportsScreen, HelpScreen, ItemForm
from dialoogtafel.kiosk.texts import texts
from dialoogtafel.server.domain.commands import (
    End,
    Focus,
    Moderate,
    OpenQuestion,
    RecordExports,
    SetVoting,
)
from tests.kiosk.conftest import Kiosk, state_msg, welcomed
from tests.kiosk.roomdata import THEMED, Room, screen_text, until


async def test_arrows_select_and_h_m_send_moderation_without_showing_it(
    kiosk: Kiosk, room: Room
) -> None:
    """h and m send hide/highlight for the selected answer; the card changes only on the echo."""
    a1 = room.answer(1, "q1", "Eerste")
    a2 = room.answer(1, "q1", "Tweede")
    a3 = room.answer(2, "q1", "Derde")
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("w")
        wall = kiosk.app.screen
        await pilot.press("down")
        assert wall.selected == a1
        await pilot.press("down")
        assert wall.selected == a2
        await pilot.press("right")
        assert wall.selected == a3
        await pilot.press("left")  # the same place in the table before
        assert wall.selected == a1
        await pilot.press("down", "up")
        assert wall.selected == a1
        await pilot.press("h", "m")
        await pilot.pause()
        sent = [(c["action"], c["answer"]) for c in kiosk.controls()]
        assert sent == [("hide", a1), ("highlight", a1)]
        assert kiosk.app.state.answers[a1].state == "shown"  # no optimistic UI
        room.lead(Moderate("m1", a1, "hide"))
        room.lead(Moderate("m2", a1, "highlight"))
        kiosk.feed(room.answer_msg(a1))
        await until(pilot, lambda: kiosk.app.state.answers[a1].state == "hidden", "echo")
        await pilot.pause()
        assert "verborgen" in screen_text(kiosk.app)  # the leader still sees it, dimmed
        await pilot.press("h", "m")
        sent = [(c["action"], c["answer"]) for c in kiosk.controls()[2:]]
        assert sent == [("unhide", a1), ("unhighlight", a1)]
        await pilot.press("escape")
        assert wall.selected is None


async def test_question_keys_send_focus_open_close_and_voting(kiosk: Kiosk, room: Room) -> None:
    """PgDn/PgUp/./, move the focus, o opens or closes, s starts or stops voting."""
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("pageup")  # already at the first question: nothing to send
        await pilot.press("pagedown", "full_stop", "o", "s")
        sent = [(c["action"], c.get("question")) for c in kiosk.controls()]
        assert sent == [("focus", "q2"), ("focus", "q2"), ("close", "q1"), ("voting", "q1")]
        assert kiosk.controls()[-1]["on"] is True
        assert kiosk.controls()[-1]["votes_per_device"] == 3
        assert kiosk.app.state.status.focus == "q1"  # unchanged until the server says so
        room.lead(Focus("f", "q2"))
        room.lead(OpenQuestion("o", "q2", False))
        room.lead(SetVoting("v", "q2", True, 3))
        kiosk.feed(state_msg(room))
        await until(pilot, lambda: kiosk.app.state.status.focus == "q2", "focus")
        assert kiosk.app.current_mode == "votes"  # voting confirmed: the ranking shows
        kiosk.sent.clear()
        await pilot.press("o", "s", "pageup", "comma")
        sent = [(c["action"], c.get("question"), c.get("on")) for c in kiosk.controls()]
        assert sent == [
            ("open", "q2", None),
            ("voting", "q2", False),
            ("focus", "q1", None),
            ("focus", "q1", None),
        ]


async def test_end_asks_first_then_sends_end_and_shows_the_exports(
    kiosk: Kiosk, room: Room
) -> None:
    """ctrl+e asks; n keeps the session; y sends end; the exports' paths are shown."""
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("ctrl+e")
        assert isinstance(kiosk.app.screen, ConfirmScreen)
        await pilot.press("n")
        assert kiosk.controls() == []
        await pilot.press("ctrl+e", "y")
        assert [c["action"] for c in kiosk.controls()] == ["end"]
        room.lead(End("end"))
        files = {"json": "/data/ABCD/s.json", "md": "/data/ABCD/v.md", "docx": "/data/ABCD/v.docx"}
        room.lead(RecordExports("x", files))
        kiosk.feed(state_msg(room))
        await until(pilot, lambda: isinstance(kiosk.app.screen, ExportsScreen), "exports")
        await pilot.pause()
        text = screen_text(kiosk.app)
        assert "/data/ABCD/s.json" in text and "/data/ABCD/v.md" in text
        assert "Notulen (Word): /data/ABCD/v.docx" in text
        await pilot.press("escape")
        kiosk.sent.clear()
        await pilot.press("s", "o", "pagedown")  # after the end, leader keys do nothing
        assert kiosk.controls() == []


async def test_quit_asks_and_says_the_session_stays(kiosk: Kiosk, room: Room) -> None:
    """ctrl+q asks, mentions resuming; n stays, y quits."""
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("ctrl+q")
        assert isinstance(kiosk.app.screen, ConfirmScreen)
        assert "dialoog start --resume ABCD" in screen_text(kiosk.app)
        await pilot.press("n")
        assert not isinstance(kiosk.app.screen, ConfirmScreen)
        await pilot.press("ctrl+q", "y")
        await until(pilot, lambda: not kiosk.app.is_running, "exit")


async def test_quit_names_the_command_that_brings_a_hosted_session_back(room: Room) -> None:
    """A kiosk of a session on a hosted server says how to get back there, not a local resume."""
    kiosk = Kiosk()
    kiosk.app.resume = "dialoog start --server https://h.nl --resume {code}"
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(kiosk.app.screen, ConfirmScreen), "asked")
        await pilot.pause()
        text = screen_text(kiosk.app)
        assert "(dialoog start --server https://h.nl" in text and "--resume ABCD)" in text
        assert "dialoog start --resume" not in text


@pytest.mark.parametrize(("room_of", "language"), [(Room, "nl"), (lambda: Room(THEMED), "en")])
async def test_help_lists_every_key_of_every_screen(room_of, language: str) -> None:
    """? lists each key that works on the screen below, each with what it does, in the
    session's language; keys that do the same share a row."""
    kiosk, room = Kiosk(), room_of()
    labels = set(texts(language)["keys"].values())
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        for mode in ("w", "t", "v", "n", "r", "g", "q"):
            await pilot.press(mode)
            await until(pilot, lambda: kiosk.app.screen.is_current, "the screen")
            expected = {
                (kiosk.app.get_key_display(b.binding), b.binding.description)
                for b in kiosk.app.active_bindings.values()
                if b.binding.id and b.enabled
            }
            await pilot.press("question_mark")
            assert isinstance(kiosk.app.screen, HelpScreen)
            listed = {(k, does) for keys, does in kiosk.app.screen.rows for k in keys.split(" / ")}
            assert listed == expected and len(expected) > 20
            assert {does for _, does in listed} <= labels
            text = screen_text(kiosk.app)
            for keys, does in kiosk.app.screen.rows[:8]:  # the first rows fit without scrolling
                assert keys in text and does in text
            await pilot.press("escape")
            assert not isinstance(kiosk.app.screen, HelpScreen)


async def test_notes_keys_send_notes_actions_edits_and_removals(kiosk: Kiosk, room: Room) -> None:
    """n, p, a open a form; Enter sends; e sends only changed fields; x asks, then removes."""
    from dialoogtafel.server.domain.commands import AddAction, AddNote

    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("n")  # the notes screen
        await pilot.press("n")  # a note on the question in focus
        assert isinstance(kiosk.app.screen, ItemForm)
        await pilot.press(*"Meer [tijd]", "enter")
        await pilot.press("p", *"Plenair", "enter")
        await pilot.press("a", *"Rapport", "enter", *"Jan", "enter", *"mei", "enter")
        await pilot.press("a", "escape")
        sent = kiosk.controls()
        assert [(c["action"], c.get("question"), c["text"]) for c in sent] == [
            ("note", "q1", "Meer [tijd]"),
            ("note", None, "Plenair"),
            ("action_item", None, "Rapport"),
        ]
        assert (sent[2]["who"], sent[2]["when"]) == ("Jan", "mei")
        room.lead(AddNote(sent[0]["id"], "q1", "Meer [tijd]"))
        room.lead(AddAction(sent[2]["id"], "Rapport", "Jan", "mei"))
        from dialoogtafel.server.protocol import item_message

        kiosk.feed(*(item_message(room.session.items[c["id"]], 9) for c in (sent[0], sent[2])))
        await until(pilot, lambda: len(kiosk.app.state.actions) == 1, "items")
        await pilot.pause()
        text = screen_text(kiosk.app)
        assert "Meer [tijd]" in text and "Rapport" in text and "Jan" in text
        kiosk.sent.clear()
        await pilot.press("down", "down", "e")  # the action
        form = kiosk.app.screen
        assert isinstance(form, ItemForm)
        form.query_one("#field-who", Input).value = "Piet"
        await pilot.press("enter", "enter", "enter")
        assert kiosk.controls()[0]["action"] == "edit_item"
        assert kiosk.controls()[0]["item"] == sent[2]["id"]
        assert {k for k in kiosk.controls()[0] if k not in ("type", "id", "action", "item")} == {
            "who"
        }
        await pilot.press("up", "x")
        assert isinstance(kiosk.app.screen, ConfirmScreen)
        await pilot.press("y")
        assert kiosk.controls()[-1] == {
            **kiosk.controls()[-1],
            "action": "remove_item",
            "item": sent[0]["id"],
        }


async def test_del_removes_too_and_the_overview_scrolls() -> None:
    """Del is x on the notes screen; ↓ scrolls a long overview, for both roles."""
    from dialoogtafel.kiosk.screens.overview import OverviewScreen
    from dialoogtafel.server.domain.commands import AddNote
    from dialoogtafel.server.protocol import item_message

    kiosk, room = Kiosk(), Room(tables=60)
    room.lead(AddNote("n1", None, "Weg ermee"))
    async with kiosk.app.run_test(size=(120, 35)) as pilot:
        await welcomed(kiosk, room, pilot)
        kiosk.feed(item_message(room.session.items["n1"], room.session.seq))
        await pilot.press("n", "down", "delete", "y")
        assert [(c["action"], c["item"]) for c in kiosk.controls()] == [("remove_item", "n1")]
        await pilot.press("t")
        overview = kiosk.app.screen
        assert isinstance(overview, OverviewScreen)
        scroll = overview.query_one("#overview-scroll")
        assert scroll.scroll_y == 0
        await pilot.press("down", "down")
        await until(pilot, lambda: scroll.scroll_y > 0, "scrolled")
