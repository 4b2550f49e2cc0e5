"""World Café rounds: the next round, and table hosts who stay while the others move."""

from __future__ import annotations

from dataclasses import replace

from dialoogtafel.server.domain import limits
from dialoogtafel.server.domain.commands import NextRound, SetHost
from dialoogtafel.server.domain.events import HostChanged, Ok, Rejected, RoundChanged, StateChanged
from dialoogtafel.server.domain.frozenmap import FrozenMap
from dialoogtafel.server.domain.model import Session


def next_round(s: Session, cmd: NextRound) -> Ok | Rejected:
    """Start the next round: hosts keep their seats, every other phone chooses a table again."""
    if s.state.round >= limits.MAX_ROUNDS:
        return Rejected("too_many", cmd.id)
    state = replace(s.state, round=s.state.round + 1)
    seats = FrozenMap((a, t) for a, t in s.seats.items() if a in s.hosts)
    new = replace(s, state=state, seats=seats)
    return Ok(new, (StateChanged(state), RoundChanged(state.round)))


def set_host(s: Session, author: str, cmd: SetHost) -> Ok | Rejected:
    """A seated participant says it stays at its table (on), or no longer (off)."""
    table = s.seats.get(author)
    if table is None:
        return Rejected("no_table", cmd.id)
    if cmd.on == (author in s.hosts):
        return Ok(s)
    hosts = s.hosts | {author} if cmd.on else s.hosts - {author}
    return Ok(replace(s, hosts=hosts), (HostChanged(table),))
