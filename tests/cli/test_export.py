"""`dialoog export`, run in a subprocess against a session stored by the real store."""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from dialoogtafel.cli.export import _write
from dialoogtafel.exports import load_schema
from dialoogtafel.exports.writer import Rendered
from dialoogtafel.server.domain import LEADER
from dialoogtafel.server.domain.commands import AddNote, Ask, End, Moderate, Respond, Withdraw
from dialoogtafel.server.storage import SessionStore
from dialoogtafel.server.storage.keys import token_hash
from tests.cli.test_sessions import dialoog
from tests.exports.word import export_text, markdown_blocks, word_blocks
from tests.storage.sample import T0, answer, change, make_session, sit

DIALOOG = [sys.executable, "-m", "dialoogtafel"]
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
    assert data["schema_version"] == 5
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
    """Neither md nor json holds a device token, author key, leader/screen token or their hashes
    (the docx: test_export_docx_writes_the_minutes_as_a_word_document)."""
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


def test_export_docx_writes_the_minutes_as_a_word_document(tmp_path: Path) -> None:
    """--format docx -o DIR: CODE-date.docx whose headings, lists and notes are the minutes'."""
    secrets = asyncio.run(_stored(tmp_path / "data"))
    out = tmp_path / "out"
    out.mkdir()
    data = str(tmp_path / "data")
    result = dialoog("export", "EXP42", "--format", "docx", "-o", str(out), "--data", data)
    assert result.returncode == 0, result.stderr
    written = out / "EXP42-2023-11-14.docx"
    assert [p.name for p in out.iterdir()] == [written.name]
    assert result.stderr.strip() == f"written: {written}"
    blocks = word_blocks(written)
    markdown = dialoog("export", "EXP42", "--data", data).stdout
    assert blocks == markdown_blocks(markdown)
    assert blocks[0] == ("h1", "Proefsessie “eigen regie”")
    assert ("li", "Ruimte om zelf te kiezen") in blocks
    assert ("li", "Tijd is het grootste knelpunt") in blocks
    everything = export_text(written)
    assert "Verborgen tekst" not in everything and "Ingetrokken tekst" not in everything
    assert [s for s in secrets if s in everything] == []


def test_export_docx_without_a_file_writes_it_in_the_current_folder(tmp_path: Path) -> None:
    """A Word file is not for a terminal: without -o it lands in the current folder."""
    asyncio.run(_stored(tmp_path / "data"))
    here = tmp_path / "here"
    here.mkdir()
    command = [*DIALOOG, "export", "EXP42", "--format", "docx", "--data", str(tmp_path / "data")]
    result = subprocess.run(command, cwd=here, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in here.iterdir()] == ["EXP42-2023-11-14.docx"]
    assert word_blocks(here / "EXP42-2023-11-14.docx")[0] == ("h1", "Proefsessie “eigen regie”")
    assert result.stdout == ""


def test_export_docx_to_standard_output_is_the_files_bytes(tmp_path: Path) -> None:
    """-o - writes the .docx's bytes to standard output (a pipe), nothing else."""
    asyncio.run(_stored(tmp_path / "data"))
    command = [*DIALOOG, "export", "EXP42", "--format", "docx", "-o", "-"]
    result = subprocess.run(
        [*command, "--data", str(tmp_path / "data")], capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"PK") and result.stderr == b""
    assert word_blocks(result.stdout)[0] == ("h1", "Proefsessie “eigen regie”")


def test_an_unwritable_target_is_one_line(tmp_path: Path) -> None:
    """A file in a folder that does not exist: one line naming it, exit 2, no traceback."""
    asyncio.run(_stored(tmp_path / "data"))
    target = tmp_path / "nowhere" / "v.docx"
    result = dialoog(
        "export", "EXP42", "--format", "docx", "-o", str(target), "--data", str(tmp_path / "data")
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"dialoog: cannot write {target}: No such file or directory"
    ]


def test_charts_are_written_beside_the_minutes_file(tmp_path: Path) -> None:
    """-o FILE: a poll's chart goes beside it, under the name the minutes link."""
    chart = "EXP42-2023-11-14-q2.png"
    markdown = f"# Verslag\n\n![Grafiek]({chart})\n".encode()
    minutes = Rendered("EXP42-2023-11-14.md", markdown, {chart: b"\x89PNG..."})
    target = tmp_path / "verslag.md"
    assert _write(argparse.Namespace(output=str(target), format="md"), minutes) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["EXP42-2023-11-14-q2.png", "verslag.md"]
    assert (tmp_path / "EXP42-2023-11-14-q2.png").read_bytes() == b"\x89PNG..."


def test_minutes_on_standard_output_carry_their_chart_inside(tmp_path: Path) -> None:
    """A session with a poll: `dialoog export CODE > verslag.md` is whole on its own, its chart a
    `data:` PNG in the file; with -o FILE the chart is a file beside it, linked by name."""
    data = tmp_path / "data"

    async def polled() -> None:
        store = SessionStore.create(data, make_session("EXP42", tables=3))
        await change(store, LEADER, Ask("ask1", "choice", "Kies?", ("Ja", "Nee")), T0 + 1)
        author = store.author_key(DEVICES[0])
        await sit(store, author, table=1)
        await change(store, author, Respond("r1", "q3", picks=(0,)), T0 + 3)
        await store.close()

    asyncio.run(polled())
    result = subprocess.run(
        [*DIALOOG, "export", "EXP42", "--data", str(data)], capture_output=True, timeout=60
    )
    assert result.returncode == 0 and result.stderr == b"", result.stderr
    markdown = result.stdout.decode()
    assert "![Grafiek van de uitslag: Kies?][chart-1]" in markdown
    definition = markdown.rstrip("\n").splitlines()[-1]
    assert definition.startswith("[chart-1]: data:image/png;base64,")
    png = base64.b64decode(definition.partition(",")[2])
    assert png.startswith(b"\x89PNG")
    assert not list(tmp_path.glob("*.png"))  # nothing written beside
    out = tmp_path / "out"
    out.mkdir()
    assert dialoog("export", "EXP42", "-o", str(out), "--data", str(data)).returncode == 0
    assert [p.read_bytes() for p in out.glob("*.png")] == [png]
    assert "data:image" not in next(out.glob("*.md")).read_text(encoding="utf-8")


LOADED = """
import sys
from dialoogtafel.cli.main import main
code = main(sys.argv[1:])
heavy = ("numpy", "scipy", "textual", "websockets", "qrcode", "dialoogtafel.kiosk")
print(sorted({m.split(".")[0] if m.startswith(heavy[:-1]) else m for m in sys.modules
              if m.startswith(heavy)}), code)
"""


def test_an_export_with_its_rode_draad_kept_imports_no_numpy_scipy_or_kiosk(
    tmp_path: Path,
) -> None:
    """The first export groups (numpy, scipy) and keeps the groups; later ones import neither,
    nor the kiosk, textual or websockets: only what the export needs."""
    asyncio.run(_stored(tmp_path))
    out = tmp_path / "out"
    out.mkdir()
    args = ["export", "EXP42", "--format", "md", "-o", str(out), "--data", str(tmp_path)]
    first = subprocess.run(
        [sys.executable, "-c", LOADED, *args], capture_output=True, text=True, check=True
    )
    assert "numpy" in first.stdout, first.stdout  # it grouped
    again = subprocess.run(
        [sys.executable, "-c", LOADED, *args], capture_output=True, text=True, check=True
    )
    assert again.stdout.strip() == "[] 0", again.stdout
