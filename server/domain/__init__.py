"""The pure core: sessions as frozen values, changes as (state, command) -> (state, events)."""

from dialoogtafel.server.domain.apply import apply, digest
from dialoogtafel.server.domain.events import Event, Ok, Rejected
from dialoogtafel.server.domain.model import (
    LEADER,
    Answer,
    Item,
    Question,
    QuestionSet,
    Session,
    Theme,
)
from dialoogtafel.server.domain.session import new_session

__all__ = [
    "LEADER",
    "Answer",
    "Event",
    "Item",
    "Ok",
    "Question",
    "QuestionSet",
    "Rejected",
    "Session",
    "Theme",
    "apply",
    "digest",
    "new_session",
]
