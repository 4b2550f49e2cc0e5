"""Small sessions and commands for domain tests."""

from __future__ import annotations

from dataclasses import replace

from dialoogtafel.server.domain import LEADER, Ok, Rejected, Session, apply, new_session
from dialoogtafel.server.domain.commands import Command
from dialoogtafel.server.domain.model import Question, QuestionSet, Theme

AT = 1_700_000_000.0

THEMED = QuestionSet(
    id="test",
    title="Testset",
    language="nl",
    intro="Een set om mee te testen.",
    questions=(
        Question("q1", "Eerste vraag?"),
        Question("q2", "Tweede vraag?"),
        Question("t1", "Vraag bij thema A?", theme="a"),
        Question("t2", "Vraag bij thema B?", theme="b"),
    ),
    themes=(Theme("a", "Thema A", "Uitleg A"), Theme("b", "Thema B", "Uitleg B")),
)


MIXED = replace(
    THEMED,
    questions=(
        *THEMED.questions,
        Question("p1", "Welke kies je?", kind="choice", options=("Ja", "Nee", "Soms"), max_picks=2),
        Question("p2", "Hoe eens?", kind="scale", min=1, max=5, labels=("oneens", "eens")),
    ),
)


def session(tables: int = 3, qs: QuestionSet = THEMED) -> Session:
    """A fresh session of the themed test set (themes a, b, a, … round-robin)."""
    return new_session("ABCDE", qs, tables, AT)


def ok(s: Session, actor: str, cmd: Command) -> Session:
    """Apply a change that must be accepted; the new session."""
    result = apply(s, actor, cmd, AT)
    assert isinstance(result, Ok), result
    return result.session


def refused(s: Session, actor: str, cmd: Command) -> str:
    """Apply a change that must be refused; its code."""
    result = apply(s, actor, cmd, AT)
    assert isinstance(result, Rejected), result
    return result.code


__all__ = ["AT", "LEADER", "MIXED", "THEMED", "ok", "refused", "session"]
