"""Storage: each session a folder with an fsync'd journal (group commit) and a TinyDB database.

The only package that imports tinydb. See docs/storage.md for the layout and the rules.
"""

from dialoogtafel.server.storage.database import AtomicJSONStorage
from dialoogtafel.server.storage.errors import JournalFailed, NoSuchSession, StorageError
from dialoogtafel.server.storage.groupcommit import CommitStats
from dialoogtafel.server.storage.keys import Tokens
from dialoogtafel.server.storage.listing import SessionSummary, list_sessions, load_session
from dialoogtafel.server.storage.paths import default_data_dir
from dialoogtafel.server.storage.purge import Purged, SessionInUse, purge_session, sweep_purges
from dialoogtafel.server.storage.store import SessionStore

__all__ = [
    "AtomicJSONStorage",
    "CommitStats",
    "JournalFailed",
    "NoSuchSession",
    "Purged",
    "SessionInUse",
    "SessionStore",
    "SessionSummary",
    "StorageError",
    "Tokens",
    "default_data_dir",
    "list_sessions",
    "load_session",
    "purge_session",
    "sweep_purges",
]
