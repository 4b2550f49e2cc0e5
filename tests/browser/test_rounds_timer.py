"""The phone page with a timer, rounds and a table host, and premoderation, against a real serve."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Playwright, expect

from dialoogtafel.server.protocol import control
from tests.browser.conftest import Peers, PhoneFactory, phone_profile
from tests.browser.harness import Serve
from tests.browser.phone import join, own_answer, send_answer

CLOCK = re.compile(r"^\d+:\d\d$")


def seconds_shown(page: Page) -> int:
    """The timer's m:ss as seconds."""
    minutes, secs = page.locator("#timer-left").text_content().split(":")  # type: ignore[union-attr]
    return int(minutes) * 60 + int(secs)


@pytest.fixture
def premoderated(tmp_path: Path) -> Iterator[Serve]:
    """`dialoog serve --premoderate` with a new three-table session."""
    s = Serve(tmp_path / "data", options=("--premoderate",)).start()
    yield s
    s.terminate()


def test_the_timer_counts_down_and_survives_a_server_restart(
    phone: Page, serve: Serve, peers: Peers
) -> None:
    """Started for q2: shown and counting; kill -9 and --resume: the same time left; paused."""
    join(phone, serve, 1)
    expect(phone.locator("#timer")).to_be_hidden()
    leader = peers.leader(serve)
    leader.control("timer", timer="start", seconds=300, question="q2")
    expect(phone.locator("#timer-h")).to_have_text("Tijd voor vraag 2")
    expect(phone.locator("#timer-left")).to_have_text(CLOCK)
    first = seconds_shown(phone)
    assert 280 <= first <= 300
    shown = phone.locator("#timer-left")
    expect(shown).not_to_have_text(shown.text_content() or "")  # it counts
    serve.kill()
    expect(phone.locator("#status")).to_have_attribute("data-conn", "reconnecting")
    serve.resume()
    expect(phone.locator("#status")).to_have_attribute("data-conn", "open")
    after = seconds_shown(phone)
    assert 200 <= after < first  # the server's time, not a fresh 5:00
    leader = peers.leader(serve)
    leader.control("timer", timer="pause")
    expect(phone.locator("#timer-note")).to_have_text("Gepauzeerd")
    paused = phone.locator("#timer-left").text_content()
    leader.control("timer", timer="extend", seconds=60)
    expect(phone.locator("#timer-left")).not_to_have_text(paused or "")
    leader.control("timer", timer="stop")
    expect(phone.locator("#timer")).to_be_hidden()


def test_the_end_of_the_timer_is_a_quiet_line(phone: Page, serve: Serve, peers: Peers) -> None:
    """At zero: 0:00, "De tijd is om." under it and once in the live region."""
    join(phone, serve, 2)
    peers.leader(serve).control("timer", timer="start", seconds=1)
    expect(phone.locator("#timer-note")).to_have_text("De tijd is om.")
    expect(phone.locator("#timer-left")).to_have_text("0:00")
    expect(phone.locator("#timer")).to_have_attribute("data-done", "true")
    expect(phone.locator("#live")).to_contain_text("De tijd is om.")
    assert phone.locator("audio").count() == 0


