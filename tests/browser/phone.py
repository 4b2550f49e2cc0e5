"""What a person does on the phone page, in Playwright steps, through its documented hooks."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.browser.harness import Serve


def join(page: Page, serve: Serve, table: int) -> None:
    """Open the session's page and sit at a table."""
    page.goto(serve.page_url())
    page.locator(f'[data-action="choose-table"][data-table="{table}"]').click()
    expect(page.locator("#seat-h")).to_have_text(f"Je zit aan tafel {table}")


def own_answer(page: Page, text: str) -> Locator:
    """The phone's own answer with exactly this text."""
    exact = re.compile("^" + re.escape(text) + "$")
    return page.locator('[data-mine="true"]').filter(
        has=page.locator(".answer-text", has_text=exact)
    )


def send_answer(page: Page, question: str, text: str) -> Locator:
    """Type an answer and send it; the own answer's list item."""
    page.locator(f'[data-question="{question}"] .answer-form textarea').fill(text)
    page.locator(f'[data-question="{question}"] .answer-form button[type=submit]').click()
    return own_answer(page, text)


def answer_texts(page: Page, question: str) -> list[str]:
    """The textContent of every answer shown under a question, in order."""
    texts: list[str] = page.locator(
        f'[data-question="{question}"] .answers .answer-text'
    ).evaluate_all("nodes => nodes.map(n => n.textContent)")
    return texts
