"""The kiosk's timer, round and queue keys, and the timer drawn large on every screen."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dialoogtafel.kiosk.screens.minutes import MinutesForm
from dialoogtafel.kiosk.screens.modals import HelpScreen
from dialoogtafel.kiosk.screens.timer import TimerBar
from dialoogtafel.server.domain.commands import Moderate, NextRound, SetTimer
from dialoogtafel.server.protocol import state_message, welcome_message
from tests.kiosk.conftest import Kiosk, welcomed
from tests.kiosk.roomdata import THEMED, Room, screen_text, until


def timer_state(room: Room) -> dict:
    """The `state` message as the server makes it at the room's own clock."""
    return state_message(room.session.state, room.session.seq, now=room.clock)


async def test_timer_keys_send_start_pause_extend_and_stop(kiosk: Kiosk, room: Room) -> None:
    """k asks the minutes (10, then the last length) and starts; k pauses, +/= and 5 extend,
    K stops, ctrl+k asks again for the question in focus."""
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("plus", "K")  # no timer yet: extend and stop send nothing
        await pilot.press("k")
        await until(pilot, lambda: isinstance(kiosk.app.screen, MinutesForm), "the minutes")
        await pilot.press("enter")  # the 10 minutes offered
        room.lead(SetTimer("t1", "start", 600))
        kiosk.feed(timer_state(room))
        await until(pilot, lambda: kiosk.app.state.status.timer is not None, "timer")
        await pilot.press("k", "plus", "equals_sign", "5", "K", "ctrl+k")
        await until(pilot, lambda: isinstance(kiosk.app.screen, MinutesForm), "the minutes")
        assert "vraag 1" in screen_text(kiosk.app)
        await pilot.press("1", "5", "enter")  # typed over the offered 10
        await until(pilot, lambda: not isinstance(kiosk.app.screen, MinutesForm), "closed")
        sent = [
            (c["timer"], c.get("seconds"), c.get("question"))
            for c in kiosk.controls()
            if c["action"] == "timer"
        ]
        assert sent == [
            ("start", 600, None),
            ("pause", None, None),
            ("extend", 60, None),
            ("extend", 60, None),
            ("extend", 300, None),
            ("stop", None, None),
            ("start", 900, "q1"),
        ]
        assert kiosk.app.timer_minutes == 15  # offered next time


@pytest.mark.parametrize("typed", [("0",), ("4", "0", "0"), ("backspace",)])
async def test_the_timer_dialog_refuses_what_is_not_minutes(
    kiosk: Kiosk, room: Room, typed: tuple[str, ...]
) -> None:
    """0, over six hours or nothing: a sentence says what to type, nothing is sent; Escape."""
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(kiosk.app.screen, MinutesForm), "the minutes")
        await pilot.press(*typed, "enter")
        await pilot.pause()
        assert isinstance(kiosk.app.screen, MinutesForm)
        assert "Typ een heel aantal minuten, van 1 tot 360." in screen_text(kiosk.app)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(kiosk.app.screen, MinutesForm), "closed")
        assert [c for c in kiosk.controls() if c["action"] == "timer"] == []


async def test_the_timer_is_large_on_every_screen(kiosk: Kiosk, room: Room) -> None:
    """A running timer shows as big digits on lobby, wall, overview, votes, notes and queue."""
    room.lead(SetTimer("t1", "start", 600, "q2"))
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        kiosk.feed(timer_state(room))
        await until(pilot, lambda: kiosk.app.state.status.timer is not None, "timer")
        for key in ("q", "w", "t", "v", "n", "g"):
            await pilot.press(key)
            await pilot.pause()
            bar = kiosk.app.screen.query_one("#timer")
            assert bar.display and bar.size.height >= 3, key
            digits = kiosk.app.screen.query_one("#timer-digits")
            assert digits.value == "10:00" or digits.value.startswith("9:"), (key, digits.value)
            assert "bij vraag 2" in screen_text(kiosk.app), key


async def test_a_timer_bar_that_lost_its_widgets_still_ticks_harmlessly(
    kiosk: Kiosk, room: Room
) -> None:
    """The bar's tick draws into the widgets it made, even while they are being removed."""
    room.lead(SetTimer("t1", "start", 600))
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        kiosk.feed(timer_state(room))
        await until(pilot, lambda: kiosk.app.state.status.timer is not None, "timer")
        bar = kiosk.app.screen.query_one(TimerBar)
        await bar.digits.remove()
        bar.tick()  # as its interval would, while the bar's widgets are being removed
        await bar.remove()
        bar.tick()
        await pilot.pause()
    assert kiosk.app.return_code in (None, 0)


