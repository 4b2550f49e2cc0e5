"""Joining: the code form, /s/CODE, choosing a table, ?t=N, an answer saved across a reload."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import PhoneFactory
from tests.browser.harness import Serve, leader_view
from tests.browser.phone import join, send_answer


def tables_of(serve: Serve, text: str) -> list[int]:
    """The table of every stored answer with this text, as the leader sees them."""
    return [a["table"] for a in leader_view(serve)["answers"] if a["text"] == text]


def test_the_code_form_at_the_root_leads_to_the_session(phone: Page, module_serve: Serve) -> None:
    """`/` asks for the code; typed in lower case with a space it opens /s/CODE."""
    phone.goto(module_serve.base + "/")
    expect(phone.locator("#join")).to_be_visible()
    code = module_serve.code.lower()
    phone.locator("#join-code").fill(code[:2] + " " + code[2:])
    phone.locator("#join-form button[type=submit]").click()
    expect(phone).to_have_url(module_serve.page_url())
    expect(phone.locator("#chooser")).to_be_visible()


def test_an_unknown_code_shows_the_form_with_an_error(phone: Page, module_serve: Serve) -> None:
    """A code with no session stops connecting and says so next to the field."""
    phone.goto(module_serve.base + "/s/ZZZZ")
    expect(phone.locator("#join-error")).to_contain_text("geen sessie met code ZZZZ")
    expect(phone.locator("#status")).to_have_attribute("data-conn", "stopped")


def test_join_choose_answer_saved_and_kept_after_reload(phone: Page, module_serve: Serve) -> None:
    """/s/CODE, table 2, an answer confirmed as saved, and still there after a reload."""
    phone.goto(module_serve.page_url())
    expect(phone.locator("#status")).to_have_attribute("data-conn", "open")
    expect(phone.locator("#chooser")).to_be_visible()
    expect(phone.locator('[data-action="choose-table"]')).to_have_count(3)
    phone.locator('[data-action="choose-table"][data-table="2"]').click()
    expect(phone.locator("#seat-h")).to_have_text("Je zit aan tafel 2")
    mine = send_answer(phone, "q1", "Meer tijd voor gesprekken met bewoners")
    expect(mine).to_have_attribute("data-state", "saved")
    expect(mine.locator(".answer-status")).to_have_text("opgeslagen")
    expect(phone.locator("#live")).to_have_text("Antwoord opgeslagen.")
    expect(phone.locator("#status")).to_have_attribute("data-pending", "0")

    phone.reload()
    expect(phone.locator("#seat-h")).to_have_text("Je zit aan tafel 2")
    mine = phone.locator('[data-question="q1"] [data-mine="true"]')
    expect(mine).to_have_count(1)
    expect(mine).to_have_attribute("data-state", "saved")
    expect(mine.locator(".answer-text")).to_have_text("Meer tijd voor gesprekken met bewoners")
    stored = tables_of(module_serve, "Meer tijd voor gesprekken met bewoners")
    assert stored == [2]


def test_t_in_the_address_chooses_the_table(phones: PhoneFactory, module_serve: Serve) -> None:
    """/s/CODE?t=3 seats the phone at table 3 without the chooser, then drops ?t."""
    phone = phones()
    phone.goto(module_serve.page_url("?t=3"))
    expect(phone.locator("#seat-h")).to_have_text("Je zit aan tafel 3")
    expect(phone.locator("#chooser")).to_be_hidden()
    expect(phone).to_have_url(module_serve.page_url())
    send_answer(phone, "q1", "Aan tafel drie")
    expect(phone.locator('[data-mine="true"]')).to_have_attribute("data-state", "saved")
    assert tables_of(module_serve, "Aan tafel drie") == [3]

    other = phones()  # a second phone, moved by a table tent's QR code
    join(other, module_serve, 1)
    other.goto(module_serve.page_url("?t=2"))
    expect(other.locator("#seat-h")).to_have_text("Je zit aan tafel 2")
