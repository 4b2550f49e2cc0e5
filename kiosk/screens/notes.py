"""Notes: plenary notes per question and follow-up actions, typed by the leader."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from dialoogtafel.kiosk.keys import key
from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.base import KioskScreen
from dialoogtafel.kiosk.screens.modals import ConfirmScreen, ItemForm
from dialoogtafel.kiosk.state import Action, KioskState, Note
from dialoogtafel.server.protocol import control

SELECTED = "bold reverse"
Values = dict[str, str] | None  # what the form returns: the fields, or None when cancelled


def ordered_notes(state: KioskState) -> list[Note]:
    """Notes in the order of the set's questions, plenary notes last."""
    order = {q.id: i for i, q in enumerate(state.questions)}
    notes = list(state.notes.values())
    return sorted(notes, key=lambda n: order.get(n.question or "", len(order)))


class NotesScreen(KioskScreen):
    """What goes into the minutes besides the answers."""

    CSS_PATH = "notes.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("n", "add_note", "note"),
        key("p", "add_plenary", "plenary"),
        key("a", "add_action", "action"),
        key("e", "edit_item", "edit"),
        key("x,delete", "remove_item", "remove"),
        key("up", "select_item(-1)", "item_up", key_display="↑"),
        key("down", "select_item(1)", "item_down", key_display="↓"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.selected: str | None = None

    def compose_body(self) -> ComposeResult:
        """Notes, then actions."""
        with VerticalScroll(id="notes-scroll", can_focus=False):
            yield Static(id="notes-body", markup=False)

    def items(self, state: KioskState) -> list[Note | Action]:
        """Every item in the order drawn: notes, then actions."""
        return [*ordered_notes(state), *state.actions.values()]

    def draw(self, state: KioskState) -> None:
        """Notes grouped per question (plenary last), then the table of actions."""
        t = self.t
        if self.selected not in state.notes and self.selected not in state.actions:
            self.selected = None
        parts: list[RenderableType] = [Text(t["notes_title"], style="bold underline")]
        notes = ordered_notes(state)
        if not notes:
            parts.append(Text(t["notes_none"], style="dim"))
        heading: str | None = "-"
        for note in notes:
            if note.question != heading:
                heading = note.question
                question = state.question(note.question)
                index = state.question_index(note.question)
                title = (
                    Text(f"\n{index + 1}. ", style="bold").append_text(plain(question.text, "bold"))
                    if question is not None and index is not None
                    else Text(f"\n{t['notes_plenary']}", style="bold")
                )
                parts.append(title)
            line = Text("  • ")
            line.append_text(plain(note.text))
            if note.id == self.selected:
                line.stylize(SELECTED)
            parts.append(line)
        parts.append(Text(f"\n{t['actions_title']}", style="bold underline"))
        if state.actions:
            parts.append(self._actions(state))
        else:
            parts.append(Text(t["actions_none"], style="dim"))
        self.query_one("#notes-body", Static).update(Group(*parts))

    def _actions(self, state: KioskState) -> Table:
        t = self.t
        table = Table(box=box.SIMPLE_HEAVY, expand=True, header_style="bold")
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column(t["action_what"], ratio=3)
        table.add_column(t["action_who"], ratio=1)
        table.add_column(t["action_when"], ratio=1)
        for nr, action in enumerate(state.actions.values(), 1):
            style = SELECTED if action.id == self.selected else ""
            cells = (Text(str(nr)), plain(action.text), plain(action.who), plain(action.when))
            table.add_row(*cells, style=style)
        return table

    # --- keys ---------------------------------------------------------------------------------

    def action_select_item(self, delta: int) -> None:
        """Move the selection through notes and actions."""
        ids = [i.id for i in self.items(self.kiosk.state)]
        if not ids:
            return
        if self.selected not in ids:
            self.selected = ids[0] if delta > 0 else ids[-1]
        else:
            index = min(max(ids.index(self.selected) + delta, 0), len(ids) - 1)
            self.selected = ids[index]
        self.draw(self.kiosk.state)

    def _form(
        self, heading: str, kind: str, values: dict[str, str], send: Callable[[Values], None]
    ) -> None:
        self.app.push_screen(ItemForm(self.kiosk.state.language, heading, kind, values), send)

    def action_add_note(self) -> None:
        """A note on the question in focus."""
        state = self.kiosk.state
        question = state.question(state.status.focus)
        if question is None:
            self.action_add_plenary()
            return

        def send(values: dict[str, str] | None) -> None:
            if values:
                self.kiosk.send(control("note", question=question.id, text=values["text"]))

        self._form(self.t["form_note"].format(q=question.text), "note", {}, send)

    def action_add_plenary(self) -> None:
        """A note for the plenary feedback, tied to no question."""

        def send(values: dict[str, str] | None) -> None:
            if values:
                self.kiosk.send(control("note", question=None, text=values["text"]))

        self._form(self.t["form_plenary"], "note", {}, send)

    def action_add_action(self) -> None:
        """A follow-up action: what, who, when."""

        def send(values: dict[str, str] | None) -> None:
            if values:
                self.kiosk.send(control("action_item", **values))

        self._form(self.t["form_action"], "action", {}, send)

    def action_edit_item(self) -> None:
        """Change the selected note or action; only changed fields are sent."""
        state = self.kiosk.state
        item = state.notes.get(self.selected or "") or state.actions.get(self.selected or "")
        if item is None:
            return
        if isinstance(item, Note):
            kind, before = "note", {"text": item.text}
            question = state.question(item.question)
            heading = (
                self.t["form_note"].format(q=question.text) if question else self.t["form_plenary"]
            )
        else:
            kind, before = "action", {"text": item.text, "who": item.who, "when": item.when}
            heading = self.t["form_action"]

        def send(values: dict[str, str] | None) -> None:
            changed = {k: v for k, v in (values or {}).items() if before.get(k) != v}
            if changed:
                self.kiosk.send(control("edit_item", item=item.id, **changed))

        self._form(heading, kind, before, send)

    def action_remove_item(self) -> None:
        """Remove the selected note or action, after a confirmation."""
        item_id = self.selected
        if item_id is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.kiosk.send(control("remove_item", item=item_id))

        self.app.push_screen(ConfirmScreen(self.kiosk.state.language, "confirm_remove"), confirmed)
