"""Immutable ordered mappings whose updates share almost everything with the original.

A session is a frozen value and every change returns a new one. With plain dicts each change
copied the whole answers and changes dicts, and counting a device's answers scanned every
answer, so a change cost more the bigger the session grew (1.7 ms at 10,000 answers). Here the
entries sit in chunks in insertion order and a hashed index says which chunk holds a key: `set`
copies one chunk, one index bucket and two short tuples, whatever the size. Iteration order is
a dict's (insertion order, an updated key keeps its place), and a FrozenMap equals any mapping
with the same items, so sessions compare and round-trip through the codec as before.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, Mapping, ValuesView
from typing import Any, TypeVar, overload

from dialoogtafel.server.domain.model import Answer

K = TypeVar("K")
V = TypeVar("V")
D = TypeVar("D")

CHUNK = 64  # entries per chunk of the insertion order
SHIFT = 4  # the key -> chunk index: ROWS rows of ROWS buckets, so a new key copies two short
ROWS = 1 << SHIFT  # tuples and one bucket, not one long tuple
BUCKETS = ROWS * ROWS
_EMPTY: dict[Any, int] = {}  # shared by every empty bucket; buckets are copied, never changed


class _Values(ValuesView[V]):
    def __iter__(self) -> Iterator[V]:
        for chunk in self._mapping._chunks:  # type: ignore[attr-defined]
            yield from chunk.values()


class _Items(ItemsView[K, V]):
    def __iter__(self) -> Iterator[tuple[K, V]]:
        for chunk in self._mapping._chunks:  # type: ignore[attr-defined]
            yield from chunk.items()


class FrozenMap(Mapping[K, V]):
    """An immutable mapping in insertion order; `set` returns a new one in O(1) (amortized)."""

    __slots__ = ("_chunks", "_len", "_where")

    _chunks: tuple[dict[K, V], ...]
    _where: tuple[tuple[dict[K, int], ...], ...]  # [row][bucket]: key -> chunk number
    _len: int

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        """The items of a mapping or of (key, value) pairs, in their order."""
        pairs = list(dict(items).items())
        chunks = tuple(dict(pairs[i : i + CHUNK]) for i in range(0, len(pairs), CHUNK))
        where: list[dict[K, int]] = [_EMPTY] * BUCKETS
        for n, chunk in enumerate(chunks):
            for key in chunk:
                b = hash(key) & (BUCKETS - 1)
                if where[b] is _EMPTY:
                    where[b] = {}
                where[b][key] = n
        rows = tuple(tuple(where[r * ROWS : (r + 1) * ROWS]) for r in range(ROWS))
        self._chunks, self._where, self._len = chunks, rows, len(pairs)

    @classmethod
    def _made(
        cls,
        chunks: tuple[dict[K, V], ...],
        where: tuple[tuple[dict[K, int], ...], ...],
        length: int,
    ) -> FrozenMap[K, V]:
        new = cls.__new__(cls)
        new._chunks, new._where, new._len = chunks, where, length
        return new

    def set(self, key: K, value: V) -> FrozenMap[K, V]:
        """A new map with `key` set to `value` (an existing key keeps its place)."""
        # every change passes here two or three times: tuples are joined, not unpacked (that
        # builds a list), and dicts copied with .copy() (a clone of the key table)
        b = hash(key) & (BUCKETS - 1)
        r, c = b >> SHIFT, b & (ROWS - 1)
        where = self._where
        row = where[r]
        bucket = row[c]
        chunks = self._chunks
        n = bucket.get(key)
        if n is not None:
            chunk = chunks[n].copy()
            chunk[key] = value
            return self._made(chunks[:n] + (chunk,) + chunks[n + 1 :], where, self._len)  # noqa: RUF005
        n = len(chunks) - 1
        if n >= 0 and len(chunks[n]) < CHUNK:
            chunk = chunks[n].copy()
            chunk[key] = value
            chunks = chunks[:n] + (chunk,)  # noqa: RUF005
        else:
            n += 1
            chunks = (*chunks, {key: value})
        bucket = bucket.copy()
        bucket[key] = n
        row = row[:c] + (bucket,) + row[c + 1 :]  # noqa: RUF005
        return self._made(chunks, where[:r] + (row,) + where[r + 1 :], self._len + 1)  # noqa: RUF005

    def _bucket(self, key: object) -> dict[K, int]:
        b = hash(key) & (BUCKETS - 1)
        return self._where[b >> SHIFT][b & (ROWS - 1)]

    def __getitem__(self, key: K) -> V:
        return self._chunks[self._bucket(key)[key]][key]

    @overload
    def get(self, key: K, /) -> V | None: ...
    @overload
    def get(self, key: K, default: V | D, /) -> V | D: ...
    def get(self, key: K, default: V | D | None = None, /) -> V | D | None:
        """The value of `key`, or `default`."""
        n = self._bucket(key).get(key)
        return default if n is None else self._chunks[n][key]

    def __contains__(self, key: object) -> bool:
        return key in self._bucket(key)

    def __iter__(self) -> Iterator[K]:
        for chunk in self._chunks:
            yield from chunk

    def __len__(self) -> int:
        return self._len

    def values(self) -> ValuesView[V]:
        """The values in order."""
        return _Values(self)

    def items(self) -> ItemsView[K, V]:
        """The (key, value) pairs in order."""
        return _Items(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self.items())!r})"

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        return type(self), (dict(self.items()),)


def put(mapping: Mapping[K, V], key: K, value: V) -> FrozenMap[K, V]:
    """`mapping` with `key` set: shared with it when it is a FrozenMap (else copied once)."""
    base = mapping if isinstance(mapping, FrozenMap) else FrozenMap(mapping)
    return base.set(key, value)


class AnswerMap(FrozenMap[str, Answer]):
    """Answers by id that also know how many live (not withdrawn) answers an author has per
    question, so the per-device limit is checked without scanning every answer."""

    __slots__ = ("_live",)

    _live: FrozenMap[tuple[str, str], int]

    def __init__(self, items: Mapping[str, Answer] | Iterable[tuple[str, Answer]] = ()) -> None:
        """The answers of a mapping or of (id, answer) pairs, in their order."""
        super().__init__(items)
        live: dict[tuple[str, str], int] = {}
        for a in self.values():
            if a.state != "withdrawn":
                live[(a.author, a.question)] = live.get((a.author, a.question), 0) + 1
        self._live = FrozenMap(live)

    def set(self, key: str, value: Answer) -> AnswerMap:
        """A new map with this answer stored under `key` (its id)."""
        old = self.get(key)
        live = self._live
        if old is not None and old.state != "withdrawn":
            mine = (old.author, old.question)
            live = live.set(mine, live[mine] - 1)
        if value.state != "withdrawn":
            mine = (value.author, value.question)
            live = live.set(mine, live.get(mine, 0) + 1)
        new = super().set(key, value)
        assert isinstance(new, AnswerMap)
        new._live = live
        return new

    def live_count(self, author: str, question: str) -> int:
        """How many answers to `question` by `author` are not withdrawn."""
        return self._live.get((author, question), 0)


def with_answer(answers: Mapping[str, Answer], answer: Answer) -> AnswerMap:
    """`answers` with this answer stored (converted to an AnswerMap once, then shared)."""
    base = answers if isinstance(answers, AnswerMap) else AnswerMap(answers)
    return base.set(answer.id, answer)


def live_count(answers: Mapping[str, Answer], author: str, question: str) -> int:
    """How many answers to `question` by `author` are not withdrawn."""
    if isinstance(answers, AnswerMap):
        return answers.live_count(author, question)
    return sum(
        1
        for a in answers.values()
        if a.author == author and a.question == question and a.state != "withdrawn"
    )
