"""A small inline question set and helpers to build sessions and changes for storage tests."""

from __future__ import annotations

from dialoogtafel.server.domain import Ok, Question, QuestionSet, Session, apply, new_session
from dialoogtafel.server.domain.commands import AddAnswer, Command, Sit
from dialoogtafel.server.storage import SessionStore

QS = QuestionSet(
    id="proef",
    title="Proefsessie “eigen regie”",
    language="nl",
    intro="Twee vragen om de opslag te proberen.",
    questions=(
        Question("q1", "Vanuit welke verantwoordelijkheid wilt u zich verantwoorden?"),
        Question("q2", "Welke ondersteuning heeft u hierbij nodig?", help="Wees concreet."),
    ),
)
T0 = 1_700_000_000.0


def make_session(code: str = "ABC123", tables: int = 3) -> Session:
    """A fresh session of the sample set."""
    return new_session(code, QS, tables, T0)


def applied(s: Session, actor: str, cmd: Command, at: float, *, remember: bool = True) -> Ok:
    """Apply a change that must be accepted."""
    result = apply(s, actor, cmd, at, remember=remember)
    assert isinstance(result, Ok) and not result.duplicate, result
    return result


async def change(
    store: SessionStore, actor: str, cmd: Command, at: float, *, remember: bool = True
) -> Ok:
    """Apply a change to the store's head and commit it."""
    result = applied(store.head, actor, cmd, at, remember=remember)
    await store.commit(actor, cmd, at, result.session, remember=remember)
    return result


async def sit(store: SessionStore, author: str, table: int = 1) -> None:
    """Seat an author at a table."""
    await change(store, author, Sit(f"sit-{author}-{table}", table), T0 + store.head.seq)


async def answer(store: SessionStore, author: str, answer_id: str, text: str = "Meer tijd") -> None:
    """Commit an answer to q1 (or q2 once an author has 20 on q1)."""
    mine = sum(1 for a in store.head.answers.values() if a.author == author)
    question = "q1" if mine < 20 else "q2"
    cmd = AddAnswer(answer_id, question, text)
    await change(store, author, cmd, T0 + store.head.seq)
