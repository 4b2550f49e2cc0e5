"""Rode draad: the focused question's answers grouped across tables, largest group first.

The grouping (rode_draad/, numpy and scipy) runs in a thread worker, one run at a time, on the
latest answers: the keys stay responsive and a burst of answers costs one more run, not one per
answer. The leader merges two groups (m on one, m on the other) or renames one (e); both go to
the server as a `control` and show here only once it sends them back.
"""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

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


class RodeDraadScreen(KioskScreen):
    """Groups of alike answers with their counts; the leader merges and renames them."""

    CSS_PATH = "rode_draad.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("up", "select_group(-1)", "group_up", key_display="↑"),
        key("down", "select_group(1)", "group_down", key_display="↓"),
        key("m", "merge_group", "merge"),
        key("e", "rename_group", "rename"),
        key("escape", "clear_mark", "clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.groups: tuple[Any, ...] = ()
        self.selected = 0
        self.marked: str | None = None  # the key of the group chosen first for a merge
        self.runs = 0  # grouping runs finished (for tests and the curious)
        self._done_for: Inputs | None = None
        self._job: Inputs | None = None
        self._want: Inputs = ()

    def compose_body(self) -> ComposeResult:
        """The question on top, the groups below."""
        yield Static(id="rd-head", markup=False)
        with VerticalScroll(id="rd-scroll", can_focus=False):
            yield Static(id="rd-groups", markup=False)

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
        keys = [g.key for g in self.groups]
        was = keys[self.selected] if self.selected < len(keys) else None
        self.groups = groups
        self.runs += 1
        now = [g.key for g in groups]
        self.selected = now.index(was) if was in now else min(self.selected, max(len(now) - 1, 0))
        if self.marked not in now:
            self.marked = None
        if self._want != inputs:
            self._start(self._want)
        self._paint(self.kiosk.state)

    def _paint(self, state: KioskState) -> None:
        if not self.is_mounted:
            return
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
        body = self.query_one("#rd-groups", Static)
        if question is None or not self._want or not self._want[3]:
            body.update(Text(t["rd_none"]) if question else "")
        elif self._done_for is None or self._done_for[:1] != self._want[:1]:
            body.update(Text(t["rd_busy"], style="italic"))  # another question's groups: not here
        else:
            body.update(self._table(state))

    def _table(self, state: KioskState) -> Table:
        t, of = self.t, len({a[1] for a in self._done_for[3]}) if self._done_for else 0
        text_of = {a.id: a.text for a in state.answers.values()}
        table = Table(box=box.SIMPLE_HEAVY, expand=True, show_header=False, show_edge=False)
        table.add_column("", no_wrap=True, width=2)
        table.add_column("", ratio=2)
        table.add_column("", no_wrap=True, justify="right")
        table.add_column("", ratio=3, no_wrap=True, overflow="ellipsis")
        for n, g in enumerate(self.groups):
            selected = n == self.selected and self.kiosk.role == "leader"
            mark = "▶" if selected else ("✚" if g.key == self.marked else "")
            size = len(g.answers)
            counts = (
                t["rd_counts"].format(answers=size, n=len(g.tables), of=of)
                if size > 1
                else t["rd_counts_one"].format(of=of)
            )
            style = "bold reverse" if selected else "bold" if size > 1 else ""
            label = plain(g.label, style, limit=80)
            if g.renamed:
                label.append(" ✎", style="italic")
            example = plain(text_of.get(g.representatives[0], ""), "" if size > 1 else "dim")
            table.add_row(Text(mark, style="bold cyan"), label, Text(counts), example)
        return table

    # --- the leader's keys -------------------------------------------------------------------

    def _current(self) -> Any | None:
        return self.groups[self.selected] if self.selected < len(self.groups) else None

    def action_select_group(self, delta: int) -> None:
        """Move the selection up or down the groups."""
        if self.groups:
            self.selected = min(max(self.selected + delta, 0), len(self.groups) - 1)
            self._paint(self.kiosk.state)
            self.query_one("#rd-scroll", VerticalScroll).scroll_to(
                y=max(self.selected - 5, 0), animate=False
            )

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
