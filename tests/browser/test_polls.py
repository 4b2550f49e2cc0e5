"""Polls on the phone: choose, change and take back, "opgeslagen", results only once revealed."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Peers
from tests.browser.harness import Serve
from tests.browser.phone import join

TARGET = """(sel) => Array.from(document.querySelectorAll(sel)).map((n) => {
  const b = n.getBoundingClientRect();
  return [Math.round(b.width), Math.round(b.height)];
})"""


def test_choose_change_and_take_back_a_choice(phone: Page, serve: Serve, peers: Peers) -> None:
    """Pick two of three, the third is refused, change one, clear: the leader counts along."""
    join(phone, serve, 1)
    leader = peers.leader(serve)
    leader.control("ask", kind="choice", text="Welke twee?", options=["Tijd", "Geld", "Regels"],
                   max_picks=2)  # fmt: skip
    poll = phone.locator('[data-question="q5"]')
    expect(poll.locator("legend")).to_have_text("Kies er 2 (minder mag ook).")
    state = poll.locator(".poll-state")
    expect(state).to_have_text("Nog niets gekozen.")

    def option(text: str):
        return poll.locator(".poll-option", has_text=text)

    option("Tijd").locator("label").click()
    expect(state).to_have_attribute("data-state", "saved")
    expect(state).to_have_text("Opgeslagen")
    leader.next_of("results", lambda m: m["total"]["counts"] == {"0": 1, "1": 0, "2": 0})
    option("Regels").locator("label").click()
    leader.next_of("results", lambda m: m["total"]["counts"] == {"0": 1, "1": 0, "2": 1})
    option("Geld").locator("label").click()  # a third: over max_picks, not taken
    expect(option("Geld").locator("input")).not_to_be_checked()
    option("Tijd").locator("label").click()  # changed: Tijd out
    expect(state).to_have_attribute("data-state", "saved")
    leader.next_of("results", lambda m: m["total"]["counts"] == {"0": 0, "1": 0, "2": 1})

    phone.reload()  # the choice is the server's: it comes back in the welcome
    expect(option("Regels").locator("input")).to_be_checked()
    expect(option("Tijd").locator("input")).not_to_be_checked()
    poll.locator('[data-action="poll-clear"]').click()
    expect(state).to_have_text("Nog niets gekozen.")
    last = leader.next_of("results", lambda m: m["total"]["responses"] == 0)
    assert last["total"]["counts"] == {"0": 0, "1": 0, "2": 0}
    expect(phone.locator("#status")).to_have_attribute("data-pending", "0")
    assert poll.locator(".results").is_hidden()


def test_a_scale_and_its_results_only_once_revealed(
    phone: Page, serve: Serve, peers: Peers
) -> None:
    """A scale row with its two ends; results appear on reveal and leave when hidden."""
    join(phone, serve, 2)
    leader = peers.leader(serve)
    other = peers.participant(serve, table=2)
    leader.control("ask", kind="scale", text="Eens?", min=1, max=5, labels=["oneens", "eens"])
    poll = phone.locator('[data-question="q5"]')
    expect(poll.locator(".scale-ends")).to_have_text("1 = oneens5 = eens")
    poll.locator(".poll-option", has_text="4").locator("label").click()
    expect(poll.locator(".poll-state")).to_have_attribute("data-state", "saved")
    other.change({"type": "response", "id": "r-other", "question": "q5", "value": 2})
    leader.next_of("results", lambda m: m["total"]["responses"] == 2)
    results = poll.locator(".results")
    expect(results).to_be_hidden()
    sizes = phone.evaluate(TARGET, '[data-question="q5"] .poll-option label')
    assert len(sizes) == 5 and all(w >= 44 and h >= 44 for w, h in sizes), sizes

    leader.control("reveal", question="q5", on=True)
    expect(results).to_be_visible()
    expect(results.locator(".results-total")).to_have_text("2 reacties · gemiddeld 3")
    expect(results.locator(".result-row").nth(3)).to_have_text("41 (50%)")
    leader.control("reveal", question="q5", on=False)
    expect(results).to_be_hidden()
    leader.control("close", question="q5")
    expect(poll.locator("input").first).to_be_disabled()
    expect(poll.locator('[data-action="poll-clear"]')).to_be_hidden()


def test_choices_work_at_320_px(phones, serve: Serve, peers: Peers) -> None:
    """At 320 px every option is a 44 px target and nothing scrolls sideways."""
    phone = phones(viewport={"width": 320, "height": 568})
    join(phone, serve, 3)
    peers.leader(serve).control("ask", kind="choice", text="Welke?", options=["A" * 80, "B"])
    poll = phone.locator('[data-question="q5"]')
    poll.locator(".poll-option", has_text="B").locator("label").click()
    expect(poll.locator(".poll-state")).to_have_attribute("data-state", "saved")
    sizes = phone.evaluate(TARGET, '[data-question="q5"] .poll-option label')
    assert all(w >= 44 and h >= 44 for w, h in sizes), sizes
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 320


def test_a_choice_made_while_the_server_is_down_arrives_once_it_is_back(
    phone: Page, serve: Serve, peers: Peers
) -> None:
    """Down: the choice waits in the outbox; back: stored once, "Opgeslagen", kept on reload."""
    join(phone, serve, 1)
    leader = peers.leader(serve)
    leader.control("ask", kind="choice", text="Welke?", options=["Ja", "Nee"])
    leader.close()
    poll = phone.locator('[data-question="q5"]')
    expect(poll).to_be_visible()
    serve.stop()
    expect(phone.locator("#status")).to_have_attribute("data-conn", "reconnecting")
    poll.locator(".poll-option", has_text="Nee").locator("label").click()
    state = poll.locator(".poll-state")
    expect(state).to_have_attribute("data-state", "pending")
    expect(phone.locator("#status")).to_have_attribute("data-pending", "1")
    serve.resume()
    expect(state).to_have_attribute("data-state", "saved")
    phone.reload()
    expect(poll.locator(".poll-option", has_text="Nee").locator("input")).to_be_checked()
    view = peers.leader(serve).welcome
    assert [r["total"] for r in view["results"] if r["question"] == "q5"] == [
        {"responses": 1, "counts": {"0": 0, "1": 1}}
    ]
