"""Dialogs over the kiosk: confirm, help, the form for notes and actions, where the files went."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.texts import texts

Result = TypeVar("Result")


class ConfirmScreen(ModalScreen[bool]):
    """Yes or no: y (or j) says yes; Escape or n says no; Enter presses the focused button."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,j", "answer(True)", show=False),
        Binding("escape,n", "answer(False)", show=False),
    ]

    def __init__(self, language: str, text_key: str, **fields: str) -> None:
        super().__init__()
        self.t = texts(language)
        self.question = self.t[text_key].format(**fields)

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.t["confirm_yes"], id="yes", variant="error")
                yield Button(self.t["confirm_no"], id="no", variant="primary")

    def on_mount(self) -> None:
        """No is the safe default."""
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Yes or no."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Answer by key."""
        self.dismiss(yes)


class HelpScreen(ModalScreen[None]):
    """Every key that works on the screen below, with what it does."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,enter,q", "dismiss", show=False),
    ]

    def __init__(self, language: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.t = texts(language)
        self.rows = rows

    def compose(self) -> ComposeResult:
        """A table of keys."""
        table = Table(title=self.t["help_title"], expand=True, title_style="bold")
        table.add_column(self.t["help_key"], style="bold", no_wrap=True)
        table.add_column(self.t["help_does"])
        for keys, does in self.rows:
            table.add_row(Text(keys), Text(does))
        with VerticalScroll(classes="dialog"):
            yield Static(table, id="help-table")


class ExportsScreen(ModalScreen[None]):
    """Where the server wrote the JSON and the minutes after the end."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "dismiss", show=False)]

    def __init__(self, language: str, exports: dict[str, str]) -> None:
        super().__init__()
        self.t = texts(language)
        self.exports = exports

    def compose(self) -> ComposeResult:
        """The files' paths, spelled out."""
        t = self.t
        body = Text(f"{t['exports_title']}\n\n", style="bold")
        body.append(f"{t['exports_body']}\n\n")
        names = {"json": t["exports_json"], "md": t["exports_md"], "docx": t["exports_docx"]}
        for kind, path in self.exports.items():
            body.append(f"{names.get(kind, kind)}: ", style="bold")
            body.append_text(plain(path))
            body.append("\n")
        with Vertical(classes="dialog"):
            yield Static(body, id="exports-text")
            yield Button(t["close"], id="close", variant="primary")

    def on_button_pressed(self) -> None:
        """Close."""
        self.dismiss(None)


class Form(ModalScreen[Result | None]):
    """A dialog with a save button (id "save") and a cancel button; Escape cancels."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or cancel."""
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        """Close with the result when it is good (each form says what that is)."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        """Close without a result."""
        self.dismiss(None)


class ItemForm(Form[dict[str, str]]):
    """Type a note (text) or an action (what, who, when); Enter saves, Escape cancels."""

    def __init__(self, language: str, heading: str, kind: str, values: dict[str, str]) -> None:
        super().__init__()
        self.t = texts(language)
        self.heading = heading
        self.kind = kind
        self.values = values

    def fields(self) -> list[tuple[str, str]]:
        """(field, label) in order."""
        t = self.t
        if self.kind == "note":
            return [("text", t["form_text"])]
        if self.kind == "topic":
            return [("text", t["topic_name"]), ("about", t["topic_about"])]
        return [("text", t["action_what"]), ("who", t["action_who"]), ("when", t["action_when"])]

    def compose(self) -> ComposeResult:
        """A labelled input per field, then the buttons."""
        with Vertical(classes="dialog"):
            yield Static(plain(self.heading, "bold"), classes="dialog-text")
            for name, label in self.fields():
                yield Label(label, markup=False)
                limit = {"text": 60, "about": 200}.get(name, 4000) if self.kind == "topic" else 4000
                yield Input(self.values.get(name, ""), id=f"field-{name}", max_length=limit)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.t["form_save"], id="save", variant="primary")
                yield Button(self.t["form_cancel"], id="cancel")

    def on_mount(self) -> None:
        """Start typing at once."""
        self.query_one(Input).focus()

    def result(self) -> dict[str, str]:
        """What was typed, trimmed."""
        return {
            name: self.query_one(f"#field-{name}", Input).value.strip() for name, _ in self.fields()
        }

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the last field saves; in another, moves on."""
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            inputs[inputs.index(event.input) + 1].focus()

    def action_save(self) -> None:
        """Close with the values, unless the text is empty."""
        values = self.result()
        if values["text"]:
            self.dismiss(values)
        else:
            self.query_one("#field-text", Input).focus()
