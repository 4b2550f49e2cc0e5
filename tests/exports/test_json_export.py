"""The JSON export: complete, valid against its schema, and anonymous."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from dialoogtafel.exports import load_schema, render_minutes, session_to_export, to_json_text
from dialoogtafel.server.domain.model import Session
from tests.exports.fixtures import ANSWERS, FIXTURES, SECRET, ZONE, device_token, realistic

DOC = Path(__file__).parents[2] / "docs" / "export-format.md"
EXPORTED_AT = 1_741_885_200.0  # 2025-03-13T17:00:00Z
VALIDATOR = Draft202012Validator(load_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module", params=sorted(FIXTURES))
def session(request: pytest.FixtureRequest) -> Session:
    """Each fixture session in turn."""
    return FIXTURES[request.param]()


@pytest.fixture(scope="module")
def export() -> dict[str, Any]:
    """The realistic session's export."""
    return session_to_export(realistic(), EXPORTED_AT)


def _keys(value: object) -> Iterator[str]:
    """Every key of every object in a JSON value."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The shipped schema is itself valid JSON Schema."""
    Draft202012Validator.check_schema(load_schema())


def test_every_fixture_validates_against_the_schema(session: Session) -> None:
    """Each fixture's export, through its JSON text, is valid against exports/schema.json."""
    text = to_json_text(session_to_export(session, EXPORTED_AT))
    errors = [e.message for e in VALIDATOR.iter_errors(json.loads(text))]
    assert errors == []


@pytest.mark.parametrize(
    "path",
    [(), ("session",), ("question_set",), ("question_set", "questions", 0), ("tables", 0),
     ("answers", 0), ("notes", 0), ("actions", 0)],
)  # fmt: skip
def test_the_schema_refuses_unknown_keys_everywhere(
    export: dict[str, Any], path: tuple[str | int, ...]
) -> None:
    """additionalProperties is false on every object: an author key cannot slip in anywhere."""
    doctored = json.loads(json.dumps(export))
    target = doctored
    for step in path:
        target = target[step]
    target["author"] = "0123456789abcdef"
    assert not VALIDATOR.is_valid(doctored)


def test_no_author_key_token_or_secret_in_either_output(session: Session) -> None:
    """No author key, device token or the session secret appears in the JSON or the minutes."""
    outputs = to_json_text(session_to_export(session, EXPORTED_AT)) + render_minutes(session, ZONE)
    keys = set(session.seats) | {a.author for a in session.answers.values()}
    keys |= {k for voters in session.votes.values() for k in voters}
    keys |= {k for joined in session.joined.values() for k in joined}
    secrets = keys | {device_token(n) for n in range(1, 40)} | {SECRET.decode()}
    assert keys or not session.answers
    assert [s for s in secrets if s in outputs] == []


def test_no_key_names_an_author_seat_token_or_change(session: Session) -> None:
    """The export has no field for authors, seats, tokens, hashes, secrets or change records."""
    names = set(_keys(session_to_export(session, EXPORTED_AT)))
    for forbidden in ("author", "seat", "token", "hash", "secret", "change", "seq", "voters"):
        assert not [n for n in names if forbidden in n]


def test_withdrawn_answers_keep_their_place_but_not_their_text(export: dict[str, Any]) -> None:
    """A withdrawn answer has no text key, even if the stored answer still held text."""
    gone = [a for a in export["answers"] if a["state"] == "withdrawn"]
    assert len(gone) == 1 and "text" not in gone[0]
    s = realistic()
    stored = s.answers[gone[0]["id"]]
    s = replace(s, answers={**s.answers, stored.id: replace(stored, text="GEHEIME TEKST")})
    assert "GEHEIME TEKST" not in to_json_text(session_to_export(s, EXPORTED_AT))


def test_hidden_answers_keep_their_text_for_the_archive(export: dict[str, Any]) -> None:
    """The organizer's archive is complete: hidden answers are there, with their text."""
    hidden = {a["text"] for a in export["answers"] if a["state"] == "hidden"}
    assert hidden == {text for _, _, text, fate in ANSWERS if fate == "hide"}


