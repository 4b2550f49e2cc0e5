"""The minutes (verslag) of a session as a document, in the flow of seed 004 (DESIGN.md, Minutes).

`minutes_document` builds the blocks once (exports/document.py); `render_minutes` gives them as
Markdown (exports/markdown.py), exports/docx.py as Word. A new section is a method that returns
`list[Block]`, called from `_Minutes.question()` or `_Minutes.blocks()`: see exports/document.py.
Polls have their hook here: `_Minutes.poll`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import tzinfo

from dialoogtafel.exports.content import kept_items
from dialoogtafel.exports.document import (
    Block,
    Document,
    Heading,
    Inline,
    Paragraph,
    Rule,
    Run,
    Table,
    bullets,
    fill,
    paragraphs,
    plain,
    runs,
)
from dialoogtafel.exports.markdown import render_markdown
from dialoogtafel.exports.minutes_texts import TEXTS, count, listing, local_time, when
from dialoogtafel.exports.names import chart_name
from dialoogtafel.exports.poll_section import poll_blocks
from dialoogtafel.exports.polls import block_fields, poll_counts, poll_notes
from dialoogtafel.exports.topics import thread_of
from dialoogtafel.exports.topics_section import how, rode_draad_blocks
from dialoogtafel.server.domain.model import Answer, Question, Session, Theme
from dialoogtafel.server.domain.model import Item as SessionItem
from dialoogtafel.server.domain.views import (
    devices_joined,
    joined_counts,
    question_is_for_table,
    rounds_used,
)

HIGHLIGHT = "★"


def minutes_document(session: Session, tz: tzinfo | None = None) -> Document:
    """The minutes as blocks; times in `tz`, or in the machine's own zone when it is None."""
    minutes = _Minutes(session)
    return Document(
        title=session.title,
        language=minutes.language,
        created=session.created,
        blocks=tuple(minutes.blocks(tz)),
    )


