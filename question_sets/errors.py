"""The one error a question set can raise: which file, which line if known, what to fix."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class QuestionSetError(Exception):
    """A question set that cannot be used; str() is one line: `<file>:<line>: <message>`."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        super().__init__(str(path), line, message)
        self.path = str(path)
        self.line = line
        self.message = " ".join(message.split())  # one line, whatever went in

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class UnknownSetError(QuestionSetError):
    """A set id that names no shipped set (and no file)."""

    def __init__(self, set_id: str, known: Sequence[str]) -> None:
        listed = ", ".join(known)
        message = f"unknown question set; the shipped sets are {listed} (or give a .toml file)"
        super().__init__(set_id, None, message)
        self.args = (set_id, tuple(known))
        self.known = tuple(known)
