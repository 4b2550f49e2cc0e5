"""A change id the session saw: who sent it, a digest of what it said, and its seq."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SEQ_BITS = 40  # a change record's seq: the low bits of its key; the digest is above them
_SEQ_MASK = (1 << SEQ_BITS) - 1
DIGEST_HEX = 16  # a digest: the first 64 bits of a SHA-256, as 16 hex digits in the files
_HEX = frozenset("0123456789abcdef")


class _Later:
    """A digest not made yet: the function that makes it, its argument (the command) and the
    change's seq. Held by a record only until its digest is first asked for."""

    __slots__ = ("make", "of", "seq")

    def __init__(self, make: Callable[[Any], int], of: object, seq: int) -> None:
        self.make, self.of, self.seq = make, of, seq


class ChangeRecord:
    """A change id seen before: who sent it, a digest of what it said, and its seq.

    The session keeps one for every change it ever took, so it is small: the digest (a 64-bit
    int) and the seq share one int, `key` (two slots, 88 B with the int, where a dataclass with
    a hex string and an int of its own took 153 B). `digest` and `seq` read as before; the
    files hold the digest as 16 hex digits.

    A record made on the live path (`later`) makes its digest when first asked for: by the
    fold that writes it to the database, in a batch, or by a resend of its id. Made at once,
    a SHA-256 of the command's JSON was a tenth of an answer's CPU in the server (every answer
    comes cold, code and data out of the CPU's caches)."""

    __slots__ = ("actor", "key")

    actor: str
    key: int | _Later  # fingerprint << SEQ_BITS | seq; or how to make it

    def __init__(self, actor: str, digest: str, seq: int) -> None:
        """A record as the files hold it (ValueError for a digest or seq it cannot hold)."""
        if not isinstance(digest, str) or len(digest) != DIGEST_HEX or not _HEX.issuperset(digest):
            raise ValueError(f"a change digest is {DIGEST_HEX} hex digits, not {digest!r}")
        if not isinstance(seq, int) or not 0 <= seq <= _SEQ_MASK:
            raise ValueError(f"a change seq is a whole number of at most 40 bits, not {seq!r}")
        _set_actor(self, actor)
        _set_key(self, int(digest, 16) << SEQ_BITS | seq)

    @classmethod
    def of(cls, actor: str, fingerprint: int, seq: int) -> ChangeRecord:
        """A record from apply's int fingerprint (64 bits) and a seq (at most 40 bits)."""
        new = object.__new__(cls)
        _set_actor(new, actor)
        _set_key(new, fingerprint << SEQ_BITS | seq)
        return new

    @classmethod
    def later(cls, actor: str, make: Callable[[Any], int], of: object, seq: int) -> ChangeRecord:
        """A record whose 64-bit fingerprint is `make(of)`, made when first asked for."""
        new = object.__new__(cls)
        _set_actor(new, actor)
        _set_key(new, _Later(make, of, seq))
        return new

    def _key(self) -> int:
        key = self.key
        if type(key) is int:
            return key
        assert isinstance(key, _Later)
        made = key.make(key.of) << SEQ_BITS | key.seq
        _set_key(self, made)  # the same value whoever asks first (a fold's thread, the loop)
        return made

    @property
    def fingerprint(self) -> int:
        """The digest as an int."""
        return self._key() >> SEQ_BITS

    @property
    def digest(self) -> str:
        """The digest as the files hold it: 16 hex digits."""
        return f"{self._key() >> SEQ_BITS:0{DIGEST_HEX}x}"

    @property
    def seq(self) -> int:
        """The change's seq."""
        key = self.key
        return key.seq if isinstance(key, _Later) else key & _SEQ_MASK

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a ChangeRecord is frozen: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a ChangeRecord is frozen: cannot delete {name}")

    def __reduce__(self) -> tuple[Any, tuple[str, str, int]]:
        return (ChangeRecord, (self.actor, self.digest, self.seq))  # copy, deepcopy, pickle

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ChangeRecord):
            return NotImplemented
        return self._key() == other._key() and self.actor == other.actor

    def __hash__(self) -> int:
        return hash((self.actor, self._key()))

    def __repr__(self) -> str:
        return f"ChangeRecord(actor={self.actor!r}, digest={self.digest!r}, seq={self.seq!r})"


_set_actor = ChangeRecord.actor.__set__  # type: ignore[misc,attr-defined]  # the slots' descriptors
_set_key = ChangeRecord.key.__set__  # type: ignore[misc,union-attr]
