"""Notes: plenary notes per question and follow-up actions, typed by the leader."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.visual import VisualType
from textual.widgets import Static

from dialoogtafel.kiosk.keys import key
from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.base import KioskScreen
from dialoogtafel.kiosk.screens.choices import Choices, Row
from dialoogtafel.kiosk.screens.modals import ConfirmScreen, ItemForm
from dialoogtafel.kiosk.state import KioskState, Note
from dialoogtafel.server.protocol import control

Values = dict[str, str] | None  # what the form returns: the fields, or None when cancelled


def ordered_notes(state: KioskState) -> list[Note]:
    """Notes in the order of the set's questions, plenary notes last."""
    order = {q.id: i for i, q in enumerate(state.questions)}
    notes = list(state.notes.values())
    return sorted(notes, key=lambda n: order.get(n.question or "", len(order)))


def action_row(cells: tuple[Text, Text, Text, Text]) -> Table:
    """One action as a row (or the header): the same columns in every row, so the rows align."""
    table = Table(box=None, expand=True, show_header=False, pad_edge=False)
    table.add_column(justify="right", no_wrap=True, width=3)
    for ratio in (3, 1, 1):
        table.add_column(ratio=ratio)
    table.add_row(*cells)
    return table


class NotesScreen(KioskScreen):
    """What goes into the minutes besides the answers."""

    CSS_PATH = "notes.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("n", "add_note", "note"),
        key("p", "add_plenary", "plenary"),
        key("a", "add_action", "action"),
        key("e", "edit_item", "edit"),
        key("x", "remove_item", "remove"),
        key("delete", "remove_item", "remove", key_display="Del"),
        key("up", "select_item(-1)", "item_up", key_display="↑"),
        key("down", "select_item(1)", "item_down", key_display="↓"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items = Choices(id="notes-list")

    def compose_body(self) -> ComposeResult:
        """The title, then notes and actions in one list."""
        yield Static(id="notes-title", markup=False)
        yield self.items

    @property
    def selected(self) -> str | None:
        """The id of the selected note or action."""
        return self.items.chosen

    def draw(self, state: KioskState) -> None:
        """Notes grouped per question (plenary last), then the actions; headings between."""
        t = self.t
        title = Text(t["notes_title"], style="bold underline")
        self.query_one("#notes-title", Static).update(title)
        rows: list[Row] = []
        notes = ordered_notes(state)
        if not notes:
            rows.append((None, ("notes_none", state.language)))
        heading: str | None = "-"
        for note in notes:
            if note.question != heading:
                heading = note.question
                question = state.question(note.question)
                text = question.text if question else None
                rows.append((None, ("question", state.question_index(note.question), text)))
            rows.append((note.id, ("note", note.text)))
        rows.append((None, ("actions_title", state.language)))
        head = ("actions_head", state.language) if state.actions else ("actions_none",)
        rows.append((None, head))
        for nr, action in enumerate(state.actions.values(), 1):
            rows.append((action.id, ("action", nr, action.text, action.who, action.when)))

        def draw(_: int, row: Row) -> VisualType:
            look: tuple[object, ...] = row[1]  # type: ignore[assignment]
            kind = look[0]
            if kind == "question":
                index, text = look[1], look[2]
                if not isinstance(index, int) or text is None:
                    return Text(f"\n{t['notes_plenary']}", style="bold")
                return Text(f"\n{index + 1}. ", style="bold").append_text(plain(text, "bold"))
            if kind == "note":
                return Text("  • ").append_text(plain(look[1]))
            if kind == "action":
                nr, what, who, when = look[1:]
                return action_row((Text(str(nr)), plain(what), plain(who), plain(when)))
            if kind == "actions_head":
                words = ("#", t["action_what"], t["action_who"], t["action_when"])
                return action_row(tuple(Text(w, style="bold underline") for w in words))  # type: ignore[arg-type]
            if kind == "actions_title":
                return Text(f"\n{t['actions_title']}", style="bold underline")
            return Text(t[kind], style="dim")  # notes_none, actions_none

        self.items.show(rows, draw)

    # --- keys ---------------------------------------------------------------------------------

    def action_select_item(self, delta: int) -> None:
        """Move the selection through notes and actions."""
        if delta > 0:
            self.items.action_cursor_down()
        else:
            self.items.action_cursor_up()

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
        chosen = self.items.chosen or ""
        item = state.notes.get(chosen) or state.actions.get(chosen)
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
        item_id = self.items.chosen
        if item_id is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.kiosk.send(control("remove_item", item=item_id))

        self.app.push_screen(ConfirmScreen(self.kiosk.state.language, "confirm_remove"), confirmed)
