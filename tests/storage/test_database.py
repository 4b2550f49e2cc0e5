"""The database encoding: reused documents give the same bytes as a fresh encoding."""

from __future__ import annotations

import json
from pathlib import Path
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from dialoogtafel.server.domain import LEADER, Rejected, Session, apply
from dialoogtafel.server.domain.commands import (
    AddAnswer,
    Ask,
    CastVote,
    EditAnswer,
    Moderate,
    Respond,
    Reveal,
    SetVoting,
    Sit,
    Withdraw,
)
from dialoogtafel.server.storage import encoder as encoder_module
from dialoogtafel.server.storage.database import read_database, session_from_tables, write_database
from dialoogtafel.server.storage.encoder import DatabaseEncoder
from dialoogtafel.server.storage.keys import keys_for, new_tokens
from tests.storage.sample import T0, applied, make_session

KEYS = keys_for(new_tokens())
AUTHORS = ["a1", "a2", "a3"]


def _step(s: Session, n: int, pick: int) -> Session:
    """One of a few kinds of change, chosen by `pick`, that the domain accepts or skips."""
    author = AUTHORS[pick % 3]
    answers = sorted(s.answers)
    target = answers[pick % len(answers)] if answers else "none"
    options = [
        (author, AddAnswer(f"x{n}", "q1", f"antwoord {n} | # <b>")),
        (author, EditAnswer(f"e{n}", target, f"anders {n}")),
        (author, Withdraw(f"w{n}", target)),
        (LEADER, Moderate(f"m{n}", target, ["hide", "unhide", "highlight"][pick % 3])),
        (author, CastVote(f"v{n}", target, pick % 2 == 0)),
        (author, Sit(f"s{n}", 1 + pick % 3)),
    ]
    actor, cmd = options[pick % len(options)]
    result = apply(s, actor, cmd, T0 + n)
    return s if isinstance(result, Rejected) else result.session


def _start() -> Session:
    s = make_session()
    for n, author in enumerate(AUTHORS):
        s = applied(s, author, Sit(f"sit{n}", 1 + n), T0).session
    return applied(s, LEADER, SetVoting("vote", "q1", True), T0).session


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 1000), max_size=40))
def test_an_encoder_reused_across_changes_writes_what_a_fresh_one_writes(picks: list[int]) -> None:
    """Cached documents never go stale: every fold equals a fresh encoding, and reads back."""
    with patch.object(encoder_module, "CHUNK", 3):  # many chunks even in a small session
        _check_reuse(picks)


def _check_reuse(picks: list[int]) -> None:
    encoder = DatabaseEncoder(KEYS)
    s = _start()
    for n, pick in enumerate(picks):
        s = _step(s, n, pick)
        if n % 3 == 0:
            assert encoder.encode(s) == DatabaseEncoder(KEYS).encode(s)
    raw = encoder.encode(s)
    assert raw == DatabaseEncoder(KEYS).encode(s)
    assert session_from_tables(json.loads(raw)) == (s, KEYS)


def test_a_written_database_reads_back_as_the_same_session(tmp_path: Path) -> None:
    """write, read: the session and its keys come back equal."""
    s = _start()
    for n in range(30):
        s = _step(s, n, n * 7)
    write_database(tmp_path / "db.json", None, s, DatabaseEncoder(KEYS))
    assert read_database(tmp_path / "db.json") == (s, KEYS)


def test_poll_responses_and_asked_questions_read_back_with_their_counts(tmp_path: Path) -> None:
    """Responses, a question asked live and a reveal survive the database; counts recomputed."""
    s = _start()
    s = applied(
        s, LEADER, Ask("ask", "scale", "Eens?", min=1, max=5, labels=("nee", "ja")), T0
    ).session
    s = applied(s, LEADER, Reveal("rev", "q3", True), T0).session
    for n, author in enumerate(AUTHORS):
        s = applied(s, author, Respond(f"r{n}", "q3", value=n + 2), T0).session
    s = applied(s, "a1", Respond("again", "q3", value=None), T0).session
    write_database(tmp_path / "db.json", None, s, DatabaseEncoder(KEYS))
    back, _keys = read_database(tmp_path / "db.json")
    assert back == s and back.questions.question("q3") == s.questions.question("q3")
    assert {k: t for k, t in back.tallies.items() if t.responses} == {
        k: t for k, t in s.tallies.items() if t.responses
    }
    assert sum(t.responses for t in back.tallies.values()) == 2
