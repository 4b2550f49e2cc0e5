"""Reading stored sessions without opening them for writing: summaries and exports."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialoogtafel.server.domain import Session
from dialoogtafel.server.storage.database import meta_of, read_tables
from dialoogtafel.server.storage.errors import StorageError
from dialoogtafel.server.storage.journal import read_journal
from dialoogtafel.server.storage.loading import load
from dialoogtafel.server.storage.paths import DB_FILE, JOURNAL_FILE, session_folder, valid_code

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One line of `dialoog sessions`; `problem` says why a session could not be read."""

    code: str
    title: str = ""
    set_id: str = ""
    created: float = 0.0
    tables: int = 0
    answers: int = 0  # not withdrawn
    ended: bool = False
    problem: str | None = None
    ended_at: float | None = None  # when the leader (or the server) ended it


def load_session(data_dir: Path, code: str) -> Session:
    """The latest durable session, read only (for exports; works while a server runs it).

    Journal lines the (checksummed) database already holds are checked for their seq only, not
    parsed: an export of a long session spends its time rendering, not re-reading the day.
    """
    return load(session_folder(data_dir, code), check_all=False).session


def _from_database(code: str, tables: dict[str, Any]) -> SessionSummary:
    meta = meta_of(tables)
    answers = tables["answers"].values()
    return SessionSummary(
        code=code,
        title=meta["title"],
        set_id=meta["questions"]["id"],
        created=meta["created"],
        tables=len(meta["tables"]),
        answers=sum(1 for a in answers if a["state"] != "withdrawn"),
        ended=bool(meta["state"]["ended"]),
        ended_at=meta["state"].get("ended_at"),
    )


def _from_session(s: Session) -> SessionSummary:
    return SessionSummary(
        code=s.code,
        title=s.title,
        set_id=s.questions.id,
        created=s.created,
        tables=len(s.tables),
        answers=sum(1 for a in s.answers.values() if a.state != "withdrawn"),
        ended=s.state.ended,
        ended_at=s.state.ended_at,
    )


def summarize(folder: Path) -> SessionSummary:
    """A session's summary: from the database alone when the journal has nothing newer."""
    try:
        try:
            tables = read_tables(folder / DB_FILE)
            quick = _from_database(folder.name, tables)
            seq = meta_of(tables)["seq"]
            if not read_journal(folder / JOURNAL_FILE, after=seq, check_all=False).records:
                return quick
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # the full load below rebuilds, or says what is wrong
        return _from_session(load(folder, check_all=False).session)
    except StorageError as err:
        return SessionSummary(code=folder.name, problem=str(err))


def list_sessions(data_dir: Path) -> list[SessionSummary]:
    """Every session in the data folder, newest first; StorageError if it cannot be read."""
    data_dir = Path(data_dir)
    try:
        folders = sorted(p for p in data_dir.iterdir() if p.is_dir() and valid_code(p.name))
    except FileNotFoundError:
        return []
    except OSError as err:
        raise StorageError(f"cannot read the data folder {data_dir}: {err.strerror}") from None
    found = [summarize(f) for f in folders if (f / JOURNAL_FILE).exists() or (f / DB_FILE).exists()]
    return sorted(found, key=lambda s: (-s.created, s.code))
