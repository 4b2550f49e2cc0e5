"""The page needs nothing but its own server, and runs under a strict Content-Security-Policy."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, Request, WebSocket, expect

from tests.browser.conftest import Peers
from tests.browser.harness import Serve
from tests.browser.phone import send_answer

STATIC = Path(__file__).resolve().parents[2] / "server" / "static"


def test_a_whole_session_requests_nothing_from_another_host(
    phone: Page, module_serve: Serve, peers: Peers
) -> None:
    """Code form, table, answer, vote, end, reload: every request goes to 127.0.0.1:PORT."""
    serve = module_serve
    urls: list[str] = []

    def on_request(request: Request) -> None:
        urls.append(request.url)

    def on_websocket(ws: WebSocket) -> None:
        urls.append(ws.url)

    phone.context.on("request", on_request)
    phone.on("websocket", on_websocket)
    phone.goto(serve.base + "/")
    phone.locator("#join-code").fill(serve.code)
    phone.locator("#join-form button[type=submit]").click()
    phone.locator('[data-action="choose-table"][data-table="1"]').click()
    expect(send_answer(phone, "q1", "Alles lokaal")).to_have_attribute("data-state", "saved")
    leader = peers.leader(serve)
    leader.control("voting", question="q1", on=True)
    phone.locator('[data-action="vote"]').click()
    expect(phone.locator("[data-ballot-answer]")).to_have_attribute("data-state", "saved")
    leader.control("end")
    expect(phone.locator("#ended")).to_be_visible()
    phone.reload()
    expect(phone.locator("#ended")).to_be_visible()

    own = f"127.0.0.1:{serve.port}"
    foreign = [
        u for u in urls if urlsplit(u).netloc != own or urlsplit(u).scheme not in ("http", "ws")
    ]
    assert foreign == []
    paths = {urlsplit(u).path for u in urls}
    modules = {f"/static/{p.name}" for p in STATIC.glob("*.js")}
    assert {"/", f"/s/{serve.code}", "/static/style.css", "/ws"} | modules <= paths
    allowed = {"/", f"/s/{serve.code}", "/static/style.css", "/static/icon.svg", "/ws"} | modules
    assert paths <= allowed


def test_the_page_is_served_with_a_strict_csp_that_the_browser_enforces(
    phone: Page, module_serve: Serve
) -> None:
    """CSP header on / and /s/CODE: self only, no unsafe-*; chromium refuses an inline script."""
    for url in (module_serve.base + "/", module_serve.page_url()):
        response = phone.goto(url)
        assert response is not None and response.ok
        csp = response.headers.get("content-security-policy", "")
        directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
        assert directives.get("default-src") == ["'self'"], csp
        assert directives.get("script-src") == ["'self'"], csp
        assert directives.get("connect-src") == ["'self'"], csp
        assert directives.get("style-src") == ["'self'"], csp
        assert directives.get("frame-ancestors") == ["'none'"], csp
        assert "unsafe" not in csp
    blocked = phone.evaluate(
        """() => new Promise((resolve) => {
            const said = (e) => resolve(e.violatedDirective);
            document.addEventListener('securitypolicyviolation', said);
            const s = document.createElement('script');
            s.textContent = 'window.inlineRan = true; document.dispatchEvent(new Event("ran"))';
            document.addEventListener('ran', () => resolve('ran'));
            document.head.appendChild(s);
        })"""
    )
    assert blocked.startswith("script-src"), blocked  # an inline script never runs
