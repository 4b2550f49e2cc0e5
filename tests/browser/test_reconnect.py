"""The server goes away and comes back: the page keeps the answer, says so, and delivers it once."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.harness import Serve, leader_view, shown_texts
from tests.browser.phone import join, own_answer, send_answer


def test_an_answer_typed_while_the_server_is_down_arrives_once(phone: Page, serve: Serve) -> None:
    """Down: pending and "1 antwoord wacht"; back on the same port: stored once, shown saved."""
    join(phone, serve, 1)
    before = send_answer(phone, "q1", "Voor de storing")
    expect(before).to_have_attribute("data-state", "saved")

    serve.stop()
    status = phone.locator("#status")
    expect(status).to_have_attribute("data-conn", "reconnecting")
    expect(status).to_have_text("Opnieuw verbinden…")
    expect(phone.locator("#live")).to_contain_text("Verbinding verbroken")
    mine = send_answer(phone, "q1", "Tijdens de storing getypt")
    expect(mine).to_have_attribute("data-state", "pending")
    expect(mine.locator(".answer-status")).to_have_text("wacht…")
    expect(status).to_have_text("Opnieuw verbinden… · 1 antwoord wacht op verzending")
    expect(status).to_have_attribute("data-pending", "1")
    expect(phone.locator('[data-question="q1"] .answer-form textarea')).to_have_value("")

    serve.resume()
    expect(mine).to_have_attribute("data-state", "saved")
    expect(status).to_have_attribute("data-pending", "0")
    expect(status).to_have_text("Verbonden")
    expect(phone.locator("#live")).to_have_text("Antwoord opgeslagen.")
    expect(own_answer(phone, "Tijdens de storing getypt")).to_have_count(1)
    texts = shown_texts(leader_view(serve))
    assert sorted(texts) == ["Tijdens de storing getypt", "Voor de storing"]

    phone.reload()  # the server's word, not the page's memory
    expect(own_answer(phone, "Tijdens de storing getypt")).to_have_attribute("data-state", "saved")
    expect(phone.locator('[data-question="q1"] [data-mine="true"]')).to_have_count(2)


def test_a_known_session_missing_after_a_restart_is_retried_not_given_up(
    phone: Page, serve: Serve, tmp_path: Path
) -> None:
    """Restarted without --resume: no_session; the page keeps its outbox and retries."""
    join(phone, serve, 1)
    expect(send_answer(phone, "q1", "Voor de herstart")).to_have_attribute("data-state", "saved")
    serve.stop()
    mine = send_answer(phone, "q1", "Getypt terwijl de sessie weg is")
    other = Serve(tmp_path / "other-data", port=serve.port).start()  # a new session, same port
    try:
        expect(phone.locator("#live")).to_contain_text("De sessie is even niet bereikbaar")
        expect(phone.locator("#status")).to_have_attribute("data-conn", "reconnecting")
        expect(phone.locator("#join")).to_be_hidden()
        expect(mine).to_have_attribute("data-state", "pending")
    finally:
        other.stop()
    serve.resume()
    expect(mine).to_have_attribute("data-state", "saved", timeout=30_000)
    assert sorted(shown_texts(leader_view(serve))) == [
        "Getypt terwijl de sessie weg is",
        "Voor de herstart",
    ]