def render_minutes(session: Session, tz: tzinfo | None = None) -> str:
    """The minutes as Markdown; times in `tz`, or in the machine's own zone when it is None."""
    return render_markdown(minutes_document(session, tz))


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
        votes = s.votes
        self.votes = {a: len(votes[a]) for a in votes}  # by answer id; none: no key
        self.voted: dict[int, str] = {}  # " (3 stemmen)" by count, each made once
        for tables in self.answers.values():
            for group in tables.values():  # highlighted first, then most votes, then oldest
                group.sort(key=self._order)
        self.thread = thread_of(s)
        self.rounds = rounds_used(s)  # once: it reads every answer
        self.notes: dict[str | None, list[SessionItem]] = defaultdict(list)
        for note in kept_items(s, "note"):
            self.notes[note.question].append(note)

    def _order(self, a: Answer) -> tuple[bool, int, float, str]:
        return (not a.highlighted, -self.votes.get(a.id, 0), a.created, a.id)

    def blocks(self, tz: tzinfo | None) -> list[Block]:
        """The blocks of the minutes, in order."""
        blocks = [*self.header(tz), *self.present(), *self.purpose()]
        theme: str | None = None
        for n, q in enumerate(self.s.questions.questions, start=1):
            if q.theme is not None and q.theme != theme:
                blocks += self.theme(q.theme)
            theme = q.theme
            blocks += self.question(n, q)
        return [*blocks, *self.plenary(), *self.actions(), *self.left_out()]

    def say(self, key: str) -> Paragraph:
        """One of our sentences as a paragraph."""
        return Paragraph((Run(self.texts[key]),))

    def heading(self, level: int, key: str) -> Heading:
        """A heading of our words."""
        return Heading(level, (Run(self.texts[key]),))

    def counted(self, what: str, n: int) -> str:
        """A number with its noun in the session's language."""
        return count(self.language, what, n)

    def tables(self, numbers: list[int]) -> str:
        """ "tafel 4", "tafels 2, 4 en 6"."""
        key = "table_one" if len(numbers) == 1 else "table_many"
        return self.texts[key].format(tables=listing(self.language, [str(n) for n in numbers]))

    def table_name(self, table: int, section_theme: str | None = None) -> Inline:
        """ "Tafel 2", with the table's theme when the set has themes and the section is not it."""
        theme_id = self.s.tables.get(table)
        theme = self.s.questions.theme(theme_id) if theme_id else None
        if theme is None or theme_id == section_theme:
            return fill(self.texts["table"], n=table)
        return fill(self.texts["table_theme"], n=table, theme=plain(theme.title))

    def header(self, tz: tzinfo | None) -> list[Block]:
        s, texts, qs = self.s, self.texts, self.s.questions
        end = local_time(s.state.ended_at, tz) if s.state.ended and s.state.ended_at else None
        facts: list[tuple[str, Inline]] = [
            (texts["date"], runs(when(self.language, local_time(s.created, tz), end))),
            (texts["set"], runs(plain(qs.title), " (", plain(qs.id), ")")),
            *([(texts["source"], runs(plain(qs.source)))] if qs.source.strip() else []),
            (texts["code"], runs(plain(s.code))),
            (texts["status"], runs(texts["definitief"] if s.state.ended else texts["concept"])),
        ]
        listed = bullets([runs(Run(f"{label}:", bold=True), " ", value) for label, value in facts])
        return [Heading(1, (plain(s.title),)), self.say("lead"), listed]

    def present(self) -> list[Block]:
        texts, head = self.texts, self.heading(2, "present")
        if not self.joined:
            return [head, self.say("present_none")]
        devices = devices_joined(self.s)
        total = fill(
            texts["present_total"],
            people=self.counted("people", devices),
            tables=self.counted("tables", len(self.joined)),
        )
        if sum(self.joined.values()) > devices:
            total += (Run(" " + texts["present_moved"]),)
        rows = [
            fill(texts["present_table"], table=self.table_name(n), people=self.counted("people", k))
            for n, k in self.joined.items()
        ]
        return [head, Paragraph(total), bullets(rows)]

    def purpose(self) -> list[Block]:
        qs = self.s.questions
        method = self.texts["method"].format(questions=self.counted("questions", len(qs.questions)))
        method += " " + self.texts["rode_draad_method"].format(
            how=how(self.thread, self.texts, self.counted)
        )
        return [self.heading(2, "purpose"), *paragraphs(qs.intro), Paragraph((Run(method),))]

    def theme(self, theme_id: str) -> list[Block]:
        """A theme's heading, its explanation, and the tables that have it or answered it."""
        theme = self.s.questions.theme(theme_id) or Theme(theme_id, theme_id)
        answered = self.theme_tables[theme_id]
        at = [n for n in self.joined if self.s.tables.get(n) == theme_id or n in answered]
        where = (
            Paragraph(fill(self.texts["theme_tables"], tables=self.tables(at)))
            if at
            else self.say("theme_no_tables")
        )
        title = Heading(2, fill(self.texts["theme"], title=plain(theme.title)))
        return [title, *paragraphs(theme.explanation), where]

    def answer_line(self, a: Answer) -> Inline:
        """An answer's text, a star if highlighted, its votes if any."""
        text = plain(a.text)
        votes = self.votes.get(a.id)
        if not votes:
            return (Run(f"{HIGHLIGHT} "), text) if a.highlighted else (text,)
        if votes not in self.voted:
            self.voted[votes] = f" ({self.counted('votes', votes)})"
        count = Run(self.voted[votes])
        return (Run(f"{HIGHLIGHT} "), text, count) if a.highlighted else (text, count)

    def table_answers(self, answers: list[Answer]) -> list[Block]:
        """A table's answers as bullets; per round (a bold line each) when there were several."""
        if self.rounds == 1:
            return [bullets([self.answer_line(a) for a in answers])]
        blocks: list[Block] = []
        for r in sorted({a.round for a in answers}):
            lines = [self.answer_line(a) for a in answers if a.round == r]
            round_name = Run(self.texts["round"].format(n=r), bold=True)
            blocks += [Paragraph((round_name,)), bullets(lines)]
        return blocks

    def question(self, n: int, q: Question) -> list[Block]:
        """A question's heading, its answers per table, silent tables, and its plenary notes."""
        texts, level = self.texts, 2 if q.theme is None else 3
        tables = self.answers.get(q.id, {})
        blocks: list[Block] = [Heading(level, fill(texts["question"], n=n, text=plain(q.text)))]
        if q.help.strip():
            blocks.append(Paragraph((plain(q.help),)))
        blocks += self.poll(n, q, level + 1)
        if not tables and not q.is_poll:
            blocks.append(self.say("no_answers"))
        if q.id in self.thread.questions:
            found = self.thread.questions[q.id]
            section = rode_draad_blocks(found, self.s.answers, texts, self.counted)
            blocks += [self.heading(level + 1, "rode_draad"), *section]
        for table in sorted(tables):
            blocks.append(Heading(level + 1, self.table_name(table, q.theme)))
            blocks += self.table_answers(tables[table])
        silent = [
            t
            for t in self.joined
            if tables and t not in tables and question_is_for_table(self.s, q, t)
        ]
        if silent:
            blocks.append(Paragraph(fill(texts["silent"], tables=self.tables(silent))))
        if self.notes.get(q.id):
            blocks.append(self.heading(level + 1, "question_notes"))
            blocks.append(bullets([(plain(i.text),) for i in self.notes[q.id]]))
        return blocks

    def poll(self, n: int, q: Question, level: int) -> list[Block]:
        """A poll's results: its table (option, aantal, %, a column per table with 3 or more
        responses and one for the rest together) and its chart (exports/polls.py counts them,
        exports/poll_section.py lays them out); an open question gives no block.
        """
        if not q.is_poll:
            return []
        counts = poll_counts(self.s, q)
        blocks = poll_blocks(
            level=level,
            file=chart_name(self.s, q.id),
            language=self.language,
            **block_fields(counts, self.language),
        )
        notes = poll_notes(counts, self.language)
        return [*blocks, Paragraph((Run(notes),))] if notes else blocks

    def plenary(self) -> list[Block]:
        notes = self.notes.get(None)
        head = self.heading(2, "plenary")
        if not notes:
            return [head, self.say("plenary_none")]
        return [head, bullets([(plain(i.text),) for i in notes])]

    def actions(self) -> list[Block]:
        texts, actions = self.texts, kept_items(self.s, "action")
        head = self.heading(2, "actions")
        if not actions:
            return [head, self.say("actions_none")]
        header = tuple((Run(word),) for word in texts["actions_head"].split("|"))
        rows = tuple(
            ((Run(str(n)),), (plain(a.text),), (plain(a.who),), (plain(a.when),))
            for n, a in enumerate(actions, start=1)
        )
        return [head, Table(header, rows, align=("right", "left", "left", "left"))]

    def left_out(self) -> list[Block]:
        states = [a.state for a in self.s.answers.values()]
        parts = [
            self.texts[state].format(answers=self.counted("answers", n))
            for state in ("hidden", "withdrawn", "pending")
            if (n := states.count(state))
        ]
        if not parts:
            return [Rule(), self.say("left_out_none")]
        line = self.texts["left_out"].format(parts=listing(self.language, parts))
        return [Rule(), Paragraph((Run(line),))]
