"""Poll messages out: a question's fields, a poll's results, a device's own responses."""

from __future__ import annotations

from typing import Any

from dialoogtafel.server.domain.model import Question, Response, Session, Tally
from dialoogtafel.server.domain.polls import Results, mean, own_responses, results


def question_dict(q: Question) -> dict[str, Any]:
    """A question as `welcome.session.questions[]` and the `question` message carry it."""
    data: dict[str, Any] = {"id": q.id, "text": q.text, "help": q.help, "theme": q.theme}
    data["kind"] = q.kind
    if q.kind == "choice":
        data["options"] = list(q.options)
        data["max_picks"] = q.max_picks
    elif q.kind == "scale":
        data["min"], data["max"] = q.min, q.max
        if q.labels:
            data["labels"] = list(q.labels)
    return data


def question_message(q: Question, seq: int) -> dict[str, Any]:
    """A question the leader asked live, for every client."""
    return {"type": "question", **question_dict(q), "seq": seq}


def tally_dict(q: Question, t: Tally) -> dict[str, Any]:
    """Responses, counts per option index or scale value (string keys), and a scale's mean."""
    counts = t.counts or (0,) * q.choices
    first = q.min if q.kind == "scale" else 0
    data: dict[str, Any] = {
        "responses": t.responses,
        "counts": {str(first + i): n for i, n in enumerate(counts)},
    }
    if q.kind == "scale":
        m = mean(q, t)
        data["mean"] = None if m is None else round(m, 2)
    return data


def results_dict(r: Results, seq: int) -> dict[str, Any]:
    """PROTOCOL.md's `results`: the total, the tables with at least 3 responses, the rest."""
    q = r.question
    return {
        "type": "results",
        "question": q.id,
        "total": tally_dict(q, r.total),
        "tables": {str(n): tally_dict(q, t) for n, t in r.tables.items()},
        "other": {**tally_dict(q, r.other), "tables": r.other_tables},
        "responded": {str(n): count for n, count in r.responded.items()},
        "seq": seq,
    }


def results_message(s: Session, question: str) -> dict[str, Any] | None:
    """The current results of a poll, or None when it is not one."""
    q = s.questions.question(question)
    if q is None or not q.is_poll:
        return None
    return results_dict(results(s, q), s.seq)


def response_dict(r: Response) -> dict[str, Any]:
    """One device's own response, as only that device gets it (in its welcome)."""
    return {"picks": list(r.picks)} if r.value is None else {"value": r.value}


def poll_welcome(s: Session, participant: str | None) -> dict[str, Any]:
    """What a welcome adds for polls: results this client may see; a phone's own responses."""
    polls = [q for q in s.questions.questions if q.is_poll]
    revealed = s.state.revealed
    shown = polls if participant is None else [q for q in polls if q.id in revealed]
    data: dict[str, Any] = {"results": [results_dict(results(s, q), s.seq) for q in shown]}
    if participant is not None:
        mine = own_responses(s, participant)
        data["responses"] = {qid: response_dict(r) for qid, r in mine.items()}
    return data
