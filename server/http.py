"""Plain HTTP on the WebSocket port: the phone page, static files, /healthz, the Origin check."""

from __future__ import annotations

import gzip
import logging
import re
from collections.abc import Callable
from http import HTTPStatus
from importlib.resources import files
from urllib.parse import urlsplit

from websockets.asyncio.server import ServerConnection
from websockets.datastructures import Headers, MultipleValuesError
from websockets.http11 import Request, Response

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".json": "application/json",
}
SECURITY_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; "
        "script-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
)
COMPRESSIBLE = (".html", ".js", ".css", ".svg", ".json")
SESSION_PAGE = re.compile(r"^/s/[A-Za-z0-9]{1,12}/?$")
STATIC_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def load_static() -> dict[str, bytes]:
    """The phone page's files, read once at start (package data, so it works from a wheel)."""
    folder = files("dialoogtafel.server") / "static"
    return {
        entry.name: entry.read_bytes()
        for entry in folder.iterdir()
        if entry.is_file() and STATIC_NAME.match(entry.name)
    }


def compressed(static: dict[str, bytes]) -> dict[str, bytes]:
    """The text files gzipped once at start (no timestamp inside, so the bytes are stable)."""
    return {
        name: gzip.compress(body, compresslevel=9, mtime=0)
        for name, body in static.items()
        if name.endswith(COMPRESSIBLE)
    }


def accepts_gzip(request: Request) -> bool:
    """Whether the client's Accept-Encoding takes gzip (and does not refuse it with q=0)."""
    for part in ",".join(request.headers.get_all("Accept-Encoding")).split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip().removeprefix("q=").strip() if "q=" in params else "1"
            try:
                return float(q) > 0
            except ValueError:
                return False
    return False


def response(
    status: HTTPStatus, body: bytes, content_type: str, cache: str, encoding: str | None = None
) -> Response:
    """A response with the security headers on it, built once (headers append, not replace)."""
    headers = Headers(SECURITY_HEADERS)
    headers["Content-Type"] = content_type
    if encoding is not None:
        headers["Content-Encoding"] = encoding
        headers["Vary"] = "Accept-Encoding"
    headers["Content-Length"] = str(len(body))
    headers["Cache-Control"] = cache
    return Response(status.value, status.phrase, headers, body)


def text(status: HTTPStatus, body: str) -> Response:
    """A short plain-text response."""
    return response(status, body.encode(), "text/plain; charset=utf-8", "no-store")


def origin_allowed(request: Request, allowed: tuple[str, ...]) -> bool:
    """A browser's Origin, when present, must be this server's own host or an allowed one;
    two Origin headers (or two Host headers beside one) are never allowed."""
    origins = request.headers.get_all("Origin")
    if not origins:
        return True  # not a browser: the kiosk, scripts, tests
    if len(origins) > 1:
        return False
    origin = origins[0]
    if origin in allowed:
        return True
    hosts = request.headers.get_all("Host")
    if len(hosts) != 1 or not hosts[0]:
        return False
    return urlsplit(origin).netloc.lower() == hosts[0].lower()


def method_not_allowed(allowed: str = "GET") -> Response:
    """405 for a method a path does not take."""
    r = text(HTTPStatus.METHOD_NOT_ALLOWED, f"use {allowed}\n")
    r.headers["Allow"] = allowed
    return r


def twice() -> Response:
    """400 for a request with two of a header that may come once (websockets raises on those)."""
    return text(HTTPStatus.BAD_REQUEST, "a header that may appear once appears more than once\n")


def make_router(
    static: dict[str, bytes], allowed_origins: tuple[str, ...]
) -> Callable[[ServerConnection, Request], Response | None]:
    """The process_request hook: HTTP answers for plain paths, None to go on to /ws."""
    zipped = compressed(static)

    def file(request: Request, name: str, content_type: str) -> Response | None:
        """A static file, gzipped when the client takes it; None when there is no such file."""
        body = static.get(name)
        if body is None:
            return None
        small = zipped.get(name)
        if small is not None and accepts_gzip(request):
            return response(HTTPStatus.OK, small, content_type, "no-cache", "gzip")
        return response(HTTPStatus.OK, body, content_type, "no-cache")

    def route(connection: ServerConnection, request: Request) -> Response | None:
        try:
            return pages(request)
        except MultipleValuesError:
            return twice()

    def pages(request: Request) -> Response | None:
        path = urlsplit(request.path).path
        if request.method != "GET":  # websockets 17+ hands every method to process_request
            return method_not_allowed()
        if path == "/ws":
            if not origin_allowed(request, allowed_origins):
                log.info("websocket refused: foreign origin")
                return text(HTTPStatus.FORBIDDEN, "origin not allowed\n")
            return None
        if path == "/healthz":
            return text(HTTPStatus.OK, "ok\n")
        if path == "/" or SESSION_PAGE.match(path):
            page = file(request, "index.html", CONTENT_TYPES[".html"])
            return page or text(HTTPStatus.NOT_FOUND, "not found\n")
        if path.startswith("/static/"):
            name = path.removeprefix("/static/")
            suffix = name[name.rfind(".") :] if "." in name else ""
            kind = CONTENT_TYPES.get(suffix, "application/octet-stream")
            found = file(request, name, kind) if STATIC_NAME.match(name) else None
            if found is not None:
                return found
        return text(HTTPStatus.NOT_FOUND, "not found\n")

    return route
