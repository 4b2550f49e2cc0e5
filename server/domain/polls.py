"""Polls: a device's response (given, changed, taken back), a question asked live, revealing.

Counts are kept per question and table as each response comes in (Session.tallies), so a
response costs the same whatever the session's size and results never rescan the responses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from dialoogtafel.server.domain import limits
from dialoogtafel.server.domain.commands import Ask, Respond, Reveal
from dialoogtafel.server.domain.events import (
    Ok,
    QuestionAdded,
    Rejected,
    ResultsChanged,
    StateChanged,
)
from dialoogtafel.server.domain.frozenmap import put
from dialoogtafel.server.domain.model import Question, QuestionKind, Response, Session, Tally
from dialoogtafel.server.domain.seats import seated_for
from dialoogtafel.server.domain.text import clean_text

KINDS: tuple[QuestionKind, ...] = ("open", "choice", "scale")
SMALL_TABLE = 3  # a table with fewer responses is counted with the others (anonymity)


def _counted(t: Tally, q: Question, r: Response, sign: int) -> Tally:
    """The tally with one response added (sign 1) or removed (sign -1)."""
    counts = list(t.counts) or [0] * q.choices
    total = t.total
    if r.value is not None:
        counts[r.value - q.min] += sign
        total += sign * r.value
    for p in r.picks:
        counts[p] += sign
    return Tally(t.responses + sign, tuple(counts), total)


def with_response(
    tallies: Mapping[tuple[str, int], Tally], q: Question, old: Response | None, new: Response
) -> Mapping[tuple[str, int], Tally]:
    """The tallies once `new` replaces `old` (each only if given): two tables touched at most."""
    if old is not None and old.given:
        key = (q.id, old.table)
        tallies = put(tallies, key, _counted(tallies.get(key, Tally()), q, old, -1))
    if new.given:
        key = (q.id, new.table)
        tallies = put(tallies, key, _counted(tallies.get(key, Tally()), q, new, 1))
    return tallies


def tallies_of(s: Session) -> Mapping[tuple[str, int], Tally]:
    """Every tally counted afresh from the responses (a session read back from disk)."""
    tallies: Mapping[tuple[str, int], Tally] = {}
    for r in s.responses.values():
        q = s.questions.question(r.question)
        if q is not None and r.given:
            tallies = with_response(tallies, q, None, r)
    return tallies


def _checked(q: Question, cmd: Respond) -> tuple[int, ...] | Rejected:
    """The picks in order, or bad_message for a response that does not fit the poll."""
    bad = Rejected("bad_message", cmd.id)
    if q.kind == "choice":
        if cmd.picks is None or cmd.value is not None:
            return bad
        picks = tuple(sorted(cmd.picks))
        if len(set(picks)) != len(picks) or len(picks) > q.max_picks:
            return bad
        if any(not 0 <= p < len(q.options) for p in picks):
            return bad
        return picks
    if cmd.picks is not None or (cmd.value is not None and not q.min <= cmd.value <= q.max):
        return bad
    return ()


def respond(s: Session, author: str, cmd: Respond, at: float) -> Ok | Rejected:
    """A seated participant responds to an open poll; a later response replaces it."""
    seated = seated_for(s, author, cmd.question, cmd.id, poll=True)
    if isinstance(seated, Rejected):
        return seated
    table, q = seated
    picks = _checked(q, cmd)
    if isinstance(picks, Rejected):
        return picks
    old = s.responses.get((q.id, author))
    new = Response(q.id, author, table, picks, cmd.value, s.state.round, at)
    changed = replace(
        s,
        responses=put(s.responses, (q.id, author), new),
        tallies=with_response(s.tallies, q, old, new),
    )
    counts_moved = new.given or (old is not None and old.given)
    return Ok(changed, (ResultsChanged(q.id),) if counts_moved else ())


def _texts(raw: tuple[str, ...], limit: int, ref: str) -> tuple[str, ...] | Rejected:
    """Option or label texts, cleaned; none empty, none over the limit, no two alike."""
    texts = tuple(clean_text(t) for t in raw)
    if not all(texts) or len(set(texts)) != len(texts):
        return Rejected("bad_message", ref)
    if any(len(t) > limit for t in texts):
        return Rejected("too_long", ref)
    return texts


def asked_question(cmd: Ask, question_id: str) -> Question | Rejected:
    """The question an `ask` describes, checked as a set's question is."""
    if cmd.question_kind not in KINDS:
        return Rejected("bad_message", cmd.id)
    text = clean_text(cmd.text)
    if not text:
        return Rejected("bad_message", cmd.id)
    if len(text) > limits.QUESTION_CHARS:
        return Rejected("too_long", cmd.id)
    if cmd.question_kind == "open":
        return Question(question_id, text)
    if cmd.question_kind == "choice":
        options = _texts(cmd.options, limits.OPTION_CHARS, cmd.id)
        if isinstance(options, Rejected):
            return options
        if not limits.MIN_OPTIONS <= len(options) <= limits.MAX_OPTIONS:
            return Rejected("bad_message", cmd.id)
        if not 1 <= cmd.max_picks <= len(options):
            return Rejected("bad_message", cmd.id)
        return Question(question_id, text, kind="choice", options=options, max_picks=cmd.max_picks)
    if not limits.SCALE_LOW <= cmd.min < cmd.max <= limits.SCALE_HIGH:
        return Rejected("bad_message", cmd.id)
    labels = _texts(cmd.labels, limits.LABEL_CHARS, cmd.id)
    if isinstance(labels, Rejected):
        return labels
    if len(labels) not in (0, 2):
        return Rejected("bad_message", cmd.id)
    return Question(question_id, text, kind="scale", min=cmd.min, max=cmd.max, labels=labels)


