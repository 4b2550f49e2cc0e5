"""The database encoding: reused documents give the same bytes as a fresh encoding."""

from __future__ import annotations

import gc
import json
import logging
import tempfile
import tracemalloc
from dataclasses import replace
from pathlib import Path
from unittest.mock import patch

import pytest
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
from dialoogtafel.server.domain.fastvalues import evolve
from dialoogtafel.server.domain.frozenmap import FrozenMap
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


def test_a_database_rewritten_in_another_layout_still_reads(tmp_path: Path) -> None:
    """TinyDB (or a person) may write the same tables with other spacing: the checksum is then
    taken by encoding the tables again, and the session reads back equal; an edit is caught."""
    s = _start()
    for n in range(12):
        s = _step(s, n, n * 5)
    path = tmp_path / "db.json"
    write_database(path, None, s, DatabaseEncoder(KEYS))
    tables = json.loads(path.read_bytes())
    path.write_text(json.dumps(tables, indent=2, ensure_ascii=False))
    assert read_database(path) == (s, KEYS)
    edited = path.read_text().replace("antwoord 0", "antwoord 9", 1)
    path.write_text(edited)
    try:
        read_database(path)
    except ValueError as err:
        assert "checksum" in str(err)
    else:
        raise AssertionError("an edited database was trusted")


def test_the_file_written_in_pieces_is_the_encoding_byte_for_byte(tmp_path: Path) -> None:
    """A fold writes the database piece by piece (in groups); the file equals encode()."""
    s = _start()
    for n in range(60):
        s = _step(s, n, n * 11)
    with patch.object(encoder_module, "CHUNK", 4):  # many chunks, so many pieces
        path = tmp_path / "db.json"
        write_database(path, None, s, DatabaseEncoder(KEYS))
        assert path.read_bytes() == DatabaseEncoder(KEYS).encode(s)
    assert read_database(path) == (s, KEYS)


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


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 1000), max_size=40), st.integers(0, 3))
def test_folds_that_read_rows_back_from_the_file_write_what_a_fresh_encoder_writes(
    picks: list[int], damage_every: int
) -> None:
    """Full chunks, once written, are read back from the database file by the next fold. Each
    fold's file equals a fresh encoding, also when the file was changed, cut short or removed
    between folds (the rows are then encoded again from their objects)."""
    with (
        patch.object(encoder_module, "CHUNK", 3),
        tempfile.TemporaryDirectory() as folder,
    ):
        path = Path(folder) / "db.json"
        encoder, s = DatabaseEncoder(KEYS), _start()
        for n, pick in enumerate(picks):
            s = _step(s, n, pick)
            if damage_every and n % (damage_every + 2) == 0 and path.exists():
                _damage(path, pick)
            write_database(path, None, s, encoder)
            assert path.read_bytes() == DatabaseEncoder(KEYS).encode(s)
        assert read_database(path) == (s, KEYS) if picks else True


def _damage(path: Path, pick: int) -> None:
    """Change the database file the way a person or a failing disk might."""
    raw = path.read_bytes()
    match pick % 4:
        case 0:
            path.write_bytes(raw.replace(b"antwoord", b"antwooRd"))  # same length, other bytes
        case 1:
            path.write_bytes(raw[: len(raw) // 2])
        case 2:
            path.unlink()
        case _:
            path.write_bytes(b" " + raw)  # every row one byte later


def test_written_rows_are_kept_in_the_file_not_in_memory(tmp_path: Path) -> None:
    """After a fold, an encoder holds far less than the rows it wrote: about 25 bytes a row
    (the keys, values and row ends it compares), where kept rows took over 100."""
    s = _start()
    devices = [f"device-{d:03d}" for d in range(60)]
    for d, device in enumerate(devices):
        s = applied(s, device, Sit(f"sit-{d}", 1 + d % 3), T0).session
    for n in range(2048):
        cmd = AddAnswer(f"{n:08x}-answer-id", f"q{1 + n // 60 % 2}", f"antwoord {n}")
        s = applied(s, devices[n % 60], cmd, T0).session

    def held(write: bool) -> int:
        gc.collect()
        tracemalloc.start()
        try:
            encoder = DatabaseEncoder(KEYS)
            if write:
                write_database(tmp_path / "db.json", None, s, encoder)
            else:
                encoder.encode(s)
            gc.collect()
            return tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()

    rows = len(s.answers) + len(s.changes)
    in_memory, in_file = held(False) / rows, held(True) / rows
    assert in_file < 40 < 100 < in_memory, (in_file, in_memory)
    again = DatabaseEncoder(KEYS)
    write_database(tmp_path / "db.json", None, s, again)
    write_database(tmp_path / "db.json", None, s, again)  # read back from the file it wrote
    assert read_database(tmp_path / "db.json") == (s, KEYS)


def test_a_fold_after_the_file_was_removed_says_so_and_writes_every_row(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Rows the file no longer holds are encoded again, with one warning for the fold."""
    s = _start()
    for n in range(40):
        s = _step(s, n, n * 7)
    path = tmp_path / "db.json"
    with patch.object(encoder_module, "CHUNK", 4):
        encoder = DatabaseEncoder(KEYS)
        write_database(path, None, s, encoder)
        path.unlink()
        with caplog.at_level(logging.WARNING, logger=encoder_module.__name__):
            write_database(path, None, s, encoder)
        assert path.read_bytes() == DatabaseEncoder(KEYS).encode(s)
    warnings = [r.getMessage() for r in caplog.records if r.name == encoder_module.__name__]
    assert len(warnings) == 1 and "no longer held" in warnings[0], warnings


def test_rows_encoded_again_after_a_miss_are_cut_where_they_now_end(tmp_path: Path) -> None:
    """A row is reused when its object equals the old one, and equal values may encode to other
    bytes (1700000000 and 1700000000.0). When such a chunk must be encoded again because the file
    changed, its rows are cut where the new bytes end, not where the old ones did."""
    path = tmp_path / "db.json"
    s = _start()
    for n in range(3):
        s = applied(s, "a1", AddAnswer(f"x{n}", "q1", f"t{n}"), T0 + n).session
    with patch.object(encoder_module, "CHUNK", 3):
        encoder = DatabaseEncoder(KEYS)
        write_database(path, None, s, encoder)
        first = s.answers["x0"]
        equal = replace(first, created=int(first.created), updated=int(first.updated))
        assert equal == first
        other = replace(s.answers["x1"], text="anders")
        s = evolve(s, answers=FrozenMap({**dict(s.answers), "x0": equal, "x1": other}))
        write_database(path, None, s, encoder)  # x0's row is reused: its bytes say …000.0
        path.write_bytes(b" " + path.read_bytes())  # the next fold misses: rows encoded again
        last = replace(s.answers["x2"], text="veranderd")
        s = evolve(s, answers=FrozenMap({**dict(s.answers), "x2": last}))
        write_database(path, None, s, encoder)
        assert path.read_bytes() == DatabaseEncoder(KEYS).encode(s)
    assert read_database(path) == (s, KEYS)