def test_a_new_round_asks_to_choose_again_and_a_host_keeps_the_tables_answers(
    phones: PhoneFactory, serve: Serve, peers: Peers
) -> None:
    """The host stays at table 1; the other chooses again and keeps its answer; a newcomer at
    the host's table sees round 1's answers there."""
    host, mover, newcomer = phones(), phones(), phones()
    join(host, serve, 1)
    join(mover, serve, 1)
    expect(send_answer(mover, "q1", "Uit ronde een")).to_have_attribute("data-state", "saved")
    host.locator("#host-toggle").click()
    expect(host.locator("#host-toggle")).to_have_attribute("aria-pressed", "true")
    expect(host.locator("#host-toggle")).to_have_text("Je blijft aan deze tafel (tafelhouder)")
    expect(host.locator("#status")).to_have_attribute("data-pending", "0")
    peers.leader(serve).control("next_round")
    expect(mover.locator("#chooser")).to_be_visible()
    expect(mover.locator("#round-h")).to_have_text("Ronde 2")
    expect(mover.locator("#round-text")).to_have_text(
        "Kies opnieuw je tafel. Je antwoorden blijven bewaard."
    )
    expect(mover.locator("#live")).to_contain_text("Ronde 2: kies opnieuw je tafel.")
    expect(host.locator("#seat-h")).to_have_text("Je zit aan tafel 1")
    expect(host.locator("#round-text")).to_have_text("Je blijft aan tafel 1 als tafelhouder.")
    mover.locator('[data-action="choose-table"][data-table="2"]').click()
    expect(mover.locator("#seat-h")).to_have_text("Je zit aan tafel 2")
    expect(own_answer(mover, "Uit ronde een")).to_be_visible()
    join(newcomer, serve, 1)
    expect(newcomer.locator('[data-question="q1"] .answer-text')).to_have_text(["Uit ronde een"])


def test_with_premoderation_an_answer_waits_for_the_leader(
    phones: PhoneFactory, premoderated: Serve, peers: Peers
) -> None:
    """The author sees "wacht op de gespreksleider", the table-mate nothing; approved, both."""
    author, mate = phones(), phones()
    join(author, premoderated, 1)
    join(mate, premoderated, 1)
    mine = send_answer(author, "q1", "Graag eerst nakijken")
    expect(mine).to_have_attribute("data-state", "waiting")
    expect(mine.locator(".answer-status")).to_have_text("wacht op de gespreksleider")
    said = "Antwoord opgeslagen. Het wacht op de gespreksleider."
    expect(author.locator("#live")).to_have_text(said)
    leader = peers.leader(premoderated)
    [pending] = [a for a in leader.welcome["answers"] if a["state"] == "pending"]
    author.reload()  # what a reconnect brings back
    expect(own_answer(author, "Graag eerst nakijken")).to_have_attribute("data-state", "waiting")
    expect(mate.locator('[data-question="q1"] .answer-text')).to_have_count(0)
    leader.control("approve", answer=pending["id"])
    expect(mine).to_have_attribute("data-state", "saved")
    expect(mate.locator('[data-question="q1"] .answer-text')).to_have_text(["Graag eerst nakijken"])


def test_axe_finds_nothing_with_a_waiting_answer_and_a_new_round(
    pw: Playwright, browser, premoderated: Serve, peers: Peers
) -> None:
    """axe-core on the page with an answer waiting for approval, and on the chooser of round 2."""
    context = browser.new_context(**phone_profile(pw, bypass_csp=True))
    try:
        page = context.new_page()
        join(page, premoderated, 1)
        expect(send_answer(page, "q1", "Wacht")).to_have_attribute("data-state", "waiting")
        violations = Axe().run(page).response["violations"]
        assert violations == []
        peers.leader(premoderated).control("next_round")
        expect(page.locator("#round-text")).to_contain_text("Kies opnieuw je tafel")
        violations = Axe().run(page).response["violations"]
        assert violations == []
    finally:
        context.close()


def test_a_round_change_across_a_server_kill_reaches_the_phone(
    phone: Page, serve: Serve, peers: Peers
) -> None:
    """next_round sent, the server killed at once, resumed, the kiosk's resend acked: the phone
    says round 2 and asks for a table again, whichever side of the kill the change fell."""
    join(phone, serve, 1)
    change = control("next_round")
    peers.leader(serve).ws.send(json.dumps(change))
    serve.kill()
    serve.resume()
    peers.leader(serve).change(change)  # the same id: applied once
    expect(phone.locator("#round-h")).to_have_text("Ronde 2")
    expect(phone.locator("#chooser")).to_be_visible()
    expect(phone.locator("#round-text")).to_have_text(
        "Kies opnieuw je tafel. Je antwoorden blijven bewaard."
    )
    assert peers.leader(serve).welcome["session"]["state"]["round"] == 2
