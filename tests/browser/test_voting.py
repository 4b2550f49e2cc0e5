"""Dot-voting on the phone: every table's answers on the ballot, a budget, the leader's tally."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Peers
from tests.browser.harness import Serve
from tests.browser.phone import join, send_answer


def test_vote_within_the_budget_and_the_leader_tallies(
    phone: Page, serve: Serve, peers: Peers
) -> None:
    """Ballot with all tables' answers; votes count down, stop at 0, come back; tally agrees."""
    other = peers.participant(serve, table=2)
    a = other.answer("q1", "Tijd om te reflecteren")
    b = other.answer("q1", "Een vast aanspreekpunt")
    other.answer("q2", "Niet op de stemlijst: een andere vraag")
    join(phone, serve, 1)
    expect(send_answer(phone, "q1", "Samen met de cliënt")).to_have_attribute("data-state", "saved")
    expect(phone.locator("#voting")).to_be_hidden()

    leader = peers.leader(serve)
    leader.control("voting", question="q1", on=True, votes_per_device=2)
    voting = phone.locator("#voting")
    expect(voting).to_be_visible()
    expect(phone.locator("#voting-q")).to_have_text(
        "Vanuit welke verantwoordelijkheid wilt u zich verantwoorden over uw toegevoegde waarde?"
    )
    items = phone.locator("[data-ballot-answer]")
    expect(items).to_have_count(3)
    expect(phone.locator(f'[data-ballot-answer="{a}"] .meta')).to_have_text("Tafel 2")
    expect(phone.locator(f'[data-ballot-answer="{b}"] .answer-text')).to_have_text(
        "Een vast aanspreekpunt"
    )
    left = phone.locator("#votes-left")
    expect(left).to_have_attribute("data-left", "2")
    expect(left).to_have_text("Je hebt nog 2 van 2 stemmen.")

    def toggle(answer_id: str) -> None:
        phone.locator(f'[data-ballot-answer="{answer_id}"] [data-action="vote"]').click()

    toggle(a)
    expect(left).to_have_attribute("data-left", "1")
    expect(phone.locator(f'[data-ballot-answer="{a}"]')).to_have_attribute("data-state", "saved")
    expect(phone.locator(f'[data-ballot-answer="{a}"] button')).to_have_attribute(
        "aria-pressed", "true"
    )
    own = phone.locator("[data-ballot-answer]").filter(has_text="Samen met de cliënt")
    expect(own.locator(".meta")).to_have_text("Tafel 1 · jouw antwoord")
    own.locator('[data-action="vote"]').click()
    expect(left).to_have_attribute("data-left", "0")
    expect(left).to_have_text("Je stemmen zijn op. Trek er een in om een ander antwoord te kiezen.")
    third = phone.locator(f'[data-ballot-answer="{b}"] [data-action="vote"]')
    expect(third).to_be_disabled()  # over budget: the page does not offer it
    expect(phone.locator("#status")).to_have_attribute("data-pending", "0")
    own_id = own.get_attribute("data-ballot-answer")
    tally = leader.next_of("tally", lambda m: m["votes"] == {a: 1, b: 0, own_id: 1})
    assert tally["question"] == "q1"

    toggle(a)  # taken back: the vote returns to the budget
    expect(left).to_have_attribute("data-left", "1")
    expect(third).to_be_enabled()
    toggle(b)
    expect(left).to_have_attribute("data-left", "0")
    leader.next_of("tally", lambda m: m["votes"] == {a: 0, b: 1, own_id: 1})

    phone.reload()  # the votes are the server's, not only the page's
    expect(phone.locator(f'[data-ballot-answer="{b}"]')).to_have_attribute("data-voted", "true")
    expect(phone.locator(f'[data-ballot-answer="{a}"]')).to_have_attribute("data-voted", "false")
    expect(phone.locator("#votes-left")).to_have_attribute("data-left", "0")

    leader.control("voting", question="q1", on=False)
    expect(voting).to_be_hidden()
