"""The storage errors: each one a sentence a person can act on."""

from __future__ import annotations


class StorageError(Exception):
    """A stored session cannot be used as it is: the message says which file and why."""


class NoSuchSession(StorageError):
    """No session with that code in the data folder."""


class JournalFailed(StorageError):
    """Writing the journal failed: the change is not stored and the store takes no more."""
