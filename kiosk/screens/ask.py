"""The dialog for a question asked live: a quick poll (choice or scale) or an open question.

What it returns is the `ask` control's fields; the server checks them again (PROTOCOL.md, Polls).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static, TextArea

from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.modals import Form
from dialoogtafel.kiosk.texts import texts

KINDS = ("choice", "scale", "open")
MAX_OPTIONS = 12
SCALE_TOP = 10


class AskForm(Form[dict[str, Any]]):
    """Kind, question, then the kind's fields; Escape cancels, the button (or Enter) asks."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["modals.tcss", "ask.tcss"]

    def __init__(self, language: str) -> None:
        super().__init__()
        self.t = texts(language)
        self.kind = "choice"

    def compose(self) -> ComposeResult:
        """The fields of every kind; those of the other kinds are hidden."""
        t = self.t
        with VerticalScroll(classes="dialog"):
            yield Static(plain(t["ask_title"], "bold"), classes="dialog-text")
            yield Label(t["ask_kind"], markup=False)
            with RadioSet(id="ask-kind"):
                for kind in KINDS:
                    yield RadioButton(t[f"ask_{kind}"], value=kind == self.kind, id=f"kind-{kind}")
            yield Label(t["ask_text"], markup=False)
            yield Input(id="ask-text", max_length=500)
            with Vertical(id="ask-choice"):
                yield Label(t["ask_options"], markup=False)
                yield TextArea(id="ask-options", soft_wrap=True, show_line_numbers=False)
                yield Label(t["ask_picks"], markup=False)
                yield Input("1", id="ask-picks", type="integer", max_length=2)
            with Vertical(id="ask-scale"):
                with Horizontal(classes="ask-pair"):
                    with Vertical():
                        yield Label(t["ask_min"], markup=False)
                        yield Input("1", id="ask-min", type="integer", max_length=2)
                    with Vertical():
                        yield Label(t["ask_max"], markup=False)
                        yield Input("5", id="ask-max", type="integer", max_length=2)
                yield Label(t["ask_labels"], markup=False)
                with Horizontal(classes="ask-pair"):
                    yield Input(id="ask-low", max_length=80)
                    yield Input(id="ask-high", max_length=80)
            yield Static("", id="ask-problem", classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t["ask_send"], id="save", variant="primary")
                yield Button(t["form_cancel"], id="cancel")

    def on_mount(self) -> None:
        """Type the question at once (multiple choice unless another kind is chosen)."""
        self._show_kind()
        self.query_one("#ask-text", Input).focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """Another kind: its fields show."""
        self.kind = (event.pressed.id or "kind-choice").removeprefix("kind-")
        self._show_kind()

    def _show_kind(self) -> None:
        self.query_one("#ask-choice").display = self.kind == "choice"
        self.query_one("#ask-scale").display = self.kind == "scale"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter asks (the options field takes Enter as a new line)."""
        self.action_save()

    def field_text(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    def _number(self, field: str) -> int | None:
        value = self.field_text(field)
        return int(value) if value.isdigit() else None

    def fields(self) -> dict[str, Any] | str:
        """The `ask` control's fields, or the text key of what is wrong."""
        text = self.field_text("ask-text")
        if not text:
            return "ask_no_text"
        if self.kind == "open":
            return {"kind": "open", "text": text}
        if self.kind == "choice":
            lines = self.query_one("#ask-options", TextArea).text.splitlines()
            options = [" ".join(line.split()) for line in lines if line.strip()]
            if not 2 <= len(options) <= MAX_OPTIONS or len(set(options)) != len(options):
                return "ask_bad_options"
            picks = self._number("ask-picks")
            if picks is None or not 1 <= picks <= len(options):
                return "ask_bad_picks"
            return {"kind": "choice", "text": text, "options": options, "max_picks": picks}
        low, high = self._number("ask-min"), self._number("ask-max")
        if low is None or high is None or not 0 <= low < high <= SCALE_TOP:
            return "ask_bad_scale"
        ends = [self.field_text("ask-low"), self.field_text("ask-high")]
        if any(ends) and not all(ends):
            return "ask_bad_labels"
        scale: dict[str, Any] = {"kind": "scale", "text": text, "min": low, "max": high}
        if all(ends):
            scale["labels"] = ends
        return scale

    def action_save(self) -> None:
        """Close with the fields, or say what to fix."""
        fields = self.fields()
        if isinstance(fields, dict):
            self.dismiss(fields)
            return
        self.query_one("#ask-problem", Static).update(plain(self.t[fields]))
