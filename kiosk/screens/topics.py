"""Rode draad: the focused question's topics with their answers, the unplaced answers, and the
computer's proposals; the leader adds, renames and removes topics, moves answers and takes over
a proposal with one key. Everything shown arrives from the server (`topic`, `placed`,
`suggestions`): the kiosk computes nothing, so every kiosk and the exports agree.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dialoogtafel.kiosk.keys import key
from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.base import KioskScreen
from dialoogtafel.kiosk.screens.modals import ConfirmScreen, ItemForm
from dialoogtafel.kiosk.screens.topic_move import MoveScreen
from dialoogtafel.kiosk.state import AnswerInfo, KioskState
from dialoogtafel.server.protocol import control


def method_line(t: dict[str, str], method: str) -> str:
    """Which method placed the answers, in the kiosk's words."""
    if method == "lexical":
        return t["rd_method_lexical"]
    return t["rd_method_model"].format(model=method) if method else t["rd_method_none"]


class RodeDraadScreen(KioskScreen):
    """Topics with "N antwoorden · T van M tafels" and their answers; unplaced; proposals."""

    CSS_PATH = "topics.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("a", "add_topic", "add_topic"),
        key("e", "edit_topic", "edit_topic"),
        key("x,delete", "remove_topic", "remove_topic", key_display="x"),
        key("m", "move_answer", "move_answer"),
        key("p", "accept_suggestion", "accept_suggestion"),  # and Enter on the proposal
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []  # option ids in order: "topic:ID", "answer:ID", "suggestion:N"

    def compose_body(self) -> ComposeResult:
        """The head, then one list of topics, answers and proposals."""
        yield Static(id="rd-head", markup=False)
        yield OptionList(id="rd-list")

    def on_mount(self) -> None:
        """Arrow keys move through the list at once."""
        super().on_mount()
        self.query_one("#rd-list", OptionList).focus()

    def draw(self, state: KioskState) -> None:
        """Redraw from the state; the highlighted row stays where it was."""
        if not self.is_mounted:
            return
        t, rd = self.t, state.rode_draad
        question = state.question(state.status.focus)
        head = Text(f"{t['rd_title']}  ", style="bold")
        head.append(method_line(t, rd.method), style="italic")
        head.append("\n")
        head.append_text(plain(question.text, "bold") if question else Text(t["no_focus"]))
        self.query_one("#rd-head", Static).update(head)
        options = self.option_rows(state) if question else []
        box = self.query_one("#rd-list", OptionList)
        was = self.current_row()
        box.clear_options()
        box.add_options(options)
        self.rows = [o.id or "" for o in options]
        if was in self.rows:
            box.highlighted = self.rows.index(was)
        elif options:
            box.highlighted = next((i for i, o in enumerate(options) if not o.disabled), None)

    def option_rows(self, state: KioskState) -> list[Option]:
        t, rd = self.t, state.rode_draad
        focus = state.status.focus
        shown = [a for a in state.answers_to(focus) if a.state == "shown"]
        of = len({a.table for a in shown})
        topics = rd.topics_of(focus)
        if not shown and not topics:
            return [Option(Text(t["rd_none"]), disabled=True)]

        def counts(answers: list[AnswerInfo]) -> str:
            key_ = "rd_counts_one" if len(answers) == 1 else "rd_counts"
            return t[key_].format(answers=len(answers), n=len({a.table for a in answers}), of=of)

        def answer_row(a: AnswerInfo, style: str = "") -> Option:
            line = Text("    ")
            line.append_text(plain(" ".join(a.text.split()), style, limit=160))
            if rd.placements.get(a.id, (None, ""))[1] == "leader":
                line.append(t["rd_by_hand"], style="italic dim")
            return Option(line, id=f"answer:{a.id}")

        out: list[Option] = []
        placed: dict[str | None, list[AnswerInfo]] = {}
        for a in shown:
            placed.setdefault(rd.topic_of(a.id), []).append(a)
        for topic in sorted(topics, key=lambda tp: -len(placed.get(tp.id, []))):
            members = placed.get(topic.id, [])
            label = plain(topic.name, "bold yellow", limit=60)
            label.append(f"   {counts(members)}")
            out.append(Option(label, id=f"topic:{topic.id}"))
            out += [answer_row(a) for a in members]
        unplaced = placed.get(None, [])
        out.append(Option(Text(t["rd_unplaced"].format(n=len(unplaced)), "bold"), disabled=True))
        out += [answer_row(a, "dim") for a in unplaced]
        suggestions = rd.suggestions.get(focus or "", ())
        if suggestions:
            out.append(Option(Text(t["rd_suggestions"], "bold cyan"), disabled=True))
        text_of = {a.id: a for a in shown}
        for n, g in enumerate(suggestions):
            members = [text_of[i] for i in g.answers if i in text_of]
            label = plain(g.label, "bold cyan", limit=60)
            label.append(f" ({t['rd_proposal']})   {counts(members)}\n    ", style="cyan")
            typical = text_of.get(g.typical)
            label.append_text(plain(typical.text if typical else "", "italic", limit=160))
            out.append(Option(label, id=f"suggestion:{n}"))
        return out

    # --- the leader's keys -------------------------------------------------------------------

    def current_row(self) -> str | None:
        box = self.query_one("#rd-list", OptionList)
        i = box.highlighted
        return self.rows[i] if i is not None and i < len(self.rows) else None

    def selected_id(self, kind: str) -> str | None:
        row = self.current_row()
        return row.split(":", 1)[1] if row and row.startswith(f"{kind}:") else None

    def action_add_topic(self) -> None:
        """Type a name and a sentence; sent as topic_add when saved."""
        state = self.kiosk.state
        question = state.question(state.status.focus)
        if question is None:
            return

        def saved(values: dict[str, str] | None) -> None:
            if values and values.get("text"):
                self.kiosk.send(
                    control(
                        "topic_add",
                        question=question.id,
                        name=values["text"],
                        about=values.get("about", ""),
                    )
                )

        heading = self.t["rd_add"].format(question=question.text)
        self.app.push_screen(ItemForm(state.language, heading, "topic", {}), saved)

    def action_edit_topic(self) -> None:
        """Rename the highlighted topic (or the one its answer is in), or change its sentence."""
        state = self.kiosk.state
        topic_id = self.selected_id("topic")
        answer_id = self.selected_id("answer")
        if topic_id is None and answer_id is not None:
            topic_id = state.rode_draad.topic_of(answer_id)
        topic = state.rode_draad.topics.get(topic_id or "")
        if topic is None:
            return

        def saved(values: dict[str, str] | None) -> None:
            if values and values.get("text"):
                name, about = values["text"], values.get("about", "")
                self.kiosk.send(control("topic_edit", topic=topic.id, name=name, about=about))

        heading = self.t["rd_edit"].format(name=topic.name)
        values = {"text": topic.name, "about": topic.about}
        self.app.push_screen(ItemForm(state.language, heading, "topic", values), saved)

    def action_remove_topic(self) -> None:
        """Remove the highlighted topic, once the leader confirms."""
        state = self.kiosk.state
        topic = state.rode_draad.topics.get(self.selected_id("topic") or "")
        if topic is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.kiosk.send(control("topic_remove", topic=topic.id))

        screen = ConfirmScreen(state.language, "rd_remove_confirm", name=topic.name)
        self.app.push_screen(screen, confirmed)

    def action_move_answer(self) -> None:
        """Place the highlighted answer by hand: pick a topic, or "fits no topic"."""
        state = self.kiosk.state
        answer = state.answers.get(self.selected_id("answer") or "")
        if answer is None:
            return
        topics = state.rode_draad.topics_of(answer.question)

        def picked(choice: str | None) -> None:
            if choice is not None:
                topic = None if choice == "" else choice
                self.kiosk.send(control("topic_move", answer=answer.id, topic=topic))

        self.app.push_screen(MoveScreen(state.language, answer.text, topics), picked)

    def action_accept_suggestion(self) -> None:
        """Take the highlighted proposal as a topic, its answers in it (one key)."""
        state = self.kiosk.state
        n = self.selected_id("suggestion")
        focus = state.status.focus
        groups = state.rode_draad.suggestions.get(focus or "", ())
        if n is None or focus is None or int(n) >= len(groups):
            return
        g = groups[int(n)]
        name = g.label[:60]
        self.kiosk.send(control("topic_add", question=focus, name=name, answers=list(g.answers)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a proposal takes it over."""
        event.stop()
        if (event.option.id or "").startswith("suggestion:") and self.kiosk.allowed(
            "accept_suggestion"
        ):
            self.action_accept_suggestion()
