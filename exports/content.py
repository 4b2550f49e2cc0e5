"""What of a session the exports show, in the order they show it."""

from __future__ import annotations

from dialoogtafel.server.domain.model import Item, ItemKind, Session


def kept_items(s: Session, kind: ItemKind) -> list[Item]:
    """The notes or actions the leader did not remove, oldest first."""
    items = (i for i in s.items.values() if i.kind == kind and not i.removed)
    return sorted(items, key=lambda i: (i.created, i.id))
