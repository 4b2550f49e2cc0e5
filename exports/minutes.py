"""The minutes (verslag) of a session as Markdown, in the flow of seed 004 (DESIGN.md, Minutes)."""

from __future__ import annotations

from collections import defaultdict
from datetime import tzinfo

from dialoogtafel.exports.content import kept_items
from dialoogtafel.exports.markdown import escape_cell, escape_md, escape_paragraphs
from dialoogtafel.exports.minutes_texts import TEXTS, count, listing, local_time, when
from dialoogtafel.exports.topics import QuestionThread, thread_of
from dialoogtafel.server.domain.model import Answer, Item, Question, Session, Theme
from dialoogtafel.server.domain.views import (
    devices_joined,
    joined_counts,
    question_is_for_table,
    rounds_used,
    vote_count,
)

HIGHLIGHT = "★"


def render_minutes(session: Session, tz: tzinfo | None = None) -> str:
    """The minutes as Markdown; times in `tz`, or in the machine's own zone when it is None."""
    return "\n\n".join(_Minutes(session).parts(tz)) + "\n"


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


class _Minutes:
    """One rendering: the session, its language, and the answers and notes grouped once."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.language = s.questions.language
        self.texts = TEXTS[self.language]
        self.joined = {n: k for n, k in sorted(joined_counts(s).items()) if k > 0}
        self.answers: dict[str, dict[int, list[Answer]]] = defaultdict(lambda: defaultdict(list))
        theme_of = {q.id: q.theme for q in s.questions.questions}
        self.theme_tables: dict[str | None, set[int]] = defaultdict(set)  # tables that answered
        for a in s.answers.values():
            self.theme_tables[theme_of.get(a.question)].add(a.table)
            if a.state == "shown":
                self.answers[a.question][a.table].append(a)
        for tables in self.answers.values():
            for group in tables.values():  # highlighted first, then most votes, then oldest
                group.sort(key=lambda a: (not a.highlighted, -vote_count(s, a.id), a.created, a.id))
        self.thread = thread_of(s)
        self.notes: dict[str | None, list[Item]] = defaultdict(list)
        for note in kept_items(s, "note"):
            self.notes[note.question].append(note)

    def parts(self, tz: tzinfo | None) -> list[str]:
        """The blocks of the minutes, in order."""
        parts = [self.header(tz), self.present(), self.purpose()]
        theme: str | None = None
        for n, q in enumerate(self.s.questions.questions, start=1):
            if q.theme is not None and q.theme != theme:
                parts.append(self.theme(q.theme))
            theme = q.theme
            parts.append(self.question(n, q))
        return [*parts, self.plenary(), self.actions(), self.left_out()]

    def counted(self, what: str, n: int) -> str:
        """A number with its noun in the session's language."""
        return count(self.language, what, n)

    def tables(self, numbers: list[int]) -> str:
        """ "tafel 4", "tafels 2, 4 en 6"."""
        key = "table_one" if len(numbers) == 1 else "table_many"
        return self.texts[key].format(tables=listing(self.language, [str(n) for n in numbers]))

    def table_name(self, table: int, section_theme: str | None = None) -> str:
        """ "Tafel 2", with the table's theme when the set has themes and the section is not it."""
        theme_id = self.s.tables.get(table)
        theme = self.s.questions.theme(theme_id) if theme_id else None
        if theme is None or theme_id == section_theme:
            return self.texts["table"].format(n=table)
        return self.texts["table_theme"].format(n=table, theme=escape_md(theme.title))

    def header(self, tz: tzinfo | None) -> str:
        s, texts, qs = self.s, self.texts, self.s.questions
        end = local_time(s.state.ended_at, tz) if s.state.ended and s.state.ended_at else None
        facts = [
            (texts["date"], when(self.language, local_time(s.created, tz), end)),
            (texts["set"], f"{escape_md(qs.title)} ({escape_md(qs.id)})"),
            *([(texts["source"], escape_md(qs.source))] if qs.source.strip() else []),
            (texts["code"], escape_md(s.code)),
            (texts["status"], texts["definitief"] if s.state.ended else texts["concept"]),
        ]
        listed = _bullets([f"**{label}:** {value}" for label, value in facts])
        return f"# {escape_md(s.title)}\n\n{texts['lead']}\n\n{listed}"

    def present(self) -> str:
        texts, head = self.texts, f"## {self.texts['present']}"
        if not self.joined:
            return f"{head}\n\n{texts['present_none']}"
        devices = devices_joined(self.s)
        total = texts["present_total"].format(
            people=self.counted("people", devices), tables=self.counted("tables", len(self.joined))
        )
        if sum(self.joined.values()) > devices:
            total += " " + texts["present_moved"]
        rows = [
            texts["present_table"].format(
                table=self.table_name(n), people=self.counted("people", k)
            )
            for n, k in self.joined.items()
        ]
        return f"{head}\n\n{total}\n\n{_bullets(rows)}"

    def purpose(self) -> str:
        qs = self.s.questions
        method = self.texts["method"].format(questions=self.counted("questions", len(qs.questions)))
        method += " " + self.texts["rode_draad_method"].format(how=self.how())
        intro = escape_paragraphs(qs.intro)
        return f"## {self.texts['purpose']}\n\n" + (f"{intro}\n\n{method}" if intro else method)

    def how(self) -> str:
        """One sentence on how the rode draad was placed: the model, the fallback, by hand."""
        used, hand = self.thread.placing, self.counted("answers", self.thread.by_hand)
        if used == "lexical":
            return self.texts["placed_lexical"].format(hand=hand)
        if used:
            return self.texts["placed_model"].format(model=used, hand=hand)
        return self.texts["placed_none"].format(hand=hand)

    def theme(self, theme_id: str) -> str:
        """A theme's heading, its explanation, and the tables that have it or answered it."""
        theme = self.s.questions.theme(theme_id) or Theme(theme_id, theme_id)
        answered = self.theme_tables[theme_id]
        at = [n for n in self.joined if self.s.tables.get(n) == theme_id or n in answered]
        where = self.texts["theme_tables"].format(tables=self.tables(at)) if at else None
        parts = [
            f"## {self.texts['theme'].format(title=escape_md(theme.title))}",
            escape_paragraphs(theme.explanation),
            where or self.texts["theme_no_tables"],
        ]
        return "\n\n".join(p for p in parts if p)

    def answer_line(self, a: Answer) -> str:
        votes = vote_count(self.s, a.id)
        mark = f"{HIGHLIGHT} " if a.highlighted else ""
        tally = f" ({self.counted('votes', votes)})" if votes else ""
        return f"{mark}{escape_md(a.text)}{tally}"

    def table_answers(self, answers: list[Answer]) -> str:
        """A table's answers as bullets; per round (a bold line each) when there were several."""
        if rounds_used(self.s) == 1:
            return _bullets([self.answer_line(a) for a in answers])
        blocks = []
        for r in sorted({a.round for a in answers}):
            lines = [self.answer_line(a) for a in answers if a.round == r]
            blocks.append(f"**{self.texts['round'].format(n=r)}**\n\n{_bullets(lines)}")
        return "\n\n".join(blocks)

    def question(self, n: int, q: Question) -> str:
        """A question's heading, its answers per table, silent tables, and its plenary notes."""
        texts, level = self.texts, "##" if q.theme is None else "###"
        tables = self.answers.get(q.id, {})
        parts = [f"{level} {texts['question'].format(n=n, text=escape_md(q.text))}"]
        if q.help.strip():
            parts.append(escape_md(q.help))
        if not tables:
            parts.append(texts["no_answers"])
        if q.id in self.thread.questions:
            body = self.rode_draad(self.thread.questions[q.id])
            parts.append(f"{level}# {texts['rode_draad']}\n\n{body}")
        for table in sorted(tables):
            body = self.table_answers(tables[table])
            parts.append(f"{level}# {self.table_name(table, q.theme)}\n\n{body}")
        silent = [
            t
            for t in self.joined
            if tables and t not in tables and question_is_for_table(self.s, q, t)
        ]
        if silent:
            parts.append(texts["silent"].format(tables=self.tables(silent)))
        if self.notes.get(q.id):
            notes = _bullets([escape_md(i.text) for i in self.notes[q.id]])
            parts.append(f"{level}# {texts['question_notes']}\n\n{notes}")
        return "\n\n".join(parts)

    def rode_draad(self, found: QuestionThread) -> str:
        """The topics with their counts and one or two answers, the proposals, the unplaced."""
        texts, text_of = self.texts, {a.id: a.text for a in self.s.answers.values()}
        lines = []

        def block(label: str, answers: list[str], tables: int, examples: list[str]) -> str:
            counts = texts["topic_counts"].format(
                answers=self.counted("answers", len(answers)), n=tables, of=found.tables
            )
            shown = "\n".join(f"  - {escape_md(text_of[i])}" for i in examples)
            return f"- {label} — {counts}" + (f"\n{shown}" if shown else "")

        for p in found.topics:
            label = f"**{escape_md(p.topic.name)}**"
            lines.append(block(label, list(p.answers), len(p.tables), list(p.answers[:2])))
        table_of = {a.id: a.table for a in self.s.answers.values()}
        for g in found.suggestions:
            label = f"**{escape_md(g['label'])}** ({texts['proposal']})"
            tables = len({table_of[a] for a in g["answers"]})
            lines.append(block(label, list(g["answers"]), tables, [g["typical"]]))
        unplaced = len(found.unplaced)
        if unplaced and (found.topics or found.suggestions):
            key = "unplaced_one" if unplaced == 1 else "unplaced"
            lines.append(f"- {texts[key].format(answers=self.counted('answers', unplaced))}")
        return "\n".join(lines) if lines else texts["rode_draad_none"]

    def plenary(self) -> str:
        notes = self.notes.get(None)
        body = _bullets([escape_md(i.text) for i in notes]) if notes else self.texts["plenary_none"]
        return f"## {self.texts['plenary']}\n\n{body}"

    def actions(self) -> str:
        texts, actions = self.texts, kept_items(self.s, "action")
        if not actions:
            return f"## {texts['actions']}\n\n{texts['actions_none']}"
        rows = [
            f"| {n} | {escape_cell(a.text)} | {escape_cell(a.who)} | {escape_cell(a.when)} |"
            for n, a in enumerate(actions, start=1)
        ]
        table = "\n".join([texts["actions_head"], "|---:|---|---|---|", *rows])
        return f"## {texts['actions']}\n\n{table}"

    def left_out(self) -> str:
        states = [a.state for a in self.s.answers.values()]
        parts = [
            self.texts[state].format(answers=self.counted("answers", n))
            for state in ("hidden", "withdrawn", "pending")
            if (n := states.count(state))
        ]
        if not parts:
            return f"---\n\n{self.texts['left_out_none']}"
        return f"---\n\n{self.texts['left_out'].format(parts=listing(self.language, parts))}"