async def test_screens_come_and_go_while_every_timer_bar_ticks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Screens switched, dialogs pushed and popped, every screen made anew (the session's
    language changes) and the app closed, while each screen's timer ticks every few ms: no error.
    """
    ticks: list[TimerBar] = []
    tick = TimerBar.tick

    def counted(bar: TimerBar) -> None:
        ticks.append(bar)
        tick(bar)

    monkeypatch.setattr(TimerBar, "TICK", 0.002)
    monkeypatch.setattr(TimerBar, "tick", counted)
    dutch, english = Room(), Room(THEMED)
    for r in (dutch, english):
        r.lead(SetTimer("t1", "start", 600))
    kiosk = Kiosk()
    app = kiosk.app
    modes = ["wall", "overview", "notes", "queue", "rode_draad", "votes", "lobby"]
    async with app.run_test(size=(120, 35)) as pilot:
        await welcomed(kiosk, dutch, pilot)
        for round_ in range(8):
            room = english if round_ % 2 == 0 else dutch
            kiosk.feed(room.welcome(), timer_state(room))  # another language: every screen anew
            for mode in modes:
                await app.switch_mode(mode)
            await app.push_screen(HelpScreen(room.session.questions.language, []))
            if isinstance(app.screen, HelpScreen):  # else a new language took it away
                await app.pop_screen()
            await until(pilot, lambda r=room: app.state.title == r.session.title, "welcome")
        bars = len(set(ticks))
        await pilot.press("ctrl+q", "y")  # closes while the bars tick
    assert app.return_code in (None, 0)
    assert len(ticks) > 100 and bars > 2 * len(modes)  # old screens' bars and new ones ticked


async def test_a_paused_and_an_ended_timer_say_so_without_an_alarm(
    kiosk: Kiosk, room: Room
) -> None:
    """Paused: "gepauzeerd" and the time kept; at zero "Tijd is om", and no bell."""
    bells: list[bool] = []
    kiosk.app.bell = lambda: bells.append(True)  # type: ignore[method-assign]
    room.lead(SetTimer("t1", "start", 90))
    room.clock += 29  # each change moves the clock one second
    room.lead(SetTimer("t2", "pause"))
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        kiosk.feed(timer_state(room))
        await until(pilot, lambda: "gepauzeerd" in screen_text(kiosk.app), "paused")
        assert kiosk.app.screen.query_one("#timer-digits").value == "1:00"
        room.lead(SetTimer("t3", "resume"))
        room.clock += 61
        kiosk.feed(timer_state(room))
        await until(pilot, lambda: "Tijd is om" in screen_text(kiosk.app), "time up")
        assert kiosk.app.screen.query_one("#timer-digits").value == "0:00"
        assert bells == []


async def test_n_starts_the_next_round_after_a_confirmation(kiosk: Kiosk, room: Room) -> None:
    """N asks first; y sends next_round; the echo puts "Ronde 2" in the top bar."""
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("N")
        await pilot.pause()
        assert "Ronde 2 beginnen?" in screen_text(kiosk.app)
        await pilot.press("n")  # no
        await pilot.press("N", "y")
        await pilot.pause()
        assert [c["action"] for c in kiosk.controls()] == ["next_round"]
        room.lead(NextRound("r2"))
        kiosk.feed(timer_state(room))
        await until(pilot, lambda: "Ronde 2" in screen_text(kiosk.app), "round 2")


async def test_the_queue_approves_and_hides_with_one_key_and_the_wall_shows_no_pending(
    kiosk: Kiosk,
) -> None:
    """Pending answers: not on the wall; g lists them; Enter approves, h hides the chosen one."""
    room = Room()
    room.session = replace(room.session, premoderate=True)
    first = room.answer(1, "q1", "[bold]Eerste[/] wacht")
    second = room.answer(2, "q1", "Tweede wacht")
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("w")
        await pilot.pause()
        text = screen_text(kiosk.app)
        assert "Eerste" not in text and "Tweede" not in text  # the projected wall
        assert "2 wacht op goedkeuring" in text
        await pilot.press("g")
        await pilot.pause()
        text = screen_text(kiosk.app)
        assert "[bold]Eerste[/] wacht" in text and "Tweede wacht" in text
        assert "Projecteer dit scherm niet" in text
        await pilot.press("down", "enter", "up", "h")
        sent = [(c["action"], c["answer"]) for c in kiosk.controls()]
        assert sent == [("approve", second), ("hide", first)]
        room.lead(Moderate("m1", second, "approve"))
        room.lead(Moderate("m2", first, "hide"))
        kiosk.feed(welcome_message(room.session, "leader"))
        await until(pilot, lambda: "Er wacht niets." in screen_text(kiosk.app), "empty queue")
