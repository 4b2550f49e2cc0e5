"""The kiosk's screens and keys, fed the messages its socket worker posts."""

from __future__ import annotations

from dialoogtafel.kiosk.messages import Connection
from dialoogtafel.kiosk.screens.modals import ConfirmScreen, ItemForm
from dialoogtafel.server.domain.commands import Focus, SetVoting
from tests.kiosk.conftest import Kiosk, state_msg, welcomed
from tests.kiosk.roomdata import Room, screen_text, until


async def test_the_lobby_shows_url_code_title_and_phones(kiosk: Kiosk, room: Room) -> None:
    """Join URL spelled out, the code, the set's title, phones per table from counts."""
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        kiosk.feed(room.counts({1: 4, 2: 7, 3: 0}))
        await until(pilot, lambda: kiosk.app.state.connected.get(2) == 7, "counts")
        await pilot.pause()
        text = screen_text(kiosk.app)
        assert kiosk.app.current_mode == "lobby"
        assert "http://192.168.1.23:8080/s/ABCD" in text
        assert "A B C D" in text
        assert "Eigen regie in het verantwoorden" in text
        assert "Tafel 2:   7" in text and "Σ 11" in text


async def test_the_lobby_shows_the_lan_note() -> None:
    """Without a network the lobby says so."""
    kiosk = Kiosk(lan_note="geen netwerk gevonden: alleen deze computer")
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, Room(), pilot)
        assert "geen netwerk gevonden: alleen deze computer" in screen_text(kiosk.app)


async def test_screen_keys_switch_screens(kiosk: Kiosk, room: Room) -> None:
    """w, t, v, n and q show the wall, overview, votes, notes and the lobby."""
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        for key, mode in [
            ("w", "wall"),
            ("t", "overview"),
            ("v", "votes"),
            ("n", "notes"),
            ("q", "lobby"),
        ]:
            await pilot.press(key)
            assert kiosk.app.current_mode == mode
        assert kiosk.controls() == []


async def test_the_wall_groups_answers_per_table_and_marks_the_newest(
    kiosk: Kiosk, room: Room
) -> None:
    """Answers to the focused question only, per table, the latest marked new."""
    room.answer(2, "q1", "Antwoord van tafel twee")
    room.answer(1, "q2", "Een andere vraag")
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("w")
        a = room.answer(1, "q1", "Antwoord van tafel een")
        kiosk.feed(room.answer_msg(a))
        await until(pilot, lambda: a in kiosk.app.state.answers, "answer")
        await pilot.pause()
        text = screen_text(kiosk.app)
        assert "Vraag 1 van 4" in text and "Vanuit welke verantwoordelijkheid" in text
        assert "Tafel 1" in text and "Tafel 2" in text
        assert "Antwoord van tafel een" in text and "Antwoord van tafel twee" in text
        assert "Een andere vraag" not in text
        assert text.count("nieuw") == 1
        assert text.index("Antwoord van tafel een") < text.index("nieuw")


async def test_a_screen_role_binds_no_leader_keys() -> None:
    """A screen kiosk sends nothing for leader keys and shows none in the footer."""
    kiosk, room = Kiosk(role="screen"), Room()
    a = room.answer(1, "q1", "Zichtbaar")
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot, role="screen")
        await pilot.press("w", "down", "h", "m", "pagedown", "o", "s", "ctrl+e", "n", "n", "a")
        await pilot.pause()
        assert kiosk.controls() == []
        assert not isinstance(kiosk.app.screen, ConfirmScreen | ItemForm)
        text = screen_text(kiosk.app)
        for label in ("volgende vraag", "open/sluit", "verberg", "beëindig", "notitie "):
            assert label not in text
        assert kiosk.app.current_mode == "notes"
        await pilot.press("w")
        assert a in kiosk.app.state.answers and "Zichtbaar" in screen_text(kiosk.app)


async def test_a_screen_follows_the_room(kiosk: Kiosk) -> None:
    """An unattended screen shows the wall on a new focus and the votes while voting."""
    kiosk, room = Kiosk(role="screen"), Room()
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot, role="screen")
        room.lead(Focus("f", "q2"))
        kiosk.feed(state_msg(room))
        await until(pilot, lambda: kiosk.app.current_mode == "wall", "wall")
        room.lead(SetVoting("v", "q2", True, 3))
        kiosk.feed(state_msg(room))
        await until(pilot, lambda: kiosk.app.current_mode == "votes", "votes")
        room.lead(SetVoting("v2", "q2", False, 3))
        kiosk.feed(state_msg(room))
        await until(pilot, lambda: kiosk.app.current_mode == "wall", "wall again")


