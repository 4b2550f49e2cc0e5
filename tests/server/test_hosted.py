"""A hosted server: sessions made with the organizer key, /api/ reads, idle close, restart."""

from __future__ import annotations

import asyncio
import base64
import json
import stat
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import connect

from dialoogtafel.cli.wiring import make_server
from dialoogtafel.server.app import DialoogServer
from dialoogtafel.server.config import ServerConfig
from dialoogtafel.server.protocol import control, create, hello, new_id
from dialoogtafel.server.storage.organizer import organizer_file, rotate_organizer_key
from tests.exports.word import export_text, word_blocks
from tests.server.conftest import HOST, TIMEOUT, Peer, file_text, next_of, send
from tests.server.hosted import api_get, create_session, start_hosted

SET_TOML = """id = "eigen"
title = "Eigen set"
language = "en"
intro = "Say it."

[[questions]]
id = "q1"
text = "What works?"
"""


class Hosted:
    """A hosted server in this process, its organizer key, and clients opened against it."""

    def __init__(self, server: DialoogServer, key: str) -> None:
        self.server, self.key = server, key
        self.peers: list[Peer] = []

    @property
    def ws(self) -> str:
        """The WebSocket endpoint."""
        return f"ws://{HOST}:{self.server.port}/ws"

    def url(self, path: str) -> str:
        """An HTTP URL on the server."""
        return f"http://{HOST}:{self.server.port}{path}"

    async def create(self, tables: int = 3, **kw: Any) -> dict[str, Any]:
        """A new session; the `created` answer."""
        made = await create_session(self.ws, self.key, tables, **kw)
        assert made["type"] == "created", made
        return made

    async def join(self, code: str, role: str, **fields: Any) -> Peer:
        """A client that said hello and got its welcome."""
        ws = await connect(self.ws, create_connection=Peer, proxy=None, max_size=None)
        assert isinstance(ws, Peer)
        self.peers.append(ws)
        await send(ws, hello(code, role, **fields))  # type: ignore[arg-type]
        ws.welcome = await next_of(ws, "welcome")
        return ws


@pytest.fixture
async def hosted(tmp_path: Path) -> AsyncIterator[Hosted]:
    """A hosted server with its organizer key, stopped at the end."""
    server, key = await start_hosted(tmp_path / "data", idle_close=3600)
    room = Hosted(server, key)
    yield room
    for peer in room.peers:
        if peer.transport is not None:
            peer.transport.abort()
    await server.close()


async def test_a_session_made_with_the_organizer_key_takes_a_leader_and_phones(
    hosted: Hosted,
) -> None:
    """create -> created with code, join URL and tokens; the leader token opens the session."""
    made = await hosted.create(tables=4)
    assert set(made) == {"type", "id", "session", "join_url", "leader_token", "screen_token"}
    assert made["join_url"] == f"http://{HOST}:{hosted.server.port}/s/{made['session']}"
    leader = await hosted.join(made["session"], "leader", token=made["leader_token"])
    assert len(leader.welcome["session"]["tables"]) == 4
    phone = await hosted.join(made["session"], "participant", device="p" * 32, table=2)
    assert phone.welcome["you"] == {"role": "participant", "table": 2, "host": False}


async def test_a_hosted_session_can_premoderate(hosted: Hosted) -> None:
    """create with premoderate: true makes a session whose answers wait; without it, not."""
    made = await hosted.create(set_id="eigen-regie", premoderate=True)
    leader = await hosted.join(made["session"], "leader", token=made["leader_token"])
    assert leader.welcome["session"]["premoderate"] is True
    plain = await hosted.create()
    leader = await hosted.join(plain["session"], "leader", token=plain["leader_token"])
    assert leader.welcome["session"]["premoderate"] is False


