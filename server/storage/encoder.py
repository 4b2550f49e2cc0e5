"""Encoding a session as the database's JSON, re-encoding only what changed since last time.

Sessions are frozen values; a new one shares every answer, item and change record it did not
change, in the same order. Each table is encoded in chunks of rows; a chunk whose keys and
values are the same objects as last time (a list comparison, done in C) keeps its bytes, and
in a changed chunk only the rows that differ are encoded again. A fold of a 10,000-answer
session then costs little more than its write, instead of a fresh encoding of megabytes in
Python (which holds the GIL, and with it the event loop). A full chunk's bytes, once written,
are kept in the database file alone and read back from it by the next fold (`_Chunk`).
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from dialoogtafel.server.domain import Answer, Item, Session
from dialoogtafel.server.domain.codec import response_to_dict, session_fields_to_dict
from dialoogtafel.server.domain.model import Response
from dialoogtafel.server.storage.keys import Keys
from dialoogtafel.server.storage.rowsource import RowSource, row_digest

FORMAT = 1
ANSWER_FIELDS = tuple(f.name for f in fields(Answer))
ITEM_FIELDS = tuple(f.name for f in fields(Item))

Doc = Callable[[Any, Any], dict[str, Any]]


def encode_json(data: Any) -> bytes:
    """Compact JSON, as every part of the database is encoded."""
    return json.dumps(data, separators=(",", ":")).encode()


def _answer(_key: str, a: Answer) -> dict[str, Any]:
    return {f: getattr(a, f) for f in ANSWER_FIELDS}


def _item(_key: str, i: Item) -> dict[str, Any]:
    return {f: getattr(i, f) for f in ITEM_FIELDS}


def _votes(answer: str, voters: frozenset[str]) -> dict[str, Any]:
    return {"answer": answer, "voters": sorted(voters)}


def _change(change_id: str, r: Any) -> dict[str, Any]:
    return {"id": change_id, "actor": r.actor, "digest": r.digest, "seq": r.seq}


CHUNK = 256  # rows per cached piece of a table


class _Chunk:
    """Up to CHUNK rows of a table as encoded last time: the keys and values they came from,
    and the rows' bytes joined by commas, with where each row ends (a row's own bytes are a
    slice of them: the rows are not kept twice).

    A full chunk changes only when one of its rows does, so once a fold has written it, its
    bytes are kept in the database file only: where they are there, and a hash of them. The
    next fold reads them back from the file it replaces (a page-cache read, cheaper than
    inflating them was); if that file no longer holds them (changed, damaged, gone), the rows
    are encoded again from their objects. The session's answers and changes are then not held
    twice over in memory as their database rows (they were: deflated, some 150 bytes an
    answer)."""

    __slots__ = ("_bytes", "at", "digest", "doc", "ends", "keys", "size", "start", "values")

    _bytes: bytes | None

    def __init__(
        self, doc: Doc, start: int, keys: list[Any], values: list[Any], rows: list[bytes]
    ) -> None:
        self.doc, self.start, self.keys, self.values = doc, start, keys, values
        self.at = -1  # where the bytes are in the database file, once they are only there
        self.digest = b""
        self._held(rows)

    def _held(self, rows: list[bytes]) -> bytes:
        """Hold these rows' bytes in memory, with their size and where each row ends."""
        joined = self._bytes = b",".join(rows)
        self.size = len(joined)
        self.ends = array("I")
        end = -1
        for row in rows:
            end += len(row) + 1
            self.ends.append(end)
        return joined

    @property
    def full(self) -> bool:
        """Whether the chunk holds CHUNK rows (it changes only when an old row does)."""
        return len(self.keys) == CHUNK

    def joined(self, source: RowSource) -> bytes:
        """The rows' bytes, joined by commas: kept, or read back from the database file."""
        if self._bytes is not None:
            return self._bytes
        raw = source.read(self.at, self.size, self.digest)
        if raw is None:  # encoded afresh (row ends and all), held until a fold has written it
            source.missed += 1
            raw = self._held(_encoded_rows(self.doc, self.start, self.keys, self.values))
        return raw

    def rows(self, source: RowSource) -> list[bytes]:
        """Every row's bytes, as encoded last time."""
        joined, ends = self.joined(source), self.ends
        return [joined[ends[j - 1] + 1 if j else 0 : ends[j]] for j in range(len(ends))]

    def kept_at(self, at: int) -> None:
        """The fold wrote the chunk's bytes at `at` in the database file: keep them only there."""
        if self._bytes is not None:
            self.digest = row_digest(self._bytes)
            self._bytes = None
        self.at = at


def _encoded_rows(doc: Doc, start: int, keys: list[Any], values: list[Any]) -> list[bytes]:
    return [
        b'"%d":%s' % (start + j + 1, encode_json(doc(k, v)))
        for j, (k, v) in enumerate(zip(keys, values, strict=True))
    ]


Piece = bytes | _Chunk


def _length(piece: Piece) -> int:
    return piece.size if isinstance(piece, _Chunk) else len(piece)