async def test_votes_rank_answers_from_all_tables_by_the_live_tally(
    kiosk: Kiosk, room: Room
) -> None:
    """The ranking follows tally messages, most votes first."""
    from dialoogtafel.server.protocol import tally_message

    a1 = room.answer(1, "q1", "Weinig stemmen")
    a2 = room.answer(2, "q1", "Veel stemmen")
    room.lead(SetVoting("v", "q1", True, 3))
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("v")
        kiosk.feed(tally_message("q1", {a1: 1, a2: 5}))
        await until(pilot, lambda: kiosk.app.state.tally.get(a2) == 5, "tally")
        await pilot.pause()
        text = screen_text(kiosk.app)
        assert "stemming loopt" in text
        assert text.index("Veel stemmen") < text.index("Weinig stemmen")
        kiosk.feed(tally_message("q1", {a1: 7, a2: 5}))
        await until(pilot, lambda: kiosk.app.state.tally.get(a1) == 7, "tally 2")
        await pilot.pause()
        text = screen_text(kiosk.app)
        assert text.index("Weinig stemmen") < text.index("Veel stemmen")


async def test_the_overview_counts_answers_and_flags_small_tables(kiosk: Kiosk, room: Room) -> None:
    """Counts per table and question; a table with fewer than 3 joined is flagged."""
    for device in ("d1", "d2", "d3"):
        room.answer(1, "q1", f"van {device}", device=device)
    room.answer(2, "q2", "alleen")
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("t")
        await pilot.pause()
        lines = screen_text(kiosk.app).splitlines()
        row1 = next(line for line in lines if line.strip().startswith("1 ") and "ooit" in line)
        row2 = next(line for line in lines if line.strip().startswith("2 ") and "ooit" in line)
        assert row1.split()[-4:] == ["3", "0", "0", "0"] and "minder dan 3" not in row1
        assert "minder dan 3" in row2


async def test_errors_are_notified_literally_and_leave_the_outbox(kiosk: Kiosk, room: Room) -> None:
    """An error becomes a notification with its text as is; its ref leaves the outbox."""
    async with kiosk.app.run_test(size=(160, 50), notifications=True) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("o")
        ref = kiosk.controls()[0]["id"]
        assert ref in kiosk.app.outbox
        kiosk.feed({"type": "error", "code": "closed", "message": "[bold]Dicht[/] nu", "ref": ref})
        await until(pilot, lambda: ref not in kiosk.app.outbox, "error")
        await until(pilot, lambda: "[bold]Dicht[/] nu" in screen_text(kiosk.app), "toast")


async def test_acks_clear_the_outbox_and_a_welcome_resends_the_rest(
    kiosk: Kiosk, room: Room
) -> None:
    """Unacked changes are sent again after a (re)welcome; acked ones are not."""
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("o", "pagedown")
        first, second = kiosk.controls()
        assert "2 wacht op bevestiging" in screen_text(kiosk.app)
        kiosk.feed({"type": "ack", "id": first["id"], "seq": 5})
        await until(pilot, lambda: first["id"] not in kiosk.app.outbox, "ack")
        kiosk.sent.clear()
        kiosk.feed(room.welcome())
        await until(pilot, lambda: kiosk.sent != [], "resend")
        assert kiosk.sent == [second]


async def test_a_lost_connection_shows_a_banner(kiosk: Kiosk, room: Room) -> None:
    """The socket worker's Connection("lost") shows the banner until the next welcome."""
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        assert "opnieuw verbinden" not in screen_text(kiosk.app)
        kiosk.app.post_message(Connection("lost"))
        await until(pilot, lambda: kiosk.app.connection == "lost", "lost")
        await pilot.pause()
        assert "verbinding verbroken — opnieuw verbinden…" in screen_text(kiosk.app)
        kiosk.feed(room.welcome())
        await until(pilot, lambda: kiosk.app.connection == "connected", "back")
        await pilot.pause()
        assert "opnieuw verbinden" not in screen_text(kiosk.app)


async def test_english_sessions_get_english_screens_and_keys() -> None:
    """The language of the set's welcome sets the texts and the footer labels."""
    from tests.kiosk.roomdata import THEMED

    kiosk, room = Kiosk(), Room(THEMED)
    room.answer(1, "q1", "An answer")
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("w")
        await pilot.pause()
        text = screen_text(kiosk.app)
        assert "Question 1 of 3" in text and "Table 1" in text and "Theme one" in text
        assert "next question" in text and "volgende vraag" not in text


async def test_the_leader_token_is_on_no_screen(kiosk: Kiosk, room: Room) -> None:
    """Every screen and dialog, screenshot by screenshot: the token never appears."""
    from tests.kiosk.roomdata import TOKEN

    room.answer(1, "q1", "Een antwoord")
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        shots = []
        for keys in (
            ["q"],
            ["w", "down"],
            ["t"],
            ["v"],
            ["n"],
            ["n"],
            ["escape", "question_mark"],
            ["escape", "ctrl+e"],
            ["n", "ctrl+q"],
        ):
            await pilot.press(*keys)
            await pilot.pause()
            shots.append(kiosk.app.export_screenshot())
        assert len(shots) == 9
        for svg in shots:
            assert TOKEN not in svg and TOKEN[:16] not in svg
        assert TOKEN not in repr(kiosk.app) and TOKEN not in str(vars(kiosk.app).get("token"))
