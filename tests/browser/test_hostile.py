"""Participant text is shown literally: never parsed as HTML, markup or Markdown, direction kept."""

from __future__ import annotations

from playwright.sync_api import Dialog, Page, expect

from dialoogtafel.server.domain.text import clean_text
from tests.browser.conftest import Peers
from tests.browser.harness import Serve
from tests.browser.phone import answer_texts, join

TYPED = [  # sent by the phone itself
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    "[bold]x[/] en [link=https://example.org]klik[/link]",
    "**md** _schuin_ [tekst](https://example.org) # kop",
]
SENT = [  # sent by another phone at the table, arriving over the socket
    '"><svg onload=alert(3)><iframe src="javascript:alert(4)">',
    "\x1b[31mrood\x1b[0m \u202eexe.txt",
    "مرحبا بكم في طاولة الحوار",
    "👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 zero\u200bwidth",
    "lang" * 250,
]


def test_hostile_answers_render_as_their_cleaned_text(
    phone: Page, serve: Serve, peers: Peers
) -> None:
    """Each answer's textContent is the server's cleaned text; no element, script or dialog."""
    dialogs: list[str] = []

    def on_dialog(d: Dialog) -> None:
        dialogs.append(d.message)
        d.dismiss()

    phone.on("dialog", on_dialog)
    join(phone, serve, 1)
    box = phone.locator('[data-question="q1"] .answer-form textarea')
    for text in TYPED:
        box.fill(text)
        phone.locator('[data-question="q1"] .answer-form button[type=submit]').click()
    other = peers.participant(serve, table=1)
    for text in SENT:
        other.answer("q1", text)
    expected = sorted(clean_text(t) for t in TYPED + SENT)
    expect(phone.locator('[data-question="q1"] .answers li')).to_have_count(len(expected))
    expect(phone.locator('[data-mine="true"][data-state="saved"]')).to_have_count(len(TYPED))
    assert sorted(answer_texts(phone, "q1")) == expected

    rtl = phone.locator(".answer-text", has_text="مرحبا")
    assert rtl.evaluate("n => getComputedStyle(n).direction") == "rtl"
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390

    leader = peers.leader(serve)
    leader.control("voting", question="q1", on=True, votes_per_device=3)
    expect(phone.locator("[data-ballot-answer]")).to_have_count(len(expected))
    ballot = phone.locator("#ballot .answer-text").evaluate_all("ns => ns.map(n => n.textContent)")
    assert sorted(ballot) == expected

    counts = phone.evaluate(
        """() => ({
            img: document.querySelectorAll('img, svg, iframe').length,
            script: Array.from(document.scripts).map(s => s.getAttribute('src')),
            markup: document.querySelectorAll('main :is(b, strong, em, a[href^="http"])').length,
        })"""
    )
    assert counts == {"img": 0, "script": ["/static/app.js"], "markup": 0}
    assert dialogs == []
