"""Dot-voting per question across tables, with a per-device budget."""

from __future__ import annotations

from dataclasses import replace

from dialoogtafel.server.domain import limits
from dialoogtafel.server.domain.commands import CastVote, SetVoting
from dialoogtafel.server.domain.events import (
    BallotChanged,
    Ok,
    Rejected,
    StateChanged,
    TallyChanged,
)
from dialoogtafel.server.domain.model import Session, Voting
from dialoogtafel.server.domain.views import votes_used


def set_voting(s: Session, cmd: SetVoting) -> Ok | Rejected:
    """The leader opens voting on one question (closing any other) or closes it."""
    question = s.questions.question(cmd.question)
    if question is None or question.is_poll:  # a poll has responses, not answers to vote on
        return Rejected("bad_message", cmd.id)
    if not cmd.on:
        if s.state.voting is None or s.state.voting.question != cmd.question:
            return Ok(s)
        state = replace(s.state, voting=None)
        return Ok(replace(s, state=state), (StateChanged(state),))
    if not 1 <= cmd.votes_per_device <= limits.MAX_VOTES_PER_DEVICE:
        return Rejected("bad_message", cmd.id)
    state = replace(s.state, voting=Voting(cmd.question, cmd.votes_per_device))
    events = (StateChanged(state), BallotChanged(cmd.question), TallyChanged(cmd.question))
    return Ok(replace(s, state=state), events)


def cast_vote(s: Session, author: str, cmd: CastVote) -> Ok | Rejected:
    """A participant votes on a shown answer of the voted question, within its budget."""
    if author not in s.seats:
        return Rejected("no_table", cmd.id)
    answer = s.answers.get(cmd.answer)
    if answer is None:
        return Rejected("bad_message", cmd.id)
    voting = s.state.voting
    if voting is None or voting.question != answer.question or answer.state != "shown":
        return Rejected("closed", cmd.id)
    voters = s.votes.get(answer.id, frozenset())
    if cmd.on == (author in voters):
        return Ok(s)  # a vote already cast, or one not cast taken back: acked, no change
    if cmd.on and votes_used(s, author, answer.question) >= voting.votes_per_device:
        return Rejected("too_many", cmd.id)
    voters = voters | {author} if cmd.on else voters - {author}
    votes = {k: v for k, v in s.votes.items() if k != answer.id}
    if voters:
        votes[answer.id] = voters
    return Ok(replace(s, votes=votes), (TallyChanged(answer.question),))
