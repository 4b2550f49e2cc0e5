"""Poll messages into the kiosk's data: a question's fields, a poll's `results`."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from dialoogtafel.kiosk.state import Counts, PollResults, QuestionInfo


def question_info(q: Mapping[str, Any]) -> QuestionInfo:
    """A question of `welcome.session.questions[]` or of a `question` message."""
    kind = str(q.get("kind") or "open")
    if kind not in ("open", "choice", "scale"):
        kind = "open"  # a kind this kiosk does not know: shown as a question, nothing more
    return QuestionInfo(
        str(q["id"]),
        str(q.get("text", "")),
        str(q.get("help") or ""),
        q.get("theme"),
        kind=kind,
        options=tuple(str(o) for o in q.get("options") or ()),
        max_picks=int(q.get("max_picks", 1)),
        min=int(q.get("min", 0)),
        max=int(q.get("max", 0)),
        labels=tuple(str(x) for x in q.get("labels") or ()),
    )


def _counts(data: Any) -> Counts:
    if not isinstance(data, Mapping):
        return Counts()
    mean = data.get("mean")
    counts = {str(k): int(v) for k, v in (data.get("counts") or {}).items()}
    return Counts(
        int(data.get("responses", 0)),
        MappingProxyType(counts),
        None if mean is None else float(mean),
    )


def poll_results(msg: Mapping[str, Any]) -> PollResults:
    """A `results` message (or one of a welcome's `results`)."""
    tables = {int(n): _counts(c) for n, c in (msg.get("tables") or {}).items()}
    other = msg.get("other") or {}
    responded = {int(n): int(c) for n, c in (msg.get("responded") or {}).items()}
    return PollResults(
        str(msg["question"]),
        _counts(msg.get("total")),
        MappingProxyType(tables),
        _counts(other),
        int(other.get("tables", 0)) if isinstance(other, Mapping) else 0,
        MappingProxyType(responded),
    )


def results_of(welcome: Mapping[str, Any]) -> Mapping[str, PollResults]:
    """The welcome's results, by poll."""
    found = [poll_results(r) for r in welcome.get("results") or ()]
    return MappingProxyType({r.question: r for r in found})