class _Pieces:
    """The database file in pieces, to be iterated once per use (checksum, write): a chunk's
    bytes are read back as its turn comes, so a fold never holds the file's bytes at once."""

    def __init__(self, pieces: list[Piece], source: Path | None) -> None:
        self._pieces = pieces
        self._source = source

    def __iter__(self) -> Iterator[bytes]:
        source = RowSource(self._source)
        try:
            for piece in self._pieces:
                yield piece.joined(source) if isinstance(piece, _Chunk) else piece
        finally:
            source.close()


class _TableCache:
    """One table's rows as encoded last time, in chunks."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.chunks: list[_Chunk] = []

    def pieces(self, mapping: Mapping[Any, Any], reader: RowSource) -> list[Piece]:
        """The table in pieces: bytes, and the cached chunks (rows read back through `reader`
        where a changed chunk reuses them)."""
        keys, values = list(mapping), list(mapping.values())
        chunks = []
        for c, start in enumerate(range(0, len(keys), CHUNK)):
            ks, vs = keys[start : start + CHUNK], values[start : start + CHUNK]
            old = self.chunks[c] if c < len(self.chunks) else None
            if old is None or old.keys != ks or old.values != vs:  # equal objects: equal rows
                old = self._encode_chunk(start, ks, vs, old, reader)
            chunks.append(old)
        self.chunks = chunks
        out: list[Piece] = [b"{"]
        for n, chunk in enumerate(chunks):
            out += (b",", chunk) if n else (chunk,)
        out.append(b"}")
        return out

    def _encode_chunk(
        self, start: int, ks: list[Any], vs: list[Any], old: _Chunk | None, source: RowSource
    ) -> _Chunk:
        if old is None:
            return _Chunk(self.doc, start, ks, vs, _encoded_rows(self.doc, start, ks, vs))
        rows = []
        before = old.rows(source)
        for j, (k, v) in enumerate(zip(ks, vs, strict=True)):
            if j < len(before) and old.keys[j] == k and old.values[j] == v:
                rows.append(before[j])
            else:
                rows.append(b'"%d":%s' % (start + j + 1, encode_json(self.doc(k, v))))
        return _Chunk(self.doc, start, ks, vs, rows)


def _response(_key: tuple[str, str], r: Response) -> dict[str, Any]:
    return response_to_dict(r)


def _seat(author: str, table: int) -> dict[str, Any]:
    return {"author": author, "table": table}


def _joined(table: int, authors: frozenset[str]) -> dict[str, Any]:
    return {"table": table, "authors": sorted(authors)}


TABLES: tuple[tuple[str, Doc], ...] = (
    ("answers", _answer),
    ("votes", _votes),
    ("items", _item),
    ("seats", _seat),
    ("joined", _joined),
    ("changes", _change),
    ("responses", _response),
)


class DatabaseEncoder:
    """Turns sessions into database bytes; keep one per session (not thread-safe)."""

    def __init__(self, keys: Keys) -> None:
        """An encoder for the session with these keys."""
        self._keys = keys
        self._tables = {name: _TableCache(doc) for name, doc in TABLES}
        self._file: Path | None = None  # the database file the last fold wrote
        self._last: list[Piece] = []  # the pieces handed out last, in file order

    def encode(self, s: Session) -> bytes:
        """The whole database file for `s`: meta (with the checksum) and every table."""
        return b"".join(self.pieces(s))

    def pieces(self, s: Session) -> Iterable[bytes]:
        """The database file for `s` in pieces, to be written one after the other: a fold
        then never builds the whole file (megabytes) in memory, once or three times over."""
        mappings: dict[str, Mapping[Any, Any]] = {
            "answers": s.answers,
            "votes": s.votes,
            "items": s.items,
            "seats": s.seats,
            "joined": s.joined,
            "changes": s.changes,
            "responses": s.responses,
        }
        body: list[Piece] = []  # the tables, as b"{" + b",".join(tables) + b"}" would be
        reader = RowSource(self._file)  # one for every table: the file opened once, if at all
        try:
            for n, (name, _doc) in enumerate(TABLES):
                body.append(b'%s"%s":' % (b"," if n else b"{", name.encode()))
                body += self._tables[name].pieces(mappings[name], reader)
        finally:
            reader.close()
        body.append(b"}")
        checksum = hashlib.sha256()
        for piece in _Pieces(body, self._file):
            checksum.update(piece)
        meta = self._meta(s, checksum.hexdigest())
        head = body[0]
        assert isinstance(head, bytes)
        body[0] = b'{"meta":{"1":' + encode_json(meta) + b"}," + head[1:]  # meta first
        self._last = body
        return _Pieces(body, self._file)

    def written(self, path: Path) -> None:
        """The pieces handed out last are now the file at `path`, complete and synced: its full
        chunks are kept there only, and the next fold reads them back from it."""
        at, places = 0, []
        for piece in self._last:
            if isinstance(piece, _Chunk) and piece.full:
                places.append((piece, at))
            at += _length(piece)
        for chunk, where in places:
            chunk.kept_at(where)
        self._file, self._last = path, []

    def _meta(self, s: Session, checksum: str) -> dict[str, Any]:
        return {
            "format": FORMAT,
            **session_fields_to_dict(s),
            "secret": self._keys.secret.hex(),
            "leader_hash": self._keys.leader_hash,
            "screen_hash": self._keys.screen_hash,
            "checksum": checksum,
        }