async def test_a_set_sent_as_toml_is_the_sessions_set(hosted: Hosted) -> None:
    """A leader's own set file travels as its text and becomes the session's questions."""
    made = await hosted.create(toml=SET_TOML)
    leader = await hosted.join(made["session"], "leader", token=made["leader_token"])
    assert leader.welcome["session"]["title"] == "Eigen set"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"key": "not the key"}, "bad_token"),
        ({"key": ""}, "bad_token"),
        ({"key": None}, "bad_message"),
        ({"tables": 0}, "bad_message"),
        ({"set": None}, "bad_message"),
        ({"set": "no-such-set"}, "bad_set"),
        ({"set": None, "toml": 'id = "x"\ntitle = '}, "bad_set"),
    ],
)
async def test_a_create_that_cannot_be_done_gets_an_error_and_makes_nothing(
    hosted: Hosted, change: dict[str, Any], code: str
) -> None:
    """Wrong key, missing fields, a broken set: one error with the create's id, no folder."""
    frame = create(hosted.key, 3, set_id="eigen-regie") | change
    frame = {k: v for k, v in frame.items() if v is not None}
    answer = await create_session(hosted.ws, hosted.key, frame=frame)
    assert (answer["type"], answer["code"]) == ("error", code)
    assert answer["ref"] == frame["id"] and answer["message"].endswith(".")
    assert hosted.server.sessions == {}


async def test_a_broken_set_is_named_with_its_line(hosted: Hosted) -> None:
    """bad_set says what is wrong, as `dialoog sets check` would."""
    frame = create(hosted.key, 3, toml=SET_TOML.replace('"en"', '"fr"'))
    answer = await create_session(hosted.ws, hosted.key, frame=frame)
    assert answer["code"] == "bad_set"
    assert answer["message"].startswith("the question set sent:3: unknown language 'fr'")


async def test_the_same_create_sent_again_is_the_same_session(hosted: Hosted) -> None:
    """A resend after a lost answer gets the session already made, not a second one."""
    frame = create(hosted.key, 3, set_id="eigen-regie")
    first = await create_session(hosted.ws, hosted.key, frame=frame)
    again = await create_session(hosted.ws, hosted.key, frame=frame)
    assert first == again and len(hosted.server.sessions) == 1


async def test_a_rotated_key_stops_working_at_once(hosted: Hosted) -> None:
    """After `organizer-key rotate` the old key is refused by the running server."""
    new = await asyncio.to_thread(rotate_organizer_key, hosted.server.config.data_dir)
    old = await create_session(hosted.ws, hosted.key)
    assert old["code"] == "bad_token"
    hosted.key = new
    await hosted.create()


