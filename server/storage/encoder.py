"""Encoding a session as the database's JSON, re-encoding only what changed since last time.

Sessions are frozen values that share every answer, item and change record they did not
change; a document is encoded once and its bytes reused while the same object is in the
session. A fold of a 10,000-answer session then costs a walk over the tables and a join,
not a fresh encoding of megabytes (which would hold the GIL, and so the event loop).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import fields
from typing import Any

from server.domain import Answer, Item, Session
from server.domain.codec import question_set_to_dict, state_to_dict
from server.storage.keys import Keys

FORMAT = 1
ANSWER_FIELDS = tuple(f.name for f in fields(Answer))
ITEM_FIELDS = tuple(f.name for f in fields(Item))

Doc = Callable[[str, Any], dict[str, Any]]


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


class DatabaseEncoder:
    """Turns sessions into database bytes; keep one per session (not thread-safe)."""

    def __init__(self, keys: Keys) -> None:
        """An encoder for the session with these keys."""
        self._keys = keys
        self._memo: dict[int, tuple[object, str, bytes]] = {}
        self._next: dict[int, tuple[object, str, bytes]] = {}

    def encode(self, s: Session) -> bytes:
        """The whole database file for `s`: meta (with the checksum) and every table."""
        self._next = {}
        body = b"".join(
            [
                b'{"answers":',
                self._table(s.answers.items(), _answer),
                b',"votes":',
                self._table(s.votes.items(), _votes),
                b',"items":',
                self._table(s.items.items(), _item),
                b',"seats":',
                _rows(encode_json({"author": a, "table": t}) for a, t in s.seats.items()),
                b',"joined":',
                _rows(encode_json({"table": t, "authors": sorted(a)}) for t, a in s.joined.items()),
                b',"changes":',
                self._table(s.changes.items(), _change),
                b"}",
            ]
        )
        self._memo, self._next = self._next, {}  # forget documents no longer in the session
        meta = self._meta(s, hashlib.sha256(body).hexdigest())
        return b'{"meta":{"1":' + encode_json(meta) + b"}," + body[1:]

    def _meta(self, s: Session, checksum: str) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "code": s.code,
            "title": s.title,
            "created": s.created,
            "questions": question_set_to_dict(s.questions),
            "tables": {str(n): theme for n, theme in s.tables.items()},
            "state": state_to_dict(s.state),
            "seq": s.seq,
            "secret": self._keys.secret.hex(),
            "leader_hash": self._keys.leader_hash,
            "screen_hash": self._keys.screen_hash,
            "checksum": checksum,
        }

    def _table(self, entries: Iterable[tuple[str, Any]], doc: Doc) -> bytes:
        memo, kept = self._memo, self._next
        parts = []
        for key, obj in entries:
            hit = memo.get(id(obj))
            if hit is None or hit[0] is not obj or hit[1] != key:
                hit = (obj, key, encode_json(doc(key, obj)))
            kept[id(obj)] = hit
            parts.append(hit[2])
        return _rows(parts)


def _rows(docs: Iterable[bytes]) -> bytes:
    """A TinyDB table: documents numbered from 1."""
    return b"{" + b",".join(b'"%d":%s' % (n, d) for n, d in enumerate(docs, start=1)) + b"}"
