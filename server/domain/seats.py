"""Participants and tables: sitting down, moving, and what a seated participant may answer."""

from __future__ import annotations

from dataclasses import replace

from dialoogtafel.server.domain.commands import Sit
from dialoogtafel.server.domain.events import Event, HostChanged, Ok, Rejected, SeatChanged
from dialoogtafel.server.domain.frozenmap import put
from dialoogtafel.server.domain.model import Question, Session
from dialoogtafel.server.domain.views import question_is_for_table


def sit(s: Session, author: str, cmd: Sit) -> Ok | Rejected:
    """Sit at a table (or move); the table counts the device as joined from then on."""
    if cmd.table not in s.tables:
        return Rejected("no_table", cmd.id)
    joined = {**s.joined, cmd.table: s.joined.get(cmd.table, frozenset()) | {author}}
    seats = put(s.seats, author, cmd.table)
    events: tuple[Event, ...] = (SeatChanged(author, cmd.table),)
    old = s.seats.get(author)
    hosts = s.hosts
    if author in hosts and old != cmd.table:  # a host who moves is no longer its table's host
        hosts = hosts - {author}
        events += (HostChanged(old),) if old is not None else ()
    return Ok(replace(s, seats=seats, joined=joined, hosts=hosts), events)


def seated_for(
    s: Session, author: str, question_id: str, ref: str, *, poll: bool
) -> tuple[int, Question] | Rejected:
    """The author's table and the question, when it is of the kind asked (a poll or not) and
    open for that table now; or why not."""
    table = s.seats.get(author)
    if table is None:
        return Rejected("no_table", ref)
    question = s.questions.question(question_id)
    if question is None:
        return Rejected("bad_message", ref)
    if question.is_poll != poll:  # a poll takes a response, an open question a text
        return Rejected("not_allowed", ref)
    if question.id not in s.state.open or not question_is_for_table(s, question, table):
        return Rejected("closed", ref)
    return table, question
