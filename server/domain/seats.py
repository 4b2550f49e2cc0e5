"""Participants and tables: sitting down, moving."""

from __future__ import annotations

from dataclasses import replace

from dialoogtafel.server.domain.commands import Sit
from dialoogtafel.server.domain.events import Event, HostChanged, Ok, Rejected, SeatChanged
from dialoogtafel.server.domain.frozenmap import put
from dialoogtafel.server.domain.model import Session


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
