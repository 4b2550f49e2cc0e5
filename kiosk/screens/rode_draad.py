"""Rode draad: the focused question's answers grouped across tables, largest group first.

The grouping (rode_draad/, numpy and scipy) runs in a thread worker, one run at a time, on the
latest answers: the keys stay responsive and a burst of answers costs one more run, not one per
answer. The groups are the rows of a DataTable whose row cursor is the leader's selection. The
leader merges two groups (m on one, m on the other) or renames one (e); both go to the server as
a `control` and show here only once it sends them back.
"""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Static

from dialoogtafel.kiosk.keys import key
from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.base import KioskScreen
from dialoogtafel.kiosk.screens.modals import ItemForm
from dialoogtafel.kiosk.state import KioskState
from dialoogtafel.server.protocol import control

Inputs = tuple[Any, ...]  # what one grouping run depends on: question, answers, choices


def inputs_of(state: KioskState) -> Inputs:
    """The focused question's shown answers and the leader's choices for it."""
    question = state.question(state.status.focus)
    if question is None:
        return ()
    answers = tuple(
        (a.id, a.table, a.text) for a in state.answers_to(question.id) if a.state == "shown"
    )
    choices = tuple(
        (g.kind, g.answers, g.label) for g in state.groupings if g.question == question.id
    )
    return (question.id, question.text, state.language, answers, choices)


def grouped(inputs: Inputs) -> tuple[Any, ...]:
    """The groups for these inputs (in a worker thread: imports numpy on first use)."""
    from dialoogtafel.rode_draad import Choice, Entry
    from dialoogtafel.rode_draad.groups import group_answers

    _, question, language, answers, choices = inputs
    return group_answers(
        [Entry(*a) for a in answers],
        [Choice(kind, ids, label) for kind, ids, label in choices],
        language,
        question=question,
    )


class GroupTable(DataTable[Text], can_focus=False):
    """The groups, one row each; the screen's keys move its row cursor (it takes no focus)."""


