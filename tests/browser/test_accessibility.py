"""WCAG 2.2 AA on the phone page: axe-core in each state, and what axe cannot measure.

The walk goes through the states a participant sees (code form, table chooser, questions with
answers, voting, ended) once, in a context that bypasses the CSP so axe can be injected, and at
each state runs axe and measures the layout at three widths:

- 390 px, the phone the tests use;
- 320 px, the narrowest phone WCAG's reflow criterion names;
- 160 px: a 320 x 568 phone at 200 % zoom. Browser zoom scales the CSS pixel, so the page lays
  out in a viewport of half the width and height (160 x 284 CSS px) with twice the device pixel
  ratio; media queries and layout see exactly what a resized viewport gives them. Pinch-zoom
  (a visual-viewport scale) would not reflow anything, so it is not what is measured.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Playwright, expect

from tests.browser.conftest import Peers, PhoneFactory, phone_profile
from tests.browser.harness import Peer, Serve
from tests.browser.phone import join, send_answer

WIDTHS = {390: 844, 320: 568, 160: 284}
STATES = ("code form", "table chooser", "questions", "polls", "voting", "timer and round", "ended")

MEASURE = """() => {
  const de = document.documentElement;
  const vw = de.clientWidth;
  const seen = (n) => n.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  const name = (n) => n.tagName.toLowerCase() + (n.id ? '#' + n.id : '')
    + (n.getAttribute('data-action') ? '[' + n.getAttribute('data-action') + ']' : '')
    + ' "' + (n.textContent || n.value || '').trim().slice(0, 30) + '"';
  const box = (n) => n.getBoundingClientRect();
  const controls = Array.from(document.querySelectorAll(
    'a[href], button, input, textarea, select, summary, [role="button"]')).filter(seen);
  const everything = Array.from(document.body.querySelectorAll('*')).filter(seen);
  return {
    scroll: [de.scrollWidth, vw],
    small: controls.filter((n) => box(n).width < 24 || box(n).height < 24)
      .map((n) => name(n) + ' ' + Math.round(box(n).width) + 'x' + Math.round(box(n).height)),
    fonts: Array.from(document.querySelectorAll('input, textarea, select')).filter(seen)
      .filter((n) => parseFloat(getComputedStyle(n).fontSize) < 16)
      .map((n) => name(n) + ' ' + getComputedStyle(n).fontSize),
    outside: everything.filter((n) => box(n).width > 0
        && (box(n).right > vw + 0.5 || box(n).left < -0.5))
      .map((n) => name(n) + ' ' + Math.round(box(n).left) + '..' + Math.round(box(n).right)),
  };
}"""


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations (all its default rules, best practices included), one line each."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]


class Walk:
    """What each state measured: axe's violations, and the layout at each width."""

    def __init__(self) -> None:
        self.axe: dict[str, list[str]] = {}
        self.layout: dict[tuple[str, int], dict[str, Any]] = {}

    def record(self, page: Page, state: str) -> None:
        """Audit and measure the page as it is now, then go back to the phone's size."""
        self.axe[state] = axe_violations(page)
        for width, height in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            self.layout[state, width] = page.evaluate(MEASURE)
        page.set_viewport_size({"width": 390, "height": 844})

    def failures(self, key: str) -> dict[str, Any]:
        """The non-empty findings of one kind, per state and width."""
        return {f"{s} @{w}px": m[key] for (s, w), m in self.layout.items() if m[key]}


