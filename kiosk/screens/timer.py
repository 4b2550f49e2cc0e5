"""The room's countdown, large, on every kiosk screen: mm:ss in big digits, a quiet end."""

from __future__ import annotations

import time
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Digits, Static

from dialoogtafel.kiosk.countdown import TimerInfo, clock_text
from dialoogtafel.kiosk.state import KioskState


class TimerBar(Horizontal):
    """Big digits and a line saying whose time it is, paused, or that time is up.

    The bar counts down by itself: its own interval (made in on_mount, stopped by Textual when
    the bar goes) redraws its own two widgets, which it keeps from compose. Its screen only
    hands it the timer when the state changes (`show`).
    """

    TICK: ClassVar[float] = 0.25  # seconds between redraws of the digits

    DEFAULT_CSS = """
    TimerBar { height: auto; padding: 0 2; display: none; }
    TimerBar Digits { width: auto; color: #ffffff; }
    TimerBar #timer-label { width: 1fr; padding: 1 2; }
    TimerBar.-done Digits { color: #ffd75f; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timer: TimerInfo | None = None
        self.words: dict[str, str] = {}
        self.digits = Digits("", id="timer-digits")
        self.caption = Static(id="timer-label", markup=False)

    def compose(self) -> ComposeResult:
        """The digits and their label."""
        yield self.digits
        yield self.caption

    def on_mount(self) -> None:
        """Count down on the bar's own clock."""
        self.set_interval(self.TICK, self.tick)

    def show(self, state: KioskState, t: dict[str, Any]) -> None:
        """Take the timer from the state (hidden when there is none), and draw it now."""
        timer = state.status.timer
        self.timer = timer
        self.display = timer is not None
        if timer is None:
            return
        question = state.question(timer.question)
        index = None if question is None else (state.question_index(question.id) or 0) + 1
        self.words = {
            "done": t["timer_done"],
            "paused": t["timer_paused"],
            "for": "" if index is None else t["timer_for"].format(i=index),
        }
        self.tick()

    def tick(self) -> None:
        """Draw the time left now (nothing to do without a timer)."""
        timer = self.timer
        if timer is None:
            return
        left = timer.left(time.monotonic())
        digits = clock_text(left)
        if self.digits.value != digits:
            self.digits.update(digits)
        done = timer.running and left <= 0
        self.set_class(done, "-done")
        label = Text()
        if done:
            label.append(self.words["done"], style="bold")
        elif not timer.running:
            label.append(self.words["paused"], style="bold")
        if self.words["for"]:
            label.append(("  ·  " if label else "") + self.words["for"])
        if label != self.caption.content:
            self.caption.update(label)
