"""The leader ends the session: the phone says so and takes no more input."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Peers
from tests.browser.harness import Serve
from tests.browser.phone import join, own_answer, send_answer


def test_the_end_shows_sessie_afgelopen_and_disables_input(
    phone: Page, serve: Serve, peers: Peers
) -> None:
    """After `end`: the notice, the status says it, no field or button to change anything."""
    join(phone, serve, 1)
    phone.locator('[data-question="q2"] .answer-form textarea').fill("Half getypt, nooit verstuurd")
    expect(send_answer(phone, "q1", "Een antwoord van voor het einde")).to_have_attribute(
        "data-state", "saved"
    )
    expect(phone.locator("main textarea:visible")).to_have_count(4)
    expect(phone.locator(".badge-focus:visible")).to_have_text("Nu aan de orde")

    peers.leader(serve).control("end")
    ended = phone.locator("#ended")
    expect(ended).to_be_visible()
    expect(ended.locator("h2")).to_have_text("Sessie afgelopen — bedankt!")
    expect(phone.locator("#status")).to_have_attribute("data-ended", "true")
    expect(phone.locator("#status")).to_have_text("Sessie afgelopen — bedankt!")
    expect(phone.locator("main textarea:visible")).to_have_count(0)
    expect(phone.locator("main textarea:enabled")).to_have_count(0)
    expect(phone.locator("#questions button:visible")).to_have_count(0)
    expect(phone.locator("#change-table")).to_be_hidden()
    expect(phone.locator("#chooser")).to_be_hidden()
    expect(phone.locator(".badge-focus:visible")).to_have_count(0)  # nothing is current any more
    expect(own_answer(phone, "Een antwoord van voor het einde")).to_be_visible()  # read-only

    phone.reload()  # a phone that opens the page afterwards sees the same
    expect(phone.locator("#ended")).to_be_visible()
    expect(phone.locator("main textarea:enabled")).to_have_count(0)
    expect(phone.locator("main button:visible")).to_have_count(0)
