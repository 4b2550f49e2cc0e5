"""Who is connected to a session: each client's role, table and author key, indexed for fan-out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from websockets.asyncio.server import ServerConnection

from dialoogtafel.server.domain import LEADER
from dialoogtafel.server.fanout import Audience
from dialoogtafel.server.protocol import Role


@dataclass(eq=False, slots=True)
class Client:
    """One open connection that has said hello: its role and, for a phone, its author key."""

    ws: ServerConnection
    role: Role
    author: str | None = None
    table: int | None = None

    @property
    def actor(self) -> str:
        """Who the domain sees: the author key, or the leader."""
        return self.author if self.author is not None else LEADER


@dataclass(slots=True)
class Registry:
    """Open clients, indexed the ways fan-out needs them."""

    leaders: set[Client] = field(default_factory=set)
    screens: set[Client] = field(default_factory=set)
    by_table: dict[int, set[Client]] = field(default_factory=dict)
    by_author: dict[str, set[Client]] = field(default_factory=dict)

    def add(self, c: Client) -> None:
        """Register a client after its welcome."""
        if c.role == "leader":
            self.leaders.add(c)
        elif c.role == "screen":
            self.screens.add(c)
        else:
            assert c.author is not None
            self.by_author.setdefault(c.author, set()).add(c)
            self._seat(c)

    def _seat(self, c: Client) -> None:
        if c.table is not None:
            self.by_table.setdefault(c.table, set()).add(c)

    def _unseat(self, c: Client) -> None:
        if c.table is not None:
            self.by_table.get(c.table, set()).discard(c)

    def move(self, c: Client, table: int | None) -> None:
        """A phone sat at another table."""
        self._unseat(c)
        c.table = table
        self._seat(c)

    def remove(self, c: Client) -> None:
        """Forget a closed client."""
        self.leaders.discard(c)
        self.screens.discard(c)
        if c.author is not None:
            self._unseat(c)
            mine = self.by_author.get(c.author)
            if mine is not None:
                mine.discard(c)
                if not mine:
                    del self.by_author[c.author]

    def participants(self) -> Iterable[Client]:
        """Every phone, seated or not."""
        for clients in self.by_author.values():
            yield from clients

    def everyone(self) -> Iterable[Client]:
        """Every client of the session."""
        yield from self.leaders
        yield from self.screens
        yield from self.participants()

    def audience(self, a: Audience) -> Iterable[Client]:
        """The clients an audience names."""
        match a.kind:
            case "leaders":
                return self.leaders
            case "screens":
                return self.screens
            case "participants":
                return list(self.participants())
            case "everyone":
                return list(self.everyone())
            case "author":
                clients = self.by_author.get(a.author or "", set())
                if a.table is None:
                    return clients
                return [c for c in clients if c.table == a.table]
            case "table":
                at_table = self.by_table.get(a.table or 0, set())
                if a.author is None:
                    return at_table
                return [c for c in at_table if c.author != a.author]
        return ()

    def connected_per_table(self) -> dict[int, int]:
        """Phones connected per table."""
        return {n: len(clients) for n, clients in self.by_table.items() if clients}
