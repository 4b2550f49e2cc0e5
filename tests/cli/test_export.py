"""`dialoog export`, run in a subprocess against a session stored by the real store."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import jsonschema

from dialoogtafel.exports import load_schema
from dialoogtafel.server.domain import LEADER
from dialoogtafel.server.domain.commands import AddNote, End, Moderate, Withdraw
from dialoogtafel.server.storage import SessionStore
from dialoogtafel.server.storage.keys import token_hash
from tests.cli.test_sessions import dialoog
from tests.storage.sample import T0, answer, change, make_session, sit

DEVICES = ("device-token-aaaaaaaaaaaaaaaaaaaaaaaa", "device-token-bbbbbbbbbbbbbbbbbbbbbbbb")


async def _stored(data: Path) -> list[str]:
    """An ended session with shown, hidden and withdrawn answers; the secrets it holds."""
    store = SessionStore.create(data, make_session("EXP42", tables=3))
    authors = [store.author_key(d) for d in DEVICES]
    for n, author in enumerate(authors):
        await sit(store, author, table=n + 1)
    await answer(store, authors[0], "a1", "Ruimte om zelf te kiezen")
    await answer(store, authors[1], "a2", "Verborgen tekst")
    await answer(store, authors[1], "a3", "Ingetrokken tekst")
    await change(store, LEADER, Moderate("h1", "a2", "hide"), T0 + 10)
    await change(store, authors[1], Withdraw("w1", "a3"), T0 + 11)
    await change(store, LEADER, AddNote("n1", "q1", "Tijd is het grootste knelpunt"), T0 + 12)
    await change(store, LEADER, End("end"), T0 + 13)
    tokens = store.tokens
    secrets = [*DEVICES, *authors, tokens.leader, tokens.screen]
    secrets += [token_hash(tokens.leader), token_hash(tokens.screen)]
    await store.close()
    return secrets


def test_export_writes_minutes_to_stdout_by_default(tmp_path: Path) -> None:
    """Default md to stdout: shown answers and notes in, hidden and withdrawn text out."""
    asyncio.run(_stored(tmp_path))
    result = dialoog("export", "exp42", "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr
    md = result.stdout
    assert md.startswith("# Proefsessie")
    assert "Ruimte om zelf te kiezen" in md and "Tijd is het grootste knelpunt" in md
    assert "Verborgen tekst" not in md and "Ingetrokken tekst" not in md
    assert "definitief" in md


def test_export_json_to_a_file_validates_against_the_schema(tmp_path: Path) -> None:
    """--format json -o FILE writes a file the shipped schema accepts."""
    asyncio.run(_stored(tmp_path))
    target = tmp_path / "out.json"
    result = dialoog(
        "export", "EXP42", "--format", "json", "-o", str(target), "--data", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    assert data["schema_version"] == 4
    assert {a["id"] for a in data["answers"]} == {"a1", "a2", "a3"}


def test_export_into_a_folder_names_the_file_after_session_and_date(tmp_path: Path) -> None:
    """-o DIR writes CODE-date.md into it."""
    asyncio.run(_stored(tmp_path / "data"))
    out = tmp_path / "out"
    out.mkdir()
    result = dialoog("export", "EXP42", "-o", str(out), "--data", str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.iterdir()] == ["EXP42-2023-11-14.md"]


def test_no_token_key_or_hash_reaches_an_export(tmp_path: Path) -> None:
    """Neither format holds a device token, author key, leader/screen token or their hashes."""
    secrets = asyncio.run(_stored(tmp_path))
    for fmt in ("md", "json"):
        result = dialoog("export", "EXP42", "--format", fmt, "--data", str(tmp_path))
        assert result.returncode == 0, result.stderr
        for secret in secrets:
            assert secret not in result.stdout, f"{fmt} export leaks {secret[:6]}…"


def test_an_unknown_code_lists_the_known_ones(tmp_path: Path) -> None:
    """One line on stderr naming the known sessions, exit 2, no traceback."""
    asyncio.run(_stored(tmp_path))
    result = dialoog("export", "NOPE9", "--data", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"dialoog: no session NOPE9 in {tmp_path}; known sessions: EXP42"
    ]
