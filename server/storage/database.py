"""The TinyDB database of a session: its tables, written atomically by a TinyDB Storage.

Tables (each a TinyDB table, one document a row, in the order the session holds them):
``meta`` (one document: format, code, title, created, questions (the set's copy), tables,
state, seq, secret, leader_hash, screen_hash), ``answers``, ``votes`` (answer, voters),
``items``, ``seats`` (author, table), ``joined`` (table, authors), ``changes`` (id, actor,
digest, seq) and ``responses`` (a device's poll response; absent in files from before polls).
The meta document also holds a SHA-256 of the other tables, so a database that was changed
or damaged is rebuilt from the journal rather than trusted. Query it with
``TinyDB(path, storage=AtomicJSONStorage)`` (or plain ``TinyDB``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from dialoogtafel.server.domain import Session
from dialoogtafel.server.domain.codec import session_from_dict
from dialoogtafel.server.storage.encoder import FORMAT, DatabaseEncoder, encode_json
from dialoogtafel.server.storage.files import atomic_write
from dialoogtafel.server.storage.keys import Keys


class AtomicJSONStorage(Storage):
    """TinyDB's JSON layout, replaced atomically on every write (temp, fsync, rename, fsync dir)."""

    def __init__(self, path: str | Path, backup: str | Path | None = None) -> None:
        """A storage on `path`; with `backup`, each write keeps the file it replaces there."""
        self.path = Path(path)
        self.backup = None if backup is None else Path(backup)

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database, or None when the file does not exist or is empty."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return self.parse(raw)

    @staticmethod
    def parse(raw: bytes) -> dict[str, dict[str, Any]] | None:
        """A database file's content as tables, or None when it is empty."""
        if not raw.strip():
            return None
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("the top level is not a JSON object")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the whole file with `data`, atomically."""
        self.write_encoded(encode_json(data))

    def write_encoded(self, encoded: bytes | Iterable[bytes]) -> None:
        """Replace the whole file with already encoded JSON (or its pieces), atomically."""
        atomic_write(self.path, encoded, backup=self.backup)

    def close(self) -> None:
        """Nothing stays open between writes."""


def _checksum(tables: dict[str, Any]) -> str:
    """SHA-256 of every table but meta, as the encoder writes them."""
    body = encode_json({k: v for k, v in tables.items() if k != "meta"})
    return hashlib.sha256(body).hexdigest()


def _docs(tables: dict[str, Any], name: str) -> list[dict[str, Any]]:
    table = tables[name]
    if not isinstance(table, dict):
        raise ValueError(f"table {name!r} is not a JSON object")
    return [table[k] for k in sorted(table, key=int)]


def meta_of(tables: dict[str, Any]) -> dict[str, Any]:
    """The one meta document."""
    docs = _docs(tables, "meta")
    if len(docs) != 1 or docs[0].get("format") != FORMAT:
        raise ValueError("the meta table does not hold one document of this format")
    return docs[0]


def keys_of(meta: dict[str, Any]) -> Keys:
    """The secret and token hashes kept in the meta document."""
    return Keys(bytes.fromhex(meta["secret"]), meta["leader_hash"], meta["screen_hash"])


def session_from_tables(tables: dict[str, Any]) -> tuple[Session, Keys]:
    """The session and keys a database holds (KeyError/ValueError/TypeError if it does not)."""
    meta = meta_of(tables)
    d = {k: meta[k] for k in ("code", "title", "created", "questions", "tables", "state", "seq")}
    d["answers"] = _docs(tables, "answers")
    d["items"] = _docs(tables, "items")
    d["groupings"] = meta.get("groupings", [])
    d["topics"] = meta.get("topics", [])
    d["placements"] = meta.get("placements", {})
    d["placing"] = meta.get("placing", "")
    d["votes"] = {v["answer"]: v["voters"] for v in _docs(tables, "votes")}
    d["seats"] = {s["author"]: s["table"] for s in _docs(tables, "seats")}
    d["joined"] = {str(j["table"]): j["authors"] for j in _docs(tables, "joined")}
    d["changes"] = {c["id"]: [c["actor"], c["digest"], c["seq"]] for c in _docs(tables, "changes")}
    d["premoderate"] = meta.get("premoderate", False)
    d["hosts"] = meta.get("hosts", [])
    d["responses"] = _docs(tables, "responses") if "responses" in tables else []
    return session_from_dict(d), keys_of(meta)


def write_database(path: Path, backup: Path | None, s: Session, encoder: DatabaseEncoder) -> None:
    """Write the session as the database at `path`, atomically (blocking: run it in a thread)."""
    AtomicJSONStorage(path, backup).write_encoded(encoder.pieces(s))
    encoder.written(path)


_OURS = b'{"meta":{"1":'  # how DatabaseEncoder starts every file it writes


def _hashed_as_written(raw: bytes) -> str | None:
    """The SHA-256 of the tables after meta, taken from the file's own bytes, when the file
    is laid out as DatabaseEncoder writes it (meta first, compact, ASCII): the very bytes that
    were hashed when it was written, so nothing needs encoding again. None for any other layout
    (then the caller encodes the tables again, as TinyDB or a person may have written them)."""
    if not raw.startswith(_OURS) or not raw.isascii():
        return None
    try:
        _meta, end = _DECODER.raw_decode(raw.decode("ascii"), len(_OURS))
    except ValueError:
        return None
    if raw[end : end + 2] != b"},":
        return None
    return hashlib.sha256(b"{" + raw[end + 2 :]).hexdigest()


_DECODER = json.JSONDecoder()


def read_tables(path: Path) -> dict[str, Any]:
    """A database's tables, checked against its checksum (ValueError or OSError if not sound)."""
    storage = AtomicJSONStorage(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = b""
    tables = storage.parse(raw)
    if tables is None:
        raise ValueError("the file is empty")
    try:
        expected = meta_of(tables).get("checksum")
        quick = _hashed_as_written(raw)
        sound = expected == quick or expected == _checksum(tables)
    except (KeyError, TypeError, AttributeError) as err:
        raise ValueError(f"it is not a session database ({err.__class__.__name__})") from err
    if not sound:
        raise ValueError("its content does not match its checksum (changed or damaged)")
    return tables


def read_database(path: Path) -> tuple[Session, Keys]:
    """The session in a database file; ValueError (or OSError) saying why it cannot be read."""
    tables = read_tables(path)
    try:
        return session_from_tables(tables)
    except (KeyError, TypeError, AttributeError) as err:
        raise ValueError(f"it is not a session database ({err.__class__.__name__}: {err})") from err
