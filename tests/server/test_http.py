"""HTTP on the WebSocket port: the page, static files, /healthz, headers, traversal, Origin."""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin

from tests.server.conftest import HOST, TIMEOUT, MakeServer, Room, send

STATIC = Path(__file__).resolve().parents[2] / "server" / "static"


async def get(room: Room, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One raw GET (the path sent as is, unnormalized): status, headers (lower-case), body."""
    reader, writer = await asyncio.open_connection(HOST, room.server.port)
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}:{room.server.port}"]
    lines += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    try:
        async with asyncio.timeout(TIMEOUT):
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            fields = dict(line.split(": ", 1) for line in head[1:] if line)
            found = {k.lower(): v for k, v in fields.items()}
            body = await reader.readexactly(int(found.get("content-length", "0")))
    finally:
        writer.close()
    return int(head[0].split()[1]), found, body


def assert_secure(headers: dict[str, str]) -> None:
    """CSP allows only the server itself; no sniffing; no referrer."""
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    for directive in csp.split(";"):
        sources = directive.split()[1:]
        assert set(sources) <= {"'self'", "'none'", "data:"}, directive
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


async def test_healthz_answers_ok(server: Room) -> None:
    """GET /healthz: 200 ok."""
    status, headers, body = await get(server, "/healthz")
    assert (status, body) == (200, b"ok\n")
    assert headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize("path", ["/", "/s/{code}", "/s/{code}?t=2", "/s/{lower}/"])
async def test_the_phone_page_is_served_with_security_headers(server: Room, path: str) -> None:
    """The page and the code page: 200 HTML with CSP self only, nosniff and no-referrer."""
    url = path.format(code=server.code, lower=server.code.lower())
    status, headers, body = await get(server, url)
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert b"<html" in body.lower() and b"/static/app.js" in body
    assert_secure(headers)


async def test_static_files_have_their_content_types(server: Room) -> None:
    """Every module of the page is served as JavaScript, style.css as CSS, with security headers."""
    modules = [(p.name, "text/javascript") for p in STATIC.glob("*.js")]
    assert len(modules) > 1
    for name, kind in [*modules, ("style.css", "text/css")]:
        status, headers, body = await get(server, f"/static/{name}")
        assert status == 200 and headers["content-type"].startswith(kind) and body
        assert_secure(headers)


@pytest.mark.parametrize(
    ("accept", "zipped"),
    [("gzip, deflate, br", True), ("br;q=1.0, gzip;q=0.8", True), ("gzip;q=0", False), ("", False)],
)
async def test_text_files_are_gzipped_for_clients_that_take_it(
    server: Room, accept: str, zipped: bool
) -> None:
    """The page, its modules and its style come gzipped when asked, the same bytes unpacked."""
    names = ["index.html", "style.css", *(p.name for p in STATIC.glob("*.js"))]
    for name in names:
        path = f"/s/{server.code}" if name == "index.html" else f"/static/{name}"
        status, headers, body = await get(server, path, Accept_Encoding=accept)
        assert status == 200 and headers.get("content-encoding") == ("gzip" if zipped else None)
        original = (STATIC / name).read_bytes()
        assert (gzip.decompress(body) if zipped else body) == original, name
        if zipped:
            assert headers["vary"] == "Accept-Encoding" and len(body) < len(original)
            assert_secure(headers)


@pytest.mark.parametrize("path", ["/nope", "/static/nope.js", "/s/", "/s/AB/CD", "/static/"])
async def test_unknown_paths_are_404(server: Room, path: str) -> None:
    """Anything else: 404 with the security headers."""
    status, headers, _ = await get(server, path)
    assert status == 404
    assert_secure(headers)


TRAVERSALS = [
    "/static/../app.py",
    "/static/../../server/app.py",
    "/static/%2e%2e/app.py",
    "/static/%2E%2E%2Fapp.py",
    "/static/..%2fapp.py",
    "/static/..%5capp.py",
    "/static/.%2e/http.py",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/./app.js/../../app.py",
]


@pytest.mark.parametrize("path", TRAVERSALS)
async def test_path_traversal_is_refused(server: Room, path: str) -> None:
    """No way out of the static folder, plain or percent-encoded."""
    status, _, body = await get(server, path)
    assert status in (400, 404)
    assert b"import" not in body and b"root:" not in body


async def test_a_foreign_origin_is_refused_and_our_own_accepted(server: Room) -> None:
    """/ws with Origin of another site (or "null"): 403; the server's own origin: welcome."""
    for origin in ("http://evil.example", "null", f"http://{HOST}:1"):
        with pytest.raises(InvalidStatus) as refused:
            await connect(server.url, origin=Origin(origin), proxy=None)
        assert refused.value.response.status_code == 403
    own = f"http://{HOST}:{server.server.port}"
    async with connect(server.url, origin=Origin(own), proxy=None) as ws:
        await ws.send('{"type": "ping"}')
        assert '"hello_first"' in await ws.recv()


async def test_a_configured_origin_is_accepted(make_server: MakeServer) -> None:
    """An origin named in the configuration (a reverse proxy's) may open /ws."""
    room = await make_server(allowed_origins=("https://dialoog.example",))
    ws = await room.open(origin=Origin("https://dialoog.example"))
    await send(ws, {"type": "ping"})
    assert "hello_first" in await ws.recv()