async def test_the_key_file_holds_only_a_hash_readable_by_its_owner(hosted: Hosted) -> None:
    """organizer-key.json is 0600 and does not contain the key."""
    path = organizer_file(hosted.server.config.data_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert hosted.key not in file_text(path)


async def test_max_sessions_is_too_many(tmp_path: Path) -> None:
    """A server holding its maximum refuses the next create with too_many."""
    server, key = await start_hosted(tmp_path / "data", max_sessions=1)
    try:
        url = f"ws://{HOST}:{server.port}/ws"
        assert (await create_session(url, key))["type"] == "created"
        assert (await create_session(url, key))["code"] == "too_many"
    finally:
        await server.close()


async def test_a_server_that_is_not_hosted_refuses_create(tmp_path: Path) -> None:
    """`dialoog start` and plain `serve` make no sessions for anyone: not_allowed."""
    rotate_organizer_key(tmp_path)
    server = make_server(ServerConfig(data_dir=tmp_path, host=HOST, port=0))
    await server.start()
    try:
        answer = await create_session(f"ws://{HOST}:{server.port}/ws", "any")
        assert answer["code"] == "not_allowed"
    finally:
        await server.close()


# -- /api/ -----------------------------------------------------------------------------------


async def test_listing_needs_a_token_and_shows_only_its_session(hosted: Hosted) -> None:
    """No token: 401; a leader token: its own session only; the organizer key: all."""
    one, two = await hosted.create(), await hosted.create()
    status, _, headers = await api_get(hosted.url("/api/sessions"), None)
    assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer")
    status, body, _ = await api_get(hosted.url("/api/sessions"), one["leader_token"])
    assert status == 200
    assert [s["code"] for s in json.loads(body)["sessions"]] == [one["session"]]
    status, body, _ = await api_get(hosted.url("/api/sessions"), hosted.key)
    codes = {s["code"] for s in json.loads(body)["sessions"]}
    assert codes == {one["session"], two["session"]}
    assert one["leader_token"].encode() not in body and two["screen_token"].encode() not in body
    status, _, _ = await api_get(hosted.url("/api/sessions"), one["screen_token"])
    assert status == 401


async def test_an_export_needs_that_sessions_leader_token(hosted: Hosted) -> None:
    """export.json, .md and .docx with the leader token; another session's token gets 401."""
    one, two = await hosted.create(), await hosted.create()
    phone = await hosted.join(one["session"], "participant", device="p" * 32, table=1)
    cid = new_id()
    await send(phone, {"type": "answer", "id": cid, "question": "q1", "text": "Meer tijd"})
    await next_of(phone, "ack", id=cid)
    base = f"/api/sessions/{one['session']}/export"
    status, body, headers = await api_get(hosted.url(base + ".json"), one["leader_token"])
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert [a["text"] for a in json.loads(body)["answers"]] == ["Meer tijd"]
    status, body, _ = await api_get(hosted.url(base + ".md"), one["leader_token"])
    assert status == 200 and "Meer tijd" in body.decode()
    status, body, headers = await api_get(hosted.url(base + ".docx"), one["leader_token"])
    assert status == 200 and headers["Content-Type"].endswith("wordprocessingml.document")
    assert headers["Content-Disposition"].endswith('.docx"')
    assert ("li", "Meer tijd") in await asyncio.to_thread(word_blocks, body)
    for token in (two["leader_token"], one["screen_token"], hosted.key, "x"):
        assert (await api_get(hosted.url(base + ".md"), token))[0] == 401
        assert (await api_get(hosted.url(base + ".docx"), token))[0] == 401
    missing = "/api/sessions/ZZZZZ/export.md"
    assert (await api_get(hosted.url(missing), one["leader_token"]))[0] == 401


async def test_exported_minutes_carry_a_polls_chart_inside(hosted: Hosted) -> None:
    """A download travels alone: export.md holds the poll's chart as a `data:` PNG, not a link
    to a file the server does not serve; export.docx has it inside too."""
    one = await hosted.create()
    leader = await hosted.join(one["session"], "leader", token=one["leader_token"])
    ask = control("ask", kind="choice", text="Kies?", options=["Ja", "Nee"])
    await send(leader, ask)
    await next_of(leader, "ack", id=ask["id"])
    phone = await hosted.join(one["session"], "participant", device="p" * 32, table=1)
    question = phone.welcome["session"]["questions"][-1]["id"]
    cid = new_id()
    await send(phone, {"type": "response", "id": cid, "question": question, "picks": [1]})
    await next_of(phone, "ack", id=cid)
    base = f"/api/sessions/{one['session']}/export"
    status, body, _ = await api_get(hosted.url(base + ".md"), one["leader_token"])
    markdown = body.decode()
    assert status == 200 and "![Grafiek van de uitslag: Kies?][chart-1]" in markdown
    definition = markdown.rstrip("\n").splitlines()[-1]
    assert definition.startswith("[chart-1]: data:image/png;base64,")
    png = base64.b64decode(definition.partition(",")[2])
    assert png.startswith(b"\x89PNG") and ".png)" not in markdown
    status, body, _ = await api_get(hosted.url(base + ".docx"), one["leader_token"])
    assert status == 200 and ("chart", "Grafiek van de uitslag: Kies?") in await asyncio.to_thread(
        word_blocks, body
    )


async def test_a_token_in_the_url_is_not_accepted(hosted: Hosted) -> None:
    """Tokens go in the Authorization header only: one in the query string opens nothing."""
    one = await hosted.create()
    url = hosted.url(f"/api/sessions/{one['session']}/export.md?token={one['leader_token']}")
    assert (await api_get(url, None))[0] == 401


# -- idle close and restart ------------------------------------------------------------------


async def test_an_idle_session_is_ended_with_its_files_and_leaves_the_server(
    tmp_path: Path,
) -> None:
    """Past the idle time: state ended with exports to its clients, then closed; no_session."""
    server, key = await start_hosted(tmp_path / "data", idle_close=0.6)
    try:
        ws_url = f"ws://{HOST}:{server.port}/ws"
        made = await create_session(ws_url, key)
        async with connect(ws_url, create_connection=Peer, proxy=None) as leader:
            assert isinstance(leader, Peer)
            await send(leader, hello(made["session"], "leader", token=made["leader_token"]))
            await next_of(leader, "welcome")
            state = await next_of(leader, "state", within=TIMEOUT + 2)
            while "exports" not in state["state"]:
                state = await next_of(leader, "state")
            assert state["state"]["ended"] is True
            for path in state["state"]["exports"].values():
                assert await asyncio.to_thread(export_text, path)
            async with asyncio.timeout(TIMEOUT):
                await leader.wait_closed()
            assert leader.close_code == 1001
        assert made["session"] not in server.sessions
        async with connect(ws_url, proxy=None) as late:
            await send(late, hello(made["session"], "leader", token=made["leader_token"]))
            assert json.loads(await late.recv())["code"] == "no_session"
    finally:
        await server.close()


async def test_a_restart_brings_back_every_open_session_and_only_those(tmp_path: Path) -> None:
    """Open sessions come back with their answers; an ended one stays ended on disk."""
    data = tmp_path / "data"
    server, key = await start_hosted(data)
    ws_url = f"ws://{HOST}:{server.port}/ws"
    stays, ends = await create_session(ws_url, key), await create_session(ws_url, key)
    async with connect(ws_url, create_connection=Peer, proxy=None) as phone:
        assert isinstance(phone, Peer)
        await send(phone, hello(stays["session"], "participant", device="p" * 32, table=1))
        await next_of(phone, "welcome")
        cid = new_id()
        await send(phone, {"type": "answer", "id": cid, "question": "q1", "text": "Blijft"})
        await next_of(phone, "ack", id=cid)
    async with connect(ws_url, create_connection=Peer, proxy=None) as leader:
        assert isinstance(leader, Peer)
        await send(leader, hello(ends["session"], "leader", token=ends["leader_token"]))
        await next_of(leader, "welcome")
        end = new_id()
        await send(leader, {"type": "control", "id": end, "action": "end"})
        await next_of(leader, "ack", id=end)
    await server.close()

    again = make_server(ServerConfig(data_dir=data, host=HOST, port=0, hosted=server.config.hosted))
    assert again.hosting is not None
    assert again.hosting.resume_open() == [stays["session"]]
    await again.start()
    try:
        ws_url = f"ws://{HOST}:{again.port}/ws"
        async with connect(ws_url, create_connection=Peer, proxy=None) as phone:
            assert isinstance(phone, Peer)
            await send(phone, hello(stays["session"], "participant", device="p" * 32))
            welcome = await next_of(phone, "welcome")
            assert [a["text"] for a in welcome["answers"]] == ["Blijft"]
        url = f"http://{HOST}:{again.port}/api/sessions/{ends['session']}/export.md"
        status, body, _ = await api_get(url, ends["leader_token"])
        assert status == 200 and body.startswith(b"# ")  # an ended session, exported from disk
    finally:
        await again.close()
