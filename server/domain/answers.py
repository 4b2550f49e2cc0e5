"""Answers: add, edit, withdraw (the author's), hide, highlight and approve (the leader's)."""

from __future__ import annotations

from dataclasses import replace

from dialoogtafel.server.domain import limits
from dialoogtafel.server.domain.commands import AddAnswer, EditAnswer, Moderate, Withdraw
from dialoogtafel.server.domain.events import (
    AnswerChanged,
    BallotChanged,
    Event,
    Ok,
    Rejected,
    TallyChanged,
)
from dialoogtafel.server.domain.fastvalues import evolve
from dialoogtafel.server.domain.frozenmap import live_count, with_answer
from dialoogtafel.server.domain.model import Answer, AnswerState, Session
from dialoogtafel.server.domain.seats import seated_for
from dialoogtafel.server.domain.text import clean_text


def checked_text(raw: str, limit: int, ref: str) -> str | Rejected:
    """Clean text, or refuse it when nothing is left or it is over the limit."""
    text = clean_text(raw)
    if not text:
        return Rejected("bad_message", ref)
    if len(text) > limit:
        return Rejected("too_long", ref)
    return text


def _voting_events(s: Session, question: str) -> tuple[Event, ...]:
    """A new ballot and tally when the shown answers of the voted question change."""
    voting = s.state.voting
    if voting is None or voting.question != question:
        return ()
    return (BallotChanged(question), TallyChanged(question))


def _store(s: Session, answer: Answer, was_shown: bool) -> Ok:
    """Put the changed answer in the session; shown answers that leave lose their votes."""
    votes = s.votes
    if answer.state != "shown" and answer.id in votes:
        votes = {k: v for k, v in votes.items() if k != answer.id}
    new = evolve(s, answers=with_answer(s.answers, answer), votes=votes)
    events: tuple[Event, ...] = (AnswerChanged(answer, was_shown),)
    if was_shown or answer.state == "shown":
        events += _voting_events(new, answer.question)
    return Ok(new, events)


def add_answer(s: Session, author: str, cmd: AddAnswer, at: float) -> Ok | Rejected:
    """A seated participant answers a question that is open for its table."""
    seated = seated_for(s, author, cmd.question, cmd.id, poll=False)
    if isinstance(seated, Rejected):
        return seated
    table, question = seated
    text = checked_text(cmd.text, limits.ANSWER_CHARS, cmd.id)
    if isinstance(text, Rejected):
        return text
    if live_count(s.answers, author, cmd.question) >= limits.ANSWERS_PER_QUESTION:
        return Rejected("too_many", cmd.id)
    state: AnswerState = "pending" if s.premoderate else "shown"
    # question.id: the set's own string, shared by every answer (not one copy per message)
    answer = Answer(cmd.id, question.id, table, text, author, at, at, state, round=s.state.round)
    return _store(s, answer, was_shown=False)


def _own(s: Session, author: str, answer_id: str, ref: str) -> Answer | Rejected:
    """The author's own answer that still exists, or why not."""
    answer = s.answers.get(answer_id)
    if answer is None or answer.author != author or answer.state == "withdrawn":
        return Rejected("not_allowed", ref)
    return answer


def edit_answer(s: Session, author: str, cmd: EditAnswer, at: float) -> Ok | Rejected:
    """The author replaces the text of a shown or pending answer while its question is open.

    With premoderation an edited answer waits for approval again.
    """
    answer = _own(s, author, cmd.answer, cmd.id)
    if isinstance(answer, Rejected):
        return answer
    if answer.state not in ("shown", "pending"):
        return Rejected("not_allowed", cmd.id)
    if answer.question not in s.state.open:
        return Rejected("closed", cmd.id)
    text = checked_text(cmd.text, limits.ANSWER_CHARS, cmd.id)
    if isinstance(text, Rejected):
        return text
    state: AnswerState = "pending" if s.premoderate else answer.state
    edited = replace(answer, text=text, updated=at, state=state)
    return _store(s, edited, was_shown=answer.state == "shown")


def withdraw(s: Session, author: str, cmd: Withdraw, at: float) -> Ok | Rejected:
    """The author withdraws an answer: its text is never shown or exported again."""
    answer = _own(s, author, cmd.answer, cmd.id)
    if isinstance(answer, Rejected):
        return answer
    gone = replace(answer, state="withdrawn", text="", highlighted=False, updated=at)
    return _store(s, gone, was_shown=answer.state == "shown")


MODERATION = {
    "hide": {"state": "hidden"},
    "unhide": {"state": "shown"},
    "highlight": {"highlighted": True},
    "unhighlight": {"highlighted": False},
    "approve": {"state": "shown"},
}


def moderate(s: Session, cmd: Moderate, at: float) -> Ok | Rejected:
    """The leader hides, unhides, highlights, unhighlights or approves an answer."""
    answer = s.answers.get(cmd.answer)
    change = MODERATION.get(cmd.action)
    if answer is None or change is None:
        return Rejected("bad_message", cmd.id)
    if answer.state == "withdrawn":
        return Rejected("not_allowed", cmd.id)
    changed = replace(answer, **change)  # type: ignore[arg-type]
    return _store(s, changed, was_shown=answer.state == "shown")