@pytest.fixture(scope="module")
def walk(pw: Playwright, browser: Browser, module_serve: Serve) -> Iterator[Walk]:
    """One participant through every state, recorded at each step."""
    serve = module_serve
    context = browser.new_context(**phone_profile(pw, bypass_csp=True))
    page = context.new_page()
    leader = Peer(serve)
    other = Peer.participant(serve, table=1)
    done = Walk()
    try:
        page.goto(serve.base + "/")
        expect(page.locator("#join-code")).to_be_visible()
        done.record(page, "code form")

        page.goto(serve.page_url())
        expect(page.locator("#chooser")).to_be_visible()
        done.record(page, "table chooser")

        join(page, serve, 1)
        expect(send_answer(page, "q1", "Meer tijd")).to_have_attribute("data-state", "saved")
        leader.control("highlight", answer=other.answer("q1", "Een vast aanspreekpunt per wijk"))
        expect(page.locator('[data-highlighted="true"]')).to_be_visible()
        done.record(page, "questions")

        leader.control("ask", kind="choice", text="Welke twee?", options=["Tijd", "Geld", "Regels"],
                       max_picks=2)  # fmt: skip
        leader.control("ask", kind="scale", text="Eens?", min=1, max=5, labels=["nee", "ja"])
        page.locator('[data-question="q5"] label', has_text="Geld").click()
        page.locator('[data-question="q6"] label', has_text="4").click()
        expect(page.locator('[data-question="q6"] .poll-state')).to_have_attribute(
            "data-state", "saved"
        )
        leader.control("reveal", question="q5", on=True)
        expect(page.locator('[data-question="q5"] .results')).to_be_visible()
        done.record(page, "polls")

        leader.control("voting", question="q1", on=True, votes_per_device=3)
        page.locator('[data-action="vote"]').first.click()
        expect(page.locator("#votes-left")).to_have_attribute("data-left", "2")
        done.record(page, "voting")

        leader.control("timer", timer="start", seconds=600, question="q2")
        page.locator("#host-toggle").click()
        expect(page.locator("#host-toggle")).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#status")).to_have_attribute("data-pending", "0")
        leader.control("next_round")
        expect(page.locator("#round-text")).to_have_text("Je blijft aan tafel 1 als tafelhouder.")
        expect(page.locator("#timer-h")).to_have_text("Tijd voor vraag 2")
        done.record(page, "timer and round")

        leader.control("end")
        expect(page.locator("#ended")).to_be_visible()
        done.record(page, "ended")
        yield done
    finally:
        other.close()
        leader.close()
        context.close()


def test_axe_finds_no_violations_in_any_state(walk: Walk) -> None:
    """axe-core reports nothing on the code form, chooser, questions, polls (chosen, results
    revealed), voting, timer and round, and the end."""
    assert list(walk.axe) == list(STATES)
    assert {s: v for s, v in walk.axe.items() if v} == {}


def test_no_horizontal_scroll_at_320px_or_at_200_percent_zoom(walk: Walk) -> None:
    """Every state fits 320 px and 160 px (200 % zoom): no sideways scroll, nothing cut off."""
    assert len(walk.layout) == len(STATES) * len(WIDTHS)
    wide = {k: m["scroll"] for k, m in walk.layout.items() if m["scroll"][0] > m["scroll"][1]}
    assert wide == {}
    assert walk.failures("outside") == {}


def test_touch_targets_are_at_least_24_by_24_px(walk: Walk) -> None:
    """Every visible button, link, summary and field is 24 x 24 px or larger, at every width."""
    assert walk.failures("small") == {}


def test_fields_use_16px_text(walk: Walk) -> None:
    """Every visible input and textarea has a font size of 16 px or more (no zoom on focus)."""
    assert walk.failures("fonts") == {}


def test_usable_at_200_percent_zoom(phones: PhoneFactory, serve: Serve, peers: Peers) -> None:
    """At 160 x 284 CSS px (a 320 px phone at 200 %), choose, answer and vote by real clicks."""
    phone = phones(viewport={"width": 160, "height": 284}, device_scale_factor=4)
    join(phone, serve, 2)  # Playwright clicks only what is visible, enabled and not covered
    mine = send_answer(phone, "q3", "Tijd en ruimte")
    expect(mine).to_have_attribute("data-state", "saved")
    mine.locator('[data-action="edit"]').click()
    phone.locator(".edit-form textarea").fill("Tijd, ruimte en vertrouwen")
    phone.locator(".edit-form button[type=submit]").click()
    expect(send_answer(phone, "q3", "Nog een")).to_have_attribute("data-state", "saved")
    peers.leader(serve).control("voting", question="q3", on=True)
    phone.locator('[data-ballot-answer] [data-action="vote"]').first.click()
    expect(phone.locator("#votes-left")).to_have_attribute("data-left", "2")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 160
