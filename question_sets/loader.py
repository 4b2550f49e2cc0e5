"""Load question sets: the shipped TOML files by id, or a leader's own file by path."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from dialoogtafel.question_sets.errors import QuestionSetError, UnknownSetError
from dialoogtafel.question_sets.lines import Lines, unclosed_string
from dialoogtafel.question_sets.schema import Reader, build
from dialoogtafel.server.domain.model import QuestionSet

DEFAULT_SET = "eigen-regie"
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_END = re.compile(r"\s*\(at end of document\)\s*$")
_HINTS = (  # tomllib's message start -> how to fix it
    ("Invalid value", 'text needs quotes, e.g. text = "Wat …?"; lists need [ ]'),
    ("Unterminated string", "close the text with the same quote mark it started with"),
    ("Unclosed", "close the list or table with ] or }"),
    ("Cannot overwrite a value", "this key is set twice in the same table; keep one"),
    ("Cannot declare", "this table is declared twice; use [[...]] for a repeated table"),
    ("Expected '=' after a key", 'write key = value, e.g. title = "…"'),
    ("Invalid statement", "each line is key = value, a [[table]] header, or a # comment"),
)


def parse_set(text: str, path: str | Path = "<text>") -> QuestionSet:
    """The question set in this TOML text; `path` only names it in errors."""
    name = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _syntax_error(name, str(err), text) from None
    return build(Reader(name, data, Lines(text, data)))


def load_file(path: str | Path) -> QuestionSet:
    """The question set in a TOML file."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise QuestionSetError(path, None, "no such file: check the path") from None
    except IsADirectoryError:
        raise QuestionSetError(path, None, "is a folder: give the .toml file in it") from None
    except OSError as err:
        raise QuestionSetError(path, None, f"cannot read it: {err.strerror}") from None
    return parse_set(_decode(raw, path), path)


def load_shipped(set_id: str) -> QuestionSet:
    """A set that ships with Dialoogtafel, by its id."""
    files = _shipped_files()
    if set_id not in files:
        raise UnknownSetError(set_id, sorted(files))
    resource = files[set_id]
    return parse_set(_decode(resource.read_bytes(), resource), str(resource))


def load_set(ref: str | Path) -> QuestionSet:
    """A shipped set by id, or a set from a file: anything that looks like a path is a file."""
    text = str(ref)
    if isinstance(ref, Path) or text.endswith(".toml") or "/" in text or "\\" in text:
        return load_file(ref)
    if text in _shipped_files() or not Path(text).is_file():
        return load_shipped(text)
    return load_file(text)


def shipped_ids() -> tuple[str, ...]:
    """The ids of the shipped sets, the default first, then by name."""
    return tuple(sorted(_shipped_files(), key=lambda i: (i != DEFAULT_SET, i)))


def shipped_sets() -> tuple[QuestionSet, ...]:
    """Every shipped set, loaded and checked, in shipped_ids() order."""
    return tuple(load_shipped(set_id) for set_id in shipped_ids())


def _shipped_files() -> dict[str, Traversable]:
    """Set id (the file's stem) -> the shipped TOML file, found in the installed package."""
    package = resources.files("dialoogtafel.question_sets")
    return {
        entry.name.removesuffix(".toml"): entry
        for entry in package.iterdir()
        if entry.name.endswith(".toml") and entry.is_file()
    }


def _decode(raw: bytes, path: object) -> str:
    """UTF-8 text (a leading byte-order mark, as some editors write, is allowed)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        message = f"not UTF-8 text (byte {err.start}): save the file as UTF-8"
        raise QuestionSetError(str(path), None, message) from None


def _syntax_error(path: str, message: str, text: str) -> QuestionSetError:
    """tomllib's complaint as one line with the line number it gives and a hint."""
    line: int | None = None
    where = ""
    if at := _AT.search(message):
        line, where = int(at[1]), f" (column {at[2]})"
        message = message[: at.start()]
    elif end := _END.search(message):
        message = message[: end.start()]
        line = unclosed_string(text)
        where = " (a multi-line string opens here)" if line else " (at the end of the file)"
    hint = next((h for start, h in _HINTS if message.startswith(start)), "")
    hint = hint or "see docs/question-sets.md for the format"
    return QuestionSetError(path, line, f"TOML syntax error: {message}{where}; {hint}")
