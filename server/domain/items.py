"""Plenary notes and follow-up actions for the minutes."""

from __future__ import annotations

from dataclasses import replace

from dialoogtafel.server.domain import limits
from dialoogtafel.server.domain.answers import checked_text
from dialoogtafel.server.domain.commands import AddAction, AddNote, EditItem, RemoveItem
from dialoogtafel.server.domain.events import ItemChanged, Ok, Rejected
from dialoogtafel.server.domain.model import Item, Session
from dialoogtafel.server.domain.text import clean_text

NOTE_FIELDS = frozenset({"text", "question"})
ACTION_FIELDS = frozenset({"text", "who", "when"})


def _short(raw: str, ref: str) -> str | Rejected:
    """An action's who or when: cleaned, may be empty, bounded."""
    text = clean_text(raw)
    return Rejected("too_long", ref) if len(text) > limits.FIELD_CHARS else text


def _store(s: Session, item: Item) -> Ok:
    return Ok(replace(s, items={**s.items, item.id: item}), (ItemChanged(item),))


def add_note(s: Session, cmd: AddNote, at: float) -> Ok | Rejected:
    """A plenary note, for a question or for the plenary feedback."""
    if cmd.question is not None and s.questions.question(cmd.question) is None:
        return Rejected("bad_message", cmd.id)
    text = checked_text(cmd.text, limits.NOTE_CHARS, cmd.id)
    if isinstance(text, Rejected):
        return text
    return _store(s, Item(cmd.id, "note", text, created=at, question=cmd.question))


def add_action(s: Session, cmd: AddAction, at: float) -> Ok | Rejected:
    """A follow-up action: what, who, when."""
    text = checked_text(cmd.text, limits.NOTE_CHARS, cmd.id)
    who = _short(cmd.who, cmd.id)
    when = _short(cmd.when, cmd.id)
    for value in (text, who, when):
        if isinstance(value, Rejected):
            return value
    assert isinstance(text, str) and isinstance(who, str) and isinstance(when, str)
    return _store(s, Item(cmd.id, "action", text, created=at, who=who, when=when))


def edit_item(s: Session, cmd: EditItem) -> Ok | Rejected:
    """Change the given fields of a note or an action that still exists."""
    item = s.items.get(cmd.item)
    if item is None or item.removed:
        return Rejected("bad_message", cmd.id)
    allowed = NOTE_FIELDS if item.kind == "note" else ACTION_FIELDS
    if not cmd.fields or not set(cmd.fields) <= allowed:
        return Rejected("bad_message", cmd.id)
    changes: dict[str, str | None] = {}
    for name, value in cmd.fields.items():
        if name == "question":
            if value is not None and s.questions.question(value) is None:
                return Rejected("bad_message", cmd.id)
            changes[name] = value
        elif value is None:
            return Rejected("bad_message", cmd.id)
        elif name == "text":
            text = checked_text(value, limits.NOTE_CHARS, cmd.id)
            if isinstance(text, Rejected):
                return text
            changes[name] = text
        else:
            short = _short(value, cmd.id)
            if isinstance(short, Rejected):
                return short
            changes[name] = short
    return _store(s, replace(item, **changes))  # type: ignore[arg-type]


def remove_item(s: Session, cmd: RemoveItem) -> Ok | Rejected:
    """Remove a note or an action from the minutes."""
    item = s.items.get(cmd.item)
    if item is None:
        return Rejected("bad_message", cmd.id)
    if item.removed:
        return Ok(s)
    return _store(s, replace(item, removed=True))
