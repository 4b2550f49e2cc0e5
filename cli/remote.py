"""Making a session on a hosted server from the leader's machine (`dialoog start --server`)."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from dialoogtafel.cli.common import CliError
from dialoogtafel.cli.organizer import Remote
from dialoogtafel.kiosk.link import decode
from dialoogtafel.question_sets import load_set, shipped_ids
from dialoogtafel.server.protocol import MAX_FRAME, create, encode
from dialoogtafel.server.protocol.urls import WS_SCHEME

TRIES = 3  # the same create id each time: a lost answer never makes a second session
WAIT = 15.0  # seconds for the server's answer


def server_base(url: str) -> str:
    """The server's base URL (http[s]://host[:port][/prefix]) from what a leader typed."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise CliError(f"not a server URL: {url!r} (expected https://HOST or http://HOST:PORT)")
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path.rstrip("/"), "", ""))


def ws_url(base: str) -> str:
    """The /ws endpoint under a server's base URL (wss:// under https://)."""
    parts = urlsplit(base)
    return urlunsplit((WS_SCHEME[parts.scheme], parts.netloc, f"{parts.path}/ws", "", ""))


def create_frame(
    key: str, set_ref: str, tables: int, premoderate: bool = False
) -> dict[str, object]:
    """The create frame: a shipped set by id, a set file as its text (checked here first)."""
    load_set(set_ref)  # a broken file is named with its line here, not by the server
    if set_ref in shipped_ids():
        return create(key, tables, set_id=set_ref, premoderate=premoderate)
    text = Path(set_ref).read_text(encoding="utf-8")
    frame = create(key, tables, toml=text, premoderate=premoderate)
    if len(encode(frame).encode()) > MAX_FRAME:
        raise CliError(f"{set_ref} is too big to send to a server (at most about 12 KB)")
    return frame


async def create_remote(
    server: str, key: str, set_ref: str, tables: int, premoderate: bool = False
) -> Remote:
    """Make a session on a hosted server; CliError says in one line why not."""
    base = server_base(server)
    frame = create_frame(key, set_ref, tables, premoderate)
    last = ""
    for _ in range(TRIES):
        try:
            async with connect(ws_url(base), proxy=None, open_timeout=WAIT) as ws:
                await ws.send(encode(frame))
                async with asyncio.timeout(WAIT):
                    answer = decode(await ws.recv())
        except (OSError, InvalidHandshake, ConnectionClosed, TimeoutError) as err:
            last = str(err) or err.__class__.__name__
            continue
        if answer is not None and answer["type"] == "created":
            return Remote(
                base,
                str(answer["session"]),
                str(answer["join_url"]),
                str(answer["leader_token"]),
                str(answer["screen_token"]),
            )
        raise CliError(_refusal(base, answer or {}))
    raise CliError(f"cannot reach {base}: {last}")


def _refusal(base: str, answer: dict[str, object]) -> str:
    code, message = answer.get("code"), str(answer.get("message", "no answer")).rstrip(".")
    if code == "bad_token":
        return f"{base} did not take this organizer key (ask whoever runs the server)"
    if code == "not_allowed":
        return f"{base} makes no sessions: {message} (is it `dialoog serve --hosted`?)"
    return f"{base}: {message}"


def fetch_export(remote: Remote, fmt: str) -> tuple[bytes, str]:
    """The minutes or JSON of a session on a hosted server (leader token), and its file name."""
    url = f"{remote.server}/api/sessions/{remote.code}/export.{fmt}"
    bearer = {"Authorization": f"Bearer {remote.leader_token}"}
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(urllib.request.Request(url, headers=bearer), timeout=WAIT) as answer:
            name = answer.headers.get_filename() or f"{remote.code}.{fmt}"
            return answer.read(), Path(name).name
    except urllib.error.HTTPError as err:
        if err.code == 401:
            refused = f"{remote.server} did not take the leader token of {remote.code}"
            raise CliError(refused) from None
        raise CliError(f"{url}: HTTP {err.code}") from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", None) or err
        raise CliError(f"cannot reach {remote.server}: {reason}") from None
