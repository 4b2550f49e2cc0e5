"""Making a new session from a question set."""

from __future__ import annotations

from dialoogtafel.server.domain.model import QuestionSet, Session, SessionState
from dialoogtafel.server.domain.topics import set_topics


def assign_themes(questions: QuestionSet, tables: int) -> dict[int, str | None]:
    """Themes round-robin over the tables; no themes, no theme."""
    themes = [t.id for t in questions.themes]
    return {n: (themes[(n - 1) % len(themes)] if themes else None) for n in range(1, tables + 1)}


def new_session(
    code: str, questions: QuestionSet, tables: int, at: float, *, premoderate: bool = False
) -> Session:
    """A session with every question open and the first in focus."""
    return Session(
        code=code,
        title=questions.title,
        created=at,
        questions=questions,
        tables=assign_themes(questions, tables),
        state=SessionState(
            open=frozenset(q.id for q in questions.questions),
            focus=questions.questions[0].id if questions.questions else None,
        ),
        premoderate=premoderate,
        topics=set_topics(questions),
    )
