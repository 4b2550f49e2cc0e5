"""Browser fixtures: Debian's chromium through Playwright, and `dialoog serve` for real."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, TIMEOUT, Peer, Serve

expect.set_options(timeout=TIMEOUT * 1000)


@pytest.fixture(scope="package")
def pw() -> Iterator[Playwright]:
    """Playwright's driver, once for the browser tests."""
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="package")
def browser(pw: Playwright) -> Iterator[Browser]:
    """Debian's chromium; the tests fail (never skip) when it is missing."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `sh .ci/system-packages` installs it")
    b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield b
    b.close()


def phone_profile(pw: Playwright, **options: Any) -> dict[str, Any]:
    """A Dutch phone: Pixel 7's touch and user agent on a 390 x 844 screen."""
    profile = {**pw.devices["Pixel 7"], "viewport": {"width": 390, "height": 844}}
    profile.pop("default_browser_type", None)
    return {**profile, "locale": "nl-NL", **options}


PhoneFactory = Callable[..., Page]


@pytest.fixture
def phones(pw: Playwright, browser: Browser) -> Iterator[PhoneFactory]:
    """Make phones (each its own context: its own localStorage); all closed afterwards."""
    contexts = []

    def new(**options: Any) -> Page:
        context = browser.new_context(**phone_profile(pw, **options))
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT * 1000)
        return page

    yield new
    for context in contexts:
        context.close()


@pytest.fixture
def phone(phones: PhoneFactory) -> Page:
    """One phone."""
    return phones()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    """`dialoog serve` with a new three-table session of the default set, data in tmp_path."""
    s = Serve(tmp_path / "data").start()
    yield s
    s.terminate()


@pytest.fixture(scope="module")
def module_serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    """One `dialoog serve` for a module whose tests do not change the session's state."""
    s = Serve(tmp_path_factory.mktemp("serve") / "data").start()
    yield s
    s.terminate()


class Peers:
    """Protocol clients made in a test, all closed at its end."""

    def __init__(self) -> None:
        self.open: list[Peer] = []

    def leader(self, serve: Serve) -> Peer:
        """A leader with the session's token."""
        self.open.append(Peer(serve))
        return self.open[-1]

    def participant(self, serve: Serve, table: int) -> Peer:
        """A browserless phone seated at a table."""
        self.open.append(Peer.participant(serve, table))
        return self.open[-1]


@pytest.fixture
def peers() -> Iterator[Peers]:
    """Make leaders and participants over the protocol; closed afterwards."""
    made = Peers()
    yield made
    for peer in made.open:
        peer.close()
