"""A lost connection's objects freed at once, not left in reference cycles for the collector.

Every connection ended in reference cycles, so its objects (socket, transport, protocol, reader,
buffers: about 3 KB) stayed until a full collection:

- Python 3.11's socket transport keeps a bound method of itself (`_read_ready_cb`);
- websockets' protocol keeps its parser generator, suspended for good once the connection is
  closed, whose frame holds the protocol; and when a phone vanished, the `EOFError` that ended
  parsing, whose traceback holds that frame again.

A busy server runs full collections seldom (`gcpolicy`), so a room of phones coming and going grew
the heap by what waited, and the allocator kept the high-water mark: an eight-minute soak of
300 phones grew 17 % after warm-up, and 8 % with a full collection every minute
(docs/benchmarks.md, "A one-hour soak"). Once the connection is lost nothing steps the parser or
reads the socket again, so `TidyConnection` drops these three links and reference counting frees
the connection as soon as the last task lets go of it.
"""

from __future__ import annotations

from websockets.asyncio.server import ServerConnection


def _gone() -> None:
    """Stands in for the transport's read callback once the connection is lost."""


class TidyConnection(ServerConnection):
    """A server connection that, once lost, lets go of what would hold it in cycles."""

    def connection_lost(self, exc: Exception | None) -> None:
        """websockets' own handling, then the cycles broken (see the module's doc)."""
        super().connection_lost(exc)
        untangle(self)


def untangle(connection: ServerConnection) -> None:
    """Break the cycles a lost connection is left in; safe to call more than once."""
    protocol = connection.protocol
    protocol.parser.close()  # the suspended parser lets go of the protocol
    if protocol.parser_exc is not None:
        protocol.parser_exc.__traceback__ = None  # kept (a cause of close_exc), its frames not
    transport = connection.transport
    if getattr(transport, "_read_ready_cb", None) is not None:  # CPython 3.11's socket transport
        transport._read_ready_cb = _gone  # type: ignore[attr-defined]
