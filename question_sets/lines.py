"""Where a table or key sits in a TOML file, found by a plain scan, for error messages only."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# A location in the parsed data: ("questions", 2) is the third [[questions]] table,
# ("themes", 0, "questions", 1) the second [[themes.questions]] table under the first theme.
Where = tuple[str | int, ...]

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\s-]+?)\s*\]\]\s*(#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[")
_KEY = re.compile(r"""^\s*(["']?)([A-Za-z0-9_-]+)\1\s*=""")


class Lines:
    """Line numbers of the array tables and keys of one file; None wherever the scan is unsure."""

    def __init__(self, text: str, data: Mapping[str, Any]) -> None:
        self._tables: dict[Where, int] = {}
        self._keys: dict[Where, int] = {}
        counts: dict[tuple[str, ...], int] = {}
        current: Where | None = ()
        open_quote: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if open_quote is not None:  # inside a multi-line string: nothing here is structure
                if line.count(open_quote) % 2 == 1:
                    open_quote = None
                continue
            if header := _ARRAY_HEADER.match(line):
                current = self._array_table(header[1], counts, number)
            elif _TABLE_HEADER.match(line):
                current = None  # a plain [table]: not part of our format, attribute nothing
            elif (key := _KEY.match(line)) and current is not None:
                self._keys.setdefault((*current, key[2]), number)
            open_quote = next((q for q in ('"""', "'''") if line.count(q) % 2 == 1), None)
        self._trusted = _counts_match(counts, data)

    def _array_table(self, name: str, counts: dict[tuple[str, ...], int], number: int) -> Where:
        """Record an [[array.table]] header and return the location it opens."""
        parts = tuple(p.strip() for p in name.split("."))
        if len(parts) == 1:
            where: Where = (parts[0], counts.get(parts, 0))
        elif len(parts) == 2:
            parent = counts.get(parts[:1], 0) - 1
            where = (parts[0], parent, parts[1], counts.get((*parts, str(parent)), 0))
            parts = (*parts, str(parent))
        else:
            return ("?",)
        counts[parts] = counts.get(parts, 0) + 1
        self._tables[where] = number
        return where

    def table(self, where: Where) -> int | None:
        """The line of the [[...]] header that opens this location."""
        return self._tables.get(where) if self._trusted else None

    def key(self, where: Where, key: str) -> int | None:
        """The line where this key (or an [[array]] of that name) is set, else its table's."""
        if not self._trusted:
            return None
        found = self._keys.get((*where, key)) or self._tables.get((*where, key, 0))
        return found or self._tables.get(where)


def unclosed_string(text: str) -> int | None:
    """The line where a multi-line string opens that is never closed, if there is one."""
    open_quote: str | None = None
    opened = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for quote in ('"""', "'''"):
            if (open_quote in (None, quote)) and line.count(quote) % 2 == 1:
                open_quote, opened = (None, 0) if open_quote else (quote, number)
                break
    return opened if open_quote else None


def _counts_match(counts: Mapping[tuple[str, ...], int], data: Mapping[str, Any]) -> bool:
    """Whether the headers found match the parsed arrays (not so if the file uses inline tables)."""
    for name in ("questions", "themes"):
        items = data.get(name)
        if isinstance(items, list) and counts.get((name,), 0) != len(items):
            return False
    themes = data.get("themes")
    if isinstance(themes, list):
        for index, theme in enumerate(themes):
            nested = theme.get("questions") if isinstance(theme, dict) else None
            found = counts.get(("themes", "questions", str(index)), 0)
            if isinstance(nested, list) and found != len(nested):
                return False
    return True
