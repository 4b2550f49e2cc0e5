"""The room's countdown, large, on every kiosk screen: mm:ss in big digits, a quiet end."""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import Digits, Static

from dialoogtafel.kiosk.countdown import clock_text
from dialoogtafel.kiosk.state import KioskState


class TimerBar(Horizontal):
    """Big digits and a line saying whose time it is, paused, or that time is up."""

    DEFAULT_CSS = """
    TimerBar { height: auto; padding: 0 2; display: none; }
    TimerBar Digits { width: auto; color: #ffffff; }
    TimerBar #timer-label { width: 1fr; padding: 1 2; }
    TimerBar.-done Digits { color: #ffd75f; }
    """

    def compose(self) -> ComposeResult:
        """The digits and their label."""
        yield Digits("", id="timer-digits")
        yield Static(id="timer-label", markup=False)

    def show(self, state: KioskState, t: dict[str, Any]) -> None:
        """Draw the timer as it stands now; hidden when there is none."""
        timer = state.status.timer
        self.display = timer is not None
        if timer is None:
            return
        try:
            shown = self.query_one("#timer-digits", Digits)
            caption = self.query_one("#timer-label", Static)
        except NoMatches:  # a tick while the app tears the screen down: nothing to draw into
            return
        left = timer.left(time.monotonic())
        digits = clock_text(left)
        if shown.value != digits:
            shown.update(digits)
        done = timer.running and left <= 0
        self.set_class(done, "-done")
        label = Text()
        if done:
            label.append(t["timer_done"], style="bold")
        elif not timer.running:
            label.append(t["timer_paused"], style="bold")
        question = state.question(timer.question)
        if question is not None:
            index = (state.question_index(question.id) or 0) + 1
            label.append(("  ·  " if label else "") + t["timer_for"].format(i=index))
        caption.update(label)