def next_question_id(s: Session) -> str:
    """The next free id of the form qN."""
    taken = {q.id for q in s.questions.questions}
    n = len(taken) + 1
    while f"q{n}" in taken:
        n += 1
    return f"q{n}"


def ask(s: Session, cmd: Ask) -> Ok | Rejected:
    """Add a question for every table, open at once."""
    if len(s.questions.questions) >= limits.MAX_QUESTIONS:
        return Rejected("too_many", cmd.id)
    q = asked_question(cmd, next_question_id(s))
    if isinstance(q, Rejected):
        return q
    questions = replace(s.questions, questions=(*s.questions.questions, q))
    state = replace(s.state, open=s.state.open | {q.id})
    return Ok(replace(s, questions=questions, state=state), (QuestionAdded(q), StateChanged(state)))


def reveal(s: Session, cmd: Reveal) -> Ok | Rejected:
    """Show a poll's results to the phones, or hide them again."""
    q = s.questions.question(cmd.question)
    if q is None or not q.is_poll:
        return Rejected("bad_message", cmd.id)
    revealed = s.state.revealed | {q.id} if cmd.on else s.state.revealed - {q.id}
    state = replace(s.state, revealed=revealed)
    events = (StateChanged(state), ResultsChanged(q.id)) if cmd.on else (StateChanged(state),)
    return Ok(replace(s, state=state), events)


@dataclass(frozen=True, slots=True)
class Results:
    """A poll's counts: all tables, each table with at least SMALL_TABLE responses, the rest."""

    question: Question
    total: Tally
    tables: Mapping[int, Tally]
    other: Tally
    other_tables: int  # how many tables with responses are in `other`
    responded: Mapping[int, int]  # responses per table, every table with one (no choices)


def _plus(a: Tally, b: Tally, size: int) -> Tally:
    zero = (0,) * size
    counts = tuple(x + y for x, y in zip(a.counts or zero, b.counts or zero, strict=True))
    return Tally(a.responses + b.responses, counts, a.total + b.total)


def results(s: Session, q: Question) -> Results:
    """The poll's results from the kept tallies: one look-up per table, no rescan."""
    size = q.choices
    empty = Tally(0, (0,) * size, 0)
    total, other, small = empty, empty, 0
    tables: dict[int, Tally] = {}
    responded: dict[int, int] = {}
    for table in sorted(s.tables):
        t = s.tallies.get((q.id, table))
        if t is None or t.responses == 0:
            continue
        responded[table] = t.responses
        total = _plus(total, t, size)
        if t.responses >= SMALL_TABLE:
            tables[table] = t
        else:
            other, small = _plus(other, t, size), small + 1
    return Results(q, total, tables, other, small, responded)


def mean(q: Question, t: Tally) -> float | None:
    """A scale's mean value, or None (no responses, or not a scale)."""
    if q.kind != "scale" or t.responses == 0:
        return None
    return t.total / t.responses


def own_responses(s: Session, author: str) -> dict[str, Response]:
    """This device's given responses, by question."""
    return {
        q.id: r
        for q in s.questions.questions
        if q.is_poll and (r := s.responses.get((q.id, author))) is not None and r.given
    }
