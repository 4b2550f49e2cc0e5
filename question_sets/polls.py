"""A set's poll questions: `kind = "choice"` with its options, `kind = "scale"` with its range.

Every mistake names the key's line and says what to write instead (docs/question-sets.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dialoogtafel.question_sets.lines import Where
from dialoogtafel.server.domain import limits

if TYPE_CHECKING:
    from dialoogtafel.question_sets.schema import Reader

POLL_KEYS = ("kind", "options", "max_picks", "min", "max", "labels")
KIND_KEYS = {"open": (), "choice": ("options", "max_picks"), "scale": ("min", "max", "labels")}
LOW, HIGH = limits.SCALE_LOW, limits.SCALE_HIGH


def poll_fields(
    reader: Reader, table: Mapping[str, Any], where: Where, label: str
) -> dict[str, Any]:
    """The Question fields of a poll (kind and its keys), {} for an open question."""
    kind = table.get("kind", "open")
    if kind not in KIND_KEYS:
        message = f'unknown kind {kind!r}{label}: use kind = "open", "choice" or "scale"'
        raise reader.fail(message, where, "kind")
    for key in POLL_KEYS[1:]:
        if key in table and key not in KIND_KEYS[kind]:
            owner = next(k for k, keys in KIND_KEYS.items() if key in keys)
            message = (
                f"'{key}'{label} belongs to a {owner} question: set kind = \"{owner}\" or remove it"
            )
            raise reader.fail(message, where, key)
    if kind == "choice":
        options = _texts(reader, table, where, label, "options", limits.OPTION_CHARS)
        if not limits.MIN_OPTIONS <= len(options) <= limits.MAX_OPTIONS:
            message = (
                f"'options'{label} has {len(options)}: a choice needs {limits.MIN_OPTIONS} to "
                f'{limits.MAX_OPTIONS}, e.g. options = ["Ja", "Nee"]'
            )
            raise reader.fail(message, where, "options")
        picks = _int(reader, table, where, label, "max_picks", 1, len(options), default=1)
        return {"kind": kind, "options": options, "max_picks": picks}
    if kind == "scale":
        low = _int(reader, table, where, label, "min", LOW, HIGH - 1)
        high = _int(reader, table, where, label, "max", low + 1, HIGH)
        labels = _texts(reader, table, where, label, "labels", limits.LABEL_CHARS, optional=True)
        if len(labels) not in (0, 2):
            message = (
                f"'labels'{label} has {len(labels)}: give the words at both ends, "
                'e.g. labels = ["helemaal oneens", "helemaal eens"], or leave labels out'
            )
            raise reader.fail(message, where, "labels")
        return {"kind": kind, "min": low, "max": high, "labels": labels}
    return {}


def _int(
    reader: Reader,
    table: Mapping[str, Any],
    where: Where,
    label: str,
    key: str,
    low: int,
    high: int,
    default: int | None = None,
) -> int:
    """A whole number from low to high (required unless it has a default)."""
    value = table.get(key, default)
    if value is None:
        message = f"missing '{key}'{label}: a scale needs min and max, e.g. min = 1 and max = 5"
        raise reader.fail(message, where)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        rule = f"a whole number from {low} to {high}"
        if key in ("min", "max"):
            rule += f" (a scale runs from {LOW} to {HIGH}, with min below max)"
        message = f"'{key}'{label} must be {rule}, not {value!r}"
        raise reader.fail(message, where, key)
    return value


def _texts(
    reader: Reader,
    table: Mapping[str, Any],
    where: Where,
    label: str,
    key: str,
    limit: int,
    *,
    optional: bool = False,
) -> tuple[str, ...]:
    """A list of texts, none empty, none twice, none over the limit."""
    value = table.get(key)
    if value is None and optional:
        return ()
    if value is None:
        message = f'missing \'{key}\'{label}: add {key} = ["Ja", "Nee"] (the choices, in order)'
        raise reader.fail(message, where)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        message = f'\'{key}\'{label} must be a list of texts in quotes, e.g. {key} = ["…", "…"]'
        raise reader.fail(message, where, key)
    texts = tuple(" ".join(v.split()) for v in value)
    if not all(texts):
        raise reader.fail(f"'{key}'{label} has an empty text: write it or remove it", where, key)
    twice = sorted({t for t in texts if texts.count(t) > 1})
    if twice:
        message = f"'{key}'{label} has {twice[0]!r} twice: each must differ"
        raise reader.fail(message, where, key)
    if long := [t for t in texts if len(t) > limit]:
        message = f"'{key}'{label}: {long[0][:20]!r}… is over {limit} characters; shorten it"
        raise reader.fail(message, where, key)
    return texts
