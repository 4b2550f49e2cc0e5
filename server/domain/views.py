"""Who may see what: the queries every snapshot and broadcast is built from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dialoogtafel.server.domain.model import Answer, Question, Session


@dataclass(frozen=True, slots=True)
class Viewer:
    """A leader, a screen, or a participant known by its author key."""

    role: Literal["leader", "screen", "participant"]
    author: str | None = None


LEADER_VIEW = Viewer("leader")
SCREEN_VIEW = Viewer("screen")


def questions_for_table(s: Session, table: int) -> tuple[Question, ...]:
    """The set's general questions and those of the table's theme."""
    theme = s.tables.get(table)
    return tuple(q for q in s.questions.questions if q.theme is None or q.theme == theme)


def question_is_for_table(s: Session, question: Question, table: int) -> bool:
    """Whether a table answers this question (general, or of its theme)."""
    return question.theme is None or question.theme == s.tables.get(table)


def host_tables(s: Session) -> set[int]:
    """Tables that have a host now."""
    return {t for a in s.hosts if (t := s.seats.get(a)) is not None}


def table_sees(s: Session, answer: Answer, hosted: set[int] | None = None) -> bool:
    """Whether the phones at the answer's table see it: this round's, or any with a host there."""
    if answer.round == s.state.round:
        return True
    return answer.table in (host_tables(s) if hosted is None else hosted)


def may_see(s: Session, viewer: Viewer, answer: Answer, hosted: set[int] | None = None) -> bool:
    """Leader: all but withdrawn; screen: shown; participant: its own (shown or pending)
    and the shown ones of its table that its table sees (table_sees)."""
    if answer.state == "withdrawn":
        return False
    if viewer.role == "leader":
        return True
    if viewer.role == "participant" and viewer.author == answer.author:
        return answer.state in ("shown", "pending")
    if answer.state != "shown":
        return False
    if viewer.role == "screen":
        return True
    seat = s.seats.get(viewer.author) if viewer.author is not None else None
    return seat == answer.table and table_sees(s, answer, hosted)


def visible_answers(s: Session, viewer: Viewer) -> list[Answer]:
    """The answers this viewer may see, oldest first."""
    hosted = host_tables(s)
    return [a for a in s.answers.values() if may_see(s, viewer, a, hosted)]


def vote_count(s: Session, answer_id: str) -> int:
    """Votes on one answer."""
    return len(s.votes.get(answer_id, ()))


def shown_answers_to(s: Session, question: str) -> list[Answer]:
    """Every table's shown answers to a question, oldest first."""
    return [a for a in s.answers.values() if a.question == question and a.state == "shown"]


def tally(s: Session, question: str) -> dict[str, int]:
    """Votes per shown answer of the question, zero counts included."""
    return {a.id: vote_count(s, a.id) for a in shown_answers_to(s, question)}


def own_votes(s: Session, author: str) -> list[str]:
    """The answer ids this device has voted on."""
    return [answer_id for answer_id, voters in s.votes.items() if author in voters]


def votes_used(s: Session, author: str, question: str) -> int:
    """How many votes this device has put on answers to the question."""
    return sum(1 for a in shown_answers_to(s, question) if author in s.votes.get(a.id, frozenset()))


def joined_counts(s: Session) -> dict[int, int]:
    """Devices that ever sat at each table."""
    return {table: len(s.joined.get(table, ())) for table in s.tables}


def devices_joined(s: Session) -> int:
    """Devices that ever sat at a table (a new round unseats them, so seats alone undercount)."""
    return len(frozenset().union(*s.joined.values())) if s.joined else 0


def rounds_used(s: Session) -> int:
    """How many rounds the session's answers span (1 when it never had a second round)."""
    return max((a.round for a in s.answers.values()), default=1)
