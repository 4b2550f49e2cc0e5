"""Polls in the exports: counts per poll overall, per table (fewer than 3 together), per round.

One place counts for the JSON export and the minutes, from the session's kept tallies (overall and
per table, via the domain's `results`) and one pass over the responses for the rounds. Nothing here
knows a device: a response's author never leaves this module, only counts do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialoogtafel.server.domain.model import Question, Session, Tally
from dialoogtafel.server.domain.polls import SMALL_TABLE, mean, results

TEXTS = {
    "nl": {
        "table": "Tafel {n}",
        "other": "Overige tafels ({n})",
        "small": "Tafels met minder dan {k} antwoorden staan samen onder Overige tafels.",
        "picks": "Ieder koos er hooguit {n}; de percentages zijn van het aantal antwoorden.",
    },
    "en": {
        "table": "Table {n}",
        "other": "Other tables ({n})",
        "small": "Tables with fewer than {k} responses are together under Other tables.",
        "picks": "Each chose up to {n}; the percentages are of the responses.",
    },
}


@dataclass(frozen=True, slots=True)
class PollCounts:
    """A poll's counts, ready for any format: labels in order and one Tally per column."""

    question: Question
    labels: tuple[str, ...]  # the options, or the scale's values as text
    total: Tally
    tables: tuple[tuple[str, Tally], ...]  # ("3", tally) per table with 3+, then ("other", …)
    other_tables: int
    rounds: tuple[tuple[int, Tally], ...]


def labels_of(q: Question) -> tuple[str, ...]:
    """The options of a choice, or the values of a scale as text."""
    return q.options if q.kind == "choice" else tuple(str(v) for v in range(q.min, q.max + 1))


def _rounds(s: Session, q: Question) -> tuple[tuple[int, Tally], ...]:
    """Counts per round the responses were last given in (one pass over the responses)."""
    found: dict[int, list[int]] = {}
    for r in s.responses.values():
        if r.question != q.id or not r.given:
            continue
        row = found.setdefault(r.round, [0, 0, *([0] * q.choices)])  # responses, sum, counts
        row[0] += 1
        if r.value is not None:
            row[1] += r.value
            row[2 + r.value - q.min] += 1
        for p in r.picks:
            row[2 + p] += 1
    return tuple((n, Tally(row[0], tuple(row[2:]), row[1])) for n, row in sorted(found.items()))


def poll_counts(s: Session, q: Question) -> PollCounts:
    """The counts of one poll."""
    r = results(s, q)
    tables = tuple((str(n), t) for n, t in r.tables.items())
    if r.other.responses:
        tables += (("other", r.other),)
    return PollCounts(q, labels_of(q), r.total, tables, r.other_tables, _rounds(s, q))


def polls_of(s: Session) -> list[PollCounts]:
    """Every poll of the session, in question order."""
    return [poll_counts(s, q) for q in s.questions.questions if q.is_poll]


def _tally(q: Question, t: Tally) -> dict[str, Any]:
    counts = t.counts or (0,) * q.choices
    out: dict[str, Any] = {"responses": t.responses, "counts": list(counts)}
    if q.kind == "scale":
        m = mean(q, t)
        out["mean"] = None if m is None else round(m, 2)
    return out


def polls_to_export(s: Session) -> list[dict[str, Any]]:
    """The JSON export's `polls`: per poll the counts overall, per table and per round."""
    out = []
    for p in polls_of(s):
        q = p.question
        tables = {name: _tally(q, t) for name, t in p.tables if name != "other"}
        other = next((t for name, t in p.tables if name == "other"), Tally())
        out.append(
            {
                "question": q.id,
                "kind": q.kind,
                "labels": list(p.labels),
                "total": _tally(q, p.total),
                "tables": tables,
                "other": {**_tally(q, other), "tables": p.other_tables},
                "rounds": {str(n): _tally(q, t) for n, t in p.rounds},
            }
        )
    return out


def poll_notes(p: PollCounts, language: str) -> str:
    """What the table needs said beside it: picks above one, small tables together."""
    texts = TEXTS.get(language, TEXTS["nl"])
    notes = []
    if p.question.kind == "choice" and p.question.max_picks > 1:
        notes.append(texts["picks"].format(n=p.question.max_picks))
    if p.other_tables:
        notes.append(texts["small"].format(k=SMALL_TABLE))
    return " ".join(notes)


def block_fields(p: PollCounts, language: str) -> dict[str, Any]:
    """The keyword arguments of the `docx` branch's `poll_blocks` (exports/poll_section.py), so
    its polls hook in exports/minutes.py is `poll_blocks(level=…, file=…, language=…,
    **block_fields(poll_counts(s, q), language))` once that branch is merged."""
    q, texts = p.question, TEXTS.get(language, TEXTS["nl"])
    zero = (0,) * q.choices
    tables = {
        (
            texts["other"].format(n=p.other_tables)
            if name == "other"
            else texts["table"].format(n=name)
        ): list(t.counts or zero)
        for name, t in p.tables
    }
    return {
        "question": q.text,
        "labels": list(p.labels),
        "counts": list(p.total.counts or zero),
        "responses": p.total.responses,
        "kind": q.kind,
        "mean": mean(q, p.total),
        "poles": (q.labels[0], q.labels[1]) if len(q.labels) == 2 else None,
        "tables": tables,
    }
