"""A kiosk leading a session it made on a hosted server (`dialoog start --server URL`)."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import socket
import stat
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from dialoogtafel.cli.common import CliError
from dialoogtafel.cli.export import run_export
from dialoogtafel.cli.organizer import KEY_ENV, Remote, load_saved, organizer_key, save
from dialoogtafel.cli.remote import create_remote, server_base, ws_url
from dialoogtafel.cli.wiring import make_server
from dialoogtafel.kiosk.app import KioskApp
from dialoogtafel.question_sets import QuestionSetError
from dialoogtafel.server.app import DialoogServer
from dialoogtafel.server.config import ServerConfig
from dialoogtafel.server.protocol import hello, new_id
from tests.exports.word import word_blocks
from tests.kiosk.roomdata import TIMEOUT, screen_text, until
from tests.kiosk.test_end_to_end import next_of
from tests.server.hosted import start_hosted

SET = """id = "eigen"
title = "Een eigen set"
language = "en"
intro = "Say it."

[[questions]]
id = "q1"
text = "What works?"
"""


@pytest.fixture
async def hosted(tmp_path: Path) -> AsyncIterator[tuple[DialoogServer, str, str]]:
    """A hosted server in this process: it, its organizer key, its base URL."""
    server, key = await start_hosted(tmp_path / "server")
    yield server, key, f"http://127.0.0.1:{server.port}"
    await server.close()


async def test_a_kiosk_leads_the_session_it_made_on_a_hosted_server(
    hosted: tuple[DialoogServer, str, str], tmp_path: Path
) -> None:
    """create_remote makes the session; the kiosk leads it and sees a phone's answer."""
    server, key, base = hosted
    remote = await create_remote(base + "/", key, "eigen-regie", 2)
    assert remote.code in server.sessions and remote.server == base
    app = KioskApp(remote.url, remote.leader_token, join_url=remote.join_url)
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: app.state.welcomed, "the kiosk's welcome")
        assert app.join_url == f"{base}/s/{remote.code}"
        async with connect(f"ws://127.0.0.1:{server.port}/ws", proxy=None) as phone:
            await phone.send(
                json.dumps(hello(remote.code, "participant", device="p" * 32, table=2))
            )
            await next_of(phone, "welcome")
            cid = new_id()
            msg = {"type": "answer", "id": cid, "question": "q1", "text": "Op afstand"}
            await phone.send(json.dumps(msg))
            await next_of(phone, "ack")
            await pilot.press("w")
            await until(pilot, lambda: "Op afstand" in screen_text(app), "the answer on the wall")
        assert remote.leader_token not in screen_text(app)


async def test_a_set_file_goes_to_the_server_as_its_text(
    hosted: tuple[DialoogServer, str, str], tmp_path: Path
) -> None:
    """--set FILE: the server runs the leader's own questions."""
    server, key, base = hosted
    own = tmp_path / "own.toml"
    own.write_text(SET, encoding="utf-8")
    remote = await create_remote(base, key, str(own), 3)
    assert server.sessions[remote.code].durable.title == "Een eigen set"


async def test_a_broken_set_file_is_named_before_the_server_is_asked(
    hosted: tuple[DialoogServer, str, str], tmp_path: Path
) -> None:
    """A set file with a mistake: file and line, and no session made."""
    server, key, base = hosted
    own = tmp_path / "own.toml"
    own.write_text(SET.replace('"en"', '"fr"'), encoding="utf-8")
    with pytest.raises(QuestionSetError, match=r"own\.toml:3: unknown language"):
        await create_remote(base, key, str(own), 3)
    assert server.sessions == {}


async def test_a_wrong_organizer_key_is_one_clear_line(
    hosted: tuple[DialoogServer, str, str],
) -> None:
    """The server's bad_token becomes a sentence for the leader."""
    _, _, base = hosted
    with pytest.raises(CliError, match="did not take this organizer key"):
        await create_remote(base, "wrong", "eigen-regie", 3)


async def test_a_server_that_is_not_hosted_says_so(tmp_path: Path) -> None:
    """A laptop's own server (`dialoog start`) makes no sessions for others."""
    server = make_server(ServerConfig(data_dir=tmp_path, host="127.0.0.1", port=0))
    await server.start()
    try:
        with pytest.raises(CliError, match=r"makes no sessions.*serve --hosted"):
            await create_remote(f"http://127.0.0.1:{server.port}", "k", "eigen-regie", 3)
    finally:
        await server.close()


