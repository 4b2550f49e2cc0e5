"""The dialog that asks how long a new timer runs: minutes, prefilled with the last length."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.modals import Form
from dialoogtafel.kiosk.texts import texts

MAX_MINUTES = 6 * 60  # the server's limit on one countdown (MAX_TIMER_SECONDS)


class MinutesForm(Form[int]):
    """Type the minutes and press Enter (the prefilled length: just Enter); Escape cancels."""

    def __init__(self, language: str, heading: str, minutes: int) -> None:
        super().__init__()
        self.t = texts(language)
        self.heading = heading
        self.minutes = minutes

    def compose(self) -> ComposeResult:
        """The question, one number field, the buttons and a line for what is wrong."""
        t = self.t
        with Vertical(classes="dialog"):
            yield Static(plain(self.heading, "bold"), classes="dialog-text")
            yield Label(t["timer_minutes"], markup=False)
            yield Input(str(self.minutes), id="minutes", type="integer", max_length=3)
            yield Static("", id="minutes-problem", classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t["timer_begin"], id="save", variant="primary")
                yield Button(t["form_cancel"], id="cancel")

    def on_mount(self) -> None:
        """Ready to type over the prefilled minutes, or to press Enter."""
        field = self.query_one(Input)
        field.focus()
        field.select_all()

    def on_input_submitted(self) -> None:
        """Enter starts the timer."""
        self.action_save()

    def action_save(self) -> None:
        """Close with the minutes when they are a whole number from 1 to MAX_MINUTES."""
        value = self.query_one(Input).value.strip()
        if value.isdigit() and 1 <= int(value) <= MAX_MINUTES:
            self.dismiss(int(value))
            return
        problem = self.t["timer_minutes_bad"].format(most=MAX_MINUTES)
        self.query_one("#minutes-problem", Static).update(plain(problem))
        self.query_one(Input).focus()
