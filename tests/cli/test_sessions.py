"""`dialoog sessions`, run in a subprocess against a data folder made by the real store."""

from __future__ import annotations

import asyncio
from pathlib import Path

from dialoogtafel.server.domain import LEADER
from dialoogtafel.server.domain.commands import End, Withdraw
from dialoogtafel.server.storage import SessionStore
from tests.cli.process import dialoog
from tests.storage.sample import T0, answer, change, make_session, sit


async def _make(data: Path) -> None:
    """An ended session with two answers (one withdrawn) and an open one with one answer."""
    old = SessionStore.create(data, make_session("OLD1", tables=5))
    await sit(old, "a1")
    await answer(old, "a1", "x1")
    await answer(old, "a1", "x2")
    await change(old, "a1", Withdraw("w1", "x2"), T0 + 5)
    await change(old, LEADER, End("end"), T0 + 6)
    await old.close()
    new = SessionStore.create(data, make_session("NEW2", tables=2))
    await sit(new, "b1")
    await answer(new, "b1", "y1")
    new._commits.journal.close()  # left as a crash leaves it: the answer is only in the journal


def test_sessions_lists_code_title_set_tables_answers_and_ended(tmp_path: Path) -> None:
    """Each stored session is a row; withdrawn answers are not counted; journal-only counts."""
    asyncio.run(_make(tmp_path))
    result = dialoog("sessions", "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["CODE", "TITLE", "SET", "DATE", "TABLES", "ANSWERS", "ENDED"]
    rows = {line.split()[0]: line for line in lines[1:3]}
    assert rows["OLD1"].split()[-3:] == ["5", "1", "yes"]
    assert rows["NEW2"].split()[-3:] == ["2", "1", "no"]
    assert "Proefsessie “eigen regie”" in rows["OLD1"] and " proef " in rows["OLD1"]
    assert "2 session(s)" in result.stdout


def test_no_sessions_is_a_friendly_line(tmp_path: Path) -> None:
    """An empty or missing data folder says so and exits 0."""
    for data in (tmp_path, tmp_path / "missing"):
        result = dialoog("sessions", "--data", str(data))
        assert result.returncode == 0
        assert result.stdout.startswith("No sessions stored in") and not result.stderr


def test_an_unreadable_data_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """A data path that is not a folder gives one clear line on stderr, no traceback."""
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    result = dialoog("sessions", "--data", str(not_a_folder))
    assert result.returncode == 2
    assert result.stderr.startswith("dialoog: cannot read the data folder")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_damaged_session_is_listed_with_what_is_wrong(tmp_path: Path) -> None:
    """One broken session does not hide the others; its problem names the file."""
    asyncio.run(_make(tmp_path))
    journal = tmp_path / "OLD1" / "journal.jsonl"
    journal.write_bytes(b"not json\n" + journal.read_bytes())
    result = dialoog("sessions", "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "(cannot be read, see below)" in result.stdout
    assert f"OLD1: {journal} line 1 is damaged" in result.stdout
    assert any(line.startswith("NEW2 ") for line in result.stdout.splitlines())