class RodeDraadScreen(KioskScreen):
    """Groups of alike answers with their counts; the leader merges and renames them."""

    CSS_PATH = "rode_draad.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("up", "select_group(-1)", "group_up", key_display="↑"),
        key("down", "select_group(1)", "group_down", key_display="↓"),
        key("m", "merge_group", "merge"),
        key("e", "rename_group", "rename"),
        key("escape", "clear_mark", "unmark", key_display="Esc", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.groups: tuple[Any, ...] = ()
        self.marked: str | None = None  # the key of the group chosen first for a merge
        self.runs = 0  # grouping runs finished (for tests and the curious)
        self._done_for: Inputs | None = None
        self._job: Inputs | None = None
        self._want: Inputs = ()
        self.table = GroupTable(id="rd-groups", show_header=False, cursor_type="row")
        self.rows: list[str] = []  # the group keys as the table shows them
        self._filled: object = None  # what the table shows, to fill it only when that changes

    def compose_body(self) -> ComposeResult:
        """The question on top, the groups below."""
        yield Static(id="rd-head", markup=False)
        yield Static(id="rd-note", markup=False)
        yield self.table

    def on_mount(self) -> None:
        """Only the leader selects."""
        self.table.show_cursor = self.kiosk.role == "leader"
        super().on_mount()

    def on_resize(self) -> None:
        """Columns as wide as the screen allows."""
        if self.is_current:
            self._paint(self.kiosk.state)

    @property
    def selected(self) -> int:
        """The row of the selected group."""
        return self.table.cursor_row

    def draw(self, state: KioskState) -> None:
        """Regroup when the answers or choices changed, then draw what is known."""
        self._want = inputs_of(state)
        if self._want != self._done_for and self._job is None:
            self._start(self._want)
        self._paint(state)

    def _start(self, inputs: Inputs) -> None:
        if not inputs or not inputs[3]:
            self._finished(inputs, ())
            return
        self._job = inputs
        self.run_worker(
            partial(self._work, inputs),
            thread=True,
            group="rode-draad",
            description="rode draad",
            exit_on_error=False,
        )

    def _work(self, inputs: Inputs) -> None:
        groups: tuple[Any, ...] = ()
        try:
            groups = grouped(inputs)
        finally:  # even a failed run frees the screen for the next one
            self.app.call_from_thread(self._finished, inputs, groups)

    def _finished(self, inputs: Inputs, groups: tuple[Any, ...]) -> None:
        self._job, self._done_for = None, inputs
        self.groups = groups
        self.runs += 1
        if self.marked not in [g.key for g in groups]:
            self.marked = None
        if self._want != inputs:
            self._start(self._want)
        if self.is_current:  # else drawn when shown again
            self._paint(self.kiosk.state)

    def _paint(self, state: KioskState) -> None:
        t = self.t
        question = state.question(state.status.focus)
        head = Text(f"{t['rd_title']}  ", style="bold")
        if self._job is not None:
            head.append(t["rd_busy"], style="italic")
        if self.marked is not None:
            head.append(t["rd_marked"], style="bold yellow")
        head.append("\n")
        head.append_text(plain(question.text, "bold") if question else Text(t["no_focus"]))
        self.query_one("#rd-head", Static).update(head)
        note = self.query_one("#rd-note", Static)
        if question is None or not self._want or not self._want[3]:
            note.update(Text(t["rd_none"]) if question else "")
            shown: tuple[Any, ...] = ()
        elif self._done_for is None or self._done_for[:1] != self._want[:1]:
            note.update(Text(t["rd_busy"], style="italic"))  # another question's groups: not here
            shown = ()
        else:
            shown = self.groups
        note.display = not shown
        self.table.display = bool(shown)
        self._fill(state, shown)

    def _fill(self, state: KioskState, groups: tuple[Any, ...]) -> None:
        """One row per group: its mark, label, counts and most typical answer."""
        t, table = self.t, self.table
        width = (table.size.width or self.size.width - 4) - 2  # less the scroll bar
        filled = (groups, self.marked, width, state.language, state.answers)
        if filled == self._filled:
            return
        self._filled = filled
        of = len({a[1] for a in self._done_for[3]}) if self._done_for else 0
        text_of = {a.id: a.text for a in state.answers.values()}
        counts = [
            t["rd_counts"].format(answers=len(g.answers), n=len(g.tables), of=of)
            if len(g.answers) > 1
            else t["rd_counts_one"].format(of=of)
            for g in groups
        ]
        row = table.cursor_row
        was = self.rows[row] if 0 <= row < len(self.rows) else None
        table.clear(columns=True)
        count_width = max(map(len, counts), default=1)
        rest = max(width - 1 - count_width - 4 * 2, 10)  # each column has a cell of padding a side
        table.add_column("", width=1)
        table.add_column("", width=rest * 2 // 5)
        table.add_column("", width=count_width)
        table.add_column("", width=rest - rest * 2 // 5)
        for g, count in zip(groups, counts, strict=True):
            single = len(g.answers) == 1
            label = plain(g.label, "" if single else "bold", limit=80)
            if g.renamed:
                label.append(" ✎", style="italic")
            example = plain(text_of.get(g.representatives[0], ""), "dim" if single else "")
            example.no_wrap, example.overflow = True, "ellipsis"
            mark = Text("✚" if g.key == self.marked else "", style="bold cyan")
            table.add_row(mark, label, Text(count), example, key=g.key, height=None)
        self.rows = [g.key for g in groups]
        if was in self.rows:
            table.move_cursor(row=self.rows.index(was), animate=False)

    # --- the leader's keys -------------------------------------------------------------------

    def _current(self) -> Any | None:
        row = self.table.cursor_row
        key = self.rows[row] if 0 <= row < len(self.rows) else None
        return next((g for g in self.groups if g.key == key), None)

    def action_select_group(self, delta: int) -> None:
        """Move the selection up or down the groups."""
        if delta > 0:
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()

    def action_merge_group(self) -> None:
        """First m chooses a group; m on another merges the two (once the server confirms)."""
        group, question = self._current(), self.kiosk.state.status.focus
        if group is None or question is None:
            return
        if self.marked is None or self.marked == group.key:
            self.marked = None if self.marked == group.key else group.key
        else:
            first = next((g for g in self.groups if g.key == self.marked), None)
            self.marked = None
            if first is not None:
                answers = sorted({*first.answers, *group.answers})
                self.kiosk.send(control("group_merge", question=question, answers=answers))
        self._paint(self.kiosk.state)

    def action_clear_mark(self) -> None:
        """Forget the group chosen for a merge."""
        self.marked = None
        self._paint(self.kiosk.state)

    def action_rename_group(self) -> None:
        """Type a new label for the selected group; sent as a control when saved."""
        group, state = self._current(), self.kiosk.state
        question = state.status.focus
        if group is None or question is None:
            return
        answers = list(group.answers)

        def saved(values: dict[str, str] | None) -> None:
            if values and values.get("text"):
                label = values["text"]
                self.kiosk.send(
                    control("group_rename", question=question, answers=answers, label=label)
                )

        heading = self.t["rd_rename"].format(label=group.label)
        form = ItemForm(state.language, heading, "note", {"text": group.label})
        self.app.push_screen(form, saved)
