"""Small sessions and commands for domain tests."""

from __future__ import annotations

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


def session(tables: int = 3) -> Session:
    """A fresh session of the themed test set (themes a, b, a, … round-robin)."""
    return new_session("ABCDE", THEMED, tables, AT)


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


__all__ = ["AT", "LEADER", "THEMED", "ok", "refused", "session"]
