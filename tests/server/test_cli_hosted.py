"""`dialoog organizer-key rotate` and `dialoog serve --hosted` as subprocesses."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from dialoogtafel.cli.hosted import duration, spoken
from tests.server.hosted import HostedProcess, create_session, rotate_key
from tests.server.test_cli_serve import assert_one_line_exit_2, run_serve, welcome_with


def test_rotate_prints_a_new_key_and_keeps_only_its_hash(tmp_path: Path) -> None:
    """Each rotate prints another key; the file is 0600 and holds neither key."""
    first, second = rotate_key(tmp_path), rotate_key(tmp_path)
    assert first != second and len(first) >= 32
    path = tmp_path / "organizer-key.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = path.read_text(encoding="utf-8")
    assert first not in stored and second not in stored


def test_hosted_without_an_organizer_key_says_how_to_make_one(tmp_path: Path) -> None:
    """No key yet: one line naming the command that makes one, exit 2."""
    run = run_serve("--hosted", "--port", "0", "--data", str(tmp_path))
    assert_one_line_exit_2(run, "dialoog organizer-key rotate")


def test_hosted_with_resume_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """--resume names one session; a hosted server brings back all: exit 2."""
    rotate_key(tmp_path)
    run = run_serve("--hosted", "--port", "0", "--data", str(tmp_path), "--resume", "ABCDE")
    assert_one_line_exit_2(run, "--resume")


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("45m", 2700), ("12h", 43200), ("2d", 172800), ("2", 120)]
)
def test_idle_close_takes_a_duration(text: str, seconds: float) -> None:
    """--idle-close: seconds, minutes, hours, days; a bare number is minutes; said back so."""
    assert duration(text) == seconds
    assert duration(spoken(seconds)) == seconds


def test_a_bad_idle_close_is_refused(tmp_path: Path) -> None:
    """--idle-close soon: argparse's usage error, exit 2."""
    run = run_serve("--hosted", "--idle-close", "soon", "--data", str(tmp_path))
    assert run.returncode == 2 and "not a duration: 'soon'" in run.stderr


async def test_a_hosted_server_makes_sessions_and_brings_them_back_after_sigterm(
    tmp_path: Path,
) -> None:
    """serve --hosted: create works with the printed key; SIGTERM exits 0; the restart
    brings the open session back with the same leader token."""
    data = tmp_path / "data"
    key = rotate_key(data)
    first = await HostedProcess.start(data, "--public-url", "https://dt.example.org/")
    try:
        assert first.lines["hosted server"] == "0 open session(s) brought back"
        assert first.lines["public URL"] == "https://dt.example.org"
        assert first.lines["idle close"].startswith("after 12h without a change")
        made = await create_session(first.ws, key)
        assert made["join_url"] == f"https://dt.example.org/s/{made['session']}"
    finally:
        assert await first.stop() == 0
    again = await HostedProcess.start(data)
    try:
        assert again.lines["hosted server"] == "1 open session(s) brought back"
        welcome = await welcome_with(str(again.port), made["session"], made["leader_token"])
        assert welcome["type"] == "welcome"
    finally:
        assert await again.stop() == 0
