"""The complete, anonymous JSON export of a session (docs/export-format.md, exports/schema.json).

Everything the organizer's archive needs, and nothing that could tell who wrote what: no author
key, device token, token hash, secret, seats map or change record. Hidden answers keep their text
(the archive is complete); withdrawn answers keep only their place, never their text; notes and
actions the leader removed are left out.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from dialoogtafel.exports.content import kept_items
from dialoogtafel.exports.polls import polls_to_export
from dialoogtafel.exports.topics import thread_to_export
from dialoogtafel.server.domain.model import Answer, Question, QuestionSet, Session
from dialoogtafel.server.domain.views import devices_joined, joined_counts, vote_count

# 2: rode draad; 3: rounds and premoderation (session.rounds, .premoderate, answer.round);
# 4: polls (question_set.questions[].kind and its fields, `polls`);
# 5: the rode draad as topics (rode_draad.questions[].topics, unplaced, suggestions;
#    question_set.questions[].topics)
SCHEMA_VERSION = 5


def iso_utc(timestamp: float) -> str:
    """A POSIX timestamp as ISO 8601 in UTC with milliseconds: 2025-03-13T12:30:00.000Z."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    return moment.isoformat(timespec="milliseconds").removesuffix("+00:00") + "Z"


def _question_set(qs: QuestionSet) -> dict[str, Any]:
    return {
        "id": qs.id,
        "title": qs.title,
        "language": qs.language,
        "intro": qs.intro,
        "source": qs.source,
        "themes": [{"id": t.id, "title": t.title, "explanation": t.explanation} for t in qs.themes],
        "questions": [_question(q) for q in qs.questions],
    }


def _question(q: Question) -> dict[str, Any]:
    out: dict[str, Any] = {"id": q.id, "text": q.text, "help": q.help, "theme": q.theme}
    out["kind"] = q.kind
    if q.kind == "choice":
        out |= {"options": list(q.options), "max_picks": q.max_picks}
    elif q.kind == "scale":
        out |= {"min": q.min, "max": q.max, "labels": list(q.labels)}
    out["topics"] = [{"name": t.name, "about": t.about} for t in q.topics]
    return out


def _answer(a: Answer, votes: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": a.id,
        "question": a.question,
        "table": a.table,
        "round": a.round,
        "state": a.state,
    }
    if a.state != "withdrawn":
        out["text"] = a.text
    created = iso_utc(a.created)
    out |= {
        "highlighted": a.highlighted,
        "votes": votes,
        "created": created,
        "updated": created if a.updated == a.created else iso_utc(a.updated),
    }
    return out


def session_to_export(session: Session, exported_at: float) -> dict[str, Any]:
    """The session as the export's JSON-ready dict, keys in the documented order."""
    s = session
    ended_at = s.state.ended_at if s.state.ended else None
    answers = sorted(s.answers.values(), key=lambda a: (a.created, a.id))
    return {
        "schema_version": SCHEMA_VERSION,
        "exported_at": iso_utc(exported_at),
        "session": {
            "code": s.code,
            "title": s.title,
            "created": iso_utc(s.created),
            "ended": s.state.ended,
            "ended_at": None if ended_at is None else iso_utc(ended_at),
            "status": "definitief" if s.state.ended else "concept",
            "devices_joined": devices_joined(s),
            "rounds": s.state.round,
            "premoderate": s.premoderate,
        },
        "question_set": _question_set(s.questions),
        "tables": [
            {"number": n, "theme": s.tables[n], "devices_joined": joined}
            for n, joined in sorted(joined_counts(s).items())
        ],
        "answers": [_answer(a, vote_count(s, a.id)) for a in answers],
        "notes": [
            {"id": i.id, "question": i.question, "text": i.text, "created": iso_utc(i.created)}
            for i in kept_items(s, "note")
        ],
        "actions": [
            {
                "id": i.id,
                "text": i.text,
                "who": i.who,
                "when": i.when,
                "created": iso_utc(i.created),
            }
            for i in kept_items(s, "action")
        ],
        "rode_draad": thread_to_export(s),
        "polls": polls_to_export(s),
    }


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def to_json_text(export: dict[str, Any]) -> str:
    """The export as JSON text: real characters (write it as UTF-8), keys as built.

    One top-level field a line, and each record of a top-level list (an answer, a table, a
    note) on a line of its own: easy to read and to diff, and every line is written by json's
    C encoder (`indent=` would switch to the pure-Python one, 4x slower on 10,000 answers).
    """
    encode = _ENCODER.encode  # one encoder for every record: json.dumps makes one per call
    fields = []
    for key, value in export.items():
        name = encode(key)
        if isinstance(value, list) and value:
            records = ",\n    ".join(map(encode, value))
            fields.append(f"  {name}: [\n    {records}\n  ]")
        else:
            fields.append(f"  {name}: {encode(value)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) shipped beside this module."""
    shipped = resources.files("dialoogtafel.exports").joinpath("schema.json")
    text = shipped.read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