def test_the_socket_follows_the_servers_scheme_and_path() -> None:
    """https -> wss, a reverse proxy's path prefix kept; no scheme is an error."""
    assert ws_url(server_base("https://dt.example.org/")) == "wss://dt.example.org/ws"
    assert ws_url(server_base("http://h:8080/dt/")) == "ws://h:8080/dt/ws"
    with pytest.raises(CliError, match="not a server URL"):
        server_base("dt.example.org")


def test_the_tokens_are_kept_for_this_user_only(tmp_path: Path) -> None:
    """save writes a 0600 file; load_saved gives the same session back; a code never made fails."""
    remote = Remote("https://h", "ABCDE", "https://h/s/ABCDE", "leader-secret", "screen-secret")
    path = save(tmp_path, remote)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_saved(tmp_path, "abcde") == remote
    assert "leader-secret" not in repr(remote)
    with pytest.raises(CliError, match="no session ZZZZZ was made from this machine"):
        load_saved(tmp_path, "ZZZZZ")


def test_start_with_an_unreachable_server_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """`dialoog start --server` to a port nobody listens on: one line, exit 2, no screen."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: connections are refused
        done = subprocess.run(
            [
                *(sys.executable, "-m", "dialoogtafel", "start", "--data", str(tmp_path)),
                *("--server", f"http://127.0.0.1:{port}", "--organizer-key", "k"),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT * 12,
            stdin=subprocess.DEVNULL,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"dialoog: cannot reach http://127.0.0.1:{port}")
    assert done.stderr.count("\n") == 1


def test_the_organizer_key_comes_from_the_flag_the_file_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--organizer-key, then --organizer-key-file, then DIALOOG_ORGANIZER_KEY; none: an error."""
    monkeypatch.delenv(KEY_ENV, raising=False)
    secret = tmp_path / "key"
    secret.write_text("from-file\n")

    def given(**kw: object) -> argparse.Namespace:
        return argparse.Namespace(**{"organizer_key": None, "organizer_key_file": None, **kw})

    assert organizer_key(given(organizer_key="flag", organizer_key_file=secret)) == "flag"
    assert organizer_key(given(organizer_key_file=secret)) == "from-file"
    monkeypatch.setenv(KEY_ENV, "from-env")
    assert organizer_key(given()) == "from-env"
    monkeypatch.delenv(KEY_ENV)
    with pytest.raises(CliError, match="no organizer key"):
        organizer_key(given())


async def test_export_fetches_the_minutes_from_the_hosted_server(
    hosted: tuple[DialoogServer, str, str], tmp_path: Path
) -> None:
    """`dialoog export CODE --server URL -o DIR`: the minutes (Markdown, Word), named as on the
    server, via the leader token kept here; another session's token gets one clear line."""
    _, key, base = hosted
    here = tmp_path / "laptop"
    remote = await create_remote(base, key, "eigen-regie", 2)
    save(here, remote)
    out = tmp_path / "out"
    out.mkdir()
    given = argparse.Namespace(
        code=remote.code.lower(), format="md", output=str(out), server=base + "/", data=here
    )
    assert await asyncio.to_thread(run_export, given) == 0
    (written,) = out.iterdir()
    assert written.name.startswith(f"{remote.code}-") and written.suffix == ".md"
    assert written.read_text(encoding="utf-8").startswith("# Eigen regie")
    word = argparse.Namespace(**{**vars(given), "format": "docx"})
    assert await asyncio.to_thread(run_export, word) == 0
    (docx,) = out.glob("*.docx")
    assert docx.name == written.name.replace(".md", ".docx")
    title = (await asyncio.to_thread(word_blocks, docx))[0]
    assert title == ("h1", "Eigen regie in het verantwoorden van uw toegevoegde waarde")
    save(here, dataclasses.replace(remote, leader_token="not-it"))
    with pytest.raises(CliError, match=f"did not take the leader token of {remote.code}"):
        await asyncio.to_thread(run_export, given)