def test_answers_carry_votes_highlights_and_times(export: dict[str, Any]) -> None:
    """Votes as counts, highlights as booleans, times as ISO 8601 UTC, oldest first."""
    answers = export["answers"]
    assert sum(a["votes"] for a in answers) == 48
    assert sum(a["highlighted"] for a in answers) == 7
    assert [a["created"] for a in answers] == sorted(a["created"] for a in answers)
    assert export["session"]["created"] == "2025-03-13T12:30:00.000Z"
    assert export["exported_at"] == "2025-03-13T17:00:00.000Z"


def test_the_session_tables_and_set_are_complete(export: dict[str, Any]) -> None:
    """Status, device counts per table and in all, and the copy of the question set."""
    assert export["schema_version"] == 5
    assert export["session"] | {"ended_at": None} == {
        "code": "K7P2Q",
        "title": "Eigen regie in het verantwoorden van uw toegevoegde waarde",
        "created": "2025-03-13T12:30:00.000Z",
        "ended": True,
        "ended_at": None,
        "status": "definitief",
        "devices_joined": 25,
        "rounds": 1,
        "premoderate": False,
    }
    assert [t["devices_joined"] for t in export["tables"]] == [5, 5, 4, 4, 4, 4]
    assert export["question_set"]["id"] == "eigen-regie"
    assert len(export["question_set"]["questions"]) == 4


def test_removed_notes_are_left_out(export: dict[str, Any]) -> None:
    """Notes and actions the leader removed are not in the export."""
    assert [n["text"] for n in export["notes"] if n["text"] == "Tst"] == []
    assert len(export["notes"]) == 5
    assert [a["who"] for a in export["actions"]] == [
        "Gespreksleider",
        "Tafel 3, met de kwaliteitsadviseur",
    ]


def test_a_running_session_is_a_concept_without_end() -> None:
    """Before the end: status concept and ended_at null."""
    session = session_to_export(FIXTURES["themed"](), EXPORTED_AT)["session"]
    assert (session["status"], session["ended"], session["ended_at"]) == ("concept", False, None)


def test_json_text_is_readable_utf8_in_a_stable_order(export: dict[str, Any]) -> None:
    """Real characters, indent 2, schema_version first, same text every time."""
    text = to_json_text(export)
    assert "cliënt" in text and "\\u" not in text
    assert text.startswith('{\n  "schema_version": 5,\n  "exported_at"')
    assert text == to_json_text(session_to_export(realistic(), EXPORTED_AT))
    assert json.loads(text) == export


def test_the_format_doc_names_every_field() -> None:
    """docs/export-format.md describes every field the schema allows."""
    doc = DOC.read_text(encoding="utf-8")
    fields = set(_schema_fields(load_schema()))
    assert [f for f in sorted(fields) if f"`{f}`" not in doc] == []


def _schema_fields(schema: object) -> Iterator[str]:
    """The names under every `properties` of a schema."""
    if isinstance(schema, dict):
        for key, inner in schema.items():
            if key == "properties" and isinstance(inner, dict):
                yield from inner
            yield from _schema_fields(inner)
    elif isinstance(schema, list):
        for inner in schema:
            yield from _schema_fields(inner)


def test_rounds_and_premoderation_are_in_the_export() -> None:
    """World Café: each answer's round, the pending one with its state, devices counted once."""
    data = session_to_export(FIXTURES["world_cafe"](), 1_741_870_800.0)
    assert data["session"]["rounds"] == 2 and data["session"]["premoderate"] is True
    assert data["session"]["devices_joined"] == 4
    got = [(a["table"], a["round"], a["state"]) for a in data["answers"]]
    assert got == [(1, 1, "shown"), (2, 1, "shown"), (1, 2, "shown"), (2, 2, "pending")]
