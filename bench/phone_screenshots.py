"""Screenshots of every phone page state at 390 x 844, from `dialoog serve` and chromium, for docs/.

.venv/bin/python -m bench.phone_screenshots [--out docs/screenshots]

Writes phone-code.png, phone-tables.png, phone-questions.png, phone-pending.png,
phone-saved.png, phone-table-answers.png, phone-voting.png, phone-timer-host.png,
phone-round.png, phone-ended.png and (a premoderated session) phone-waiting.png.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from tempfile import TemporaryDirectory

from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, TIMEOUT, Peer, Serve
from tests.exports.fixtures import ANSWERS

TABLES = 6
TABLE = 2  # where the phone sits
SIZE = {"width": 390, "height": 844}


def shoot(page: Page, out: Path, name: str) -> None:
    """One PNG of what the phone's screen shows now."""
    path = out / f"phone-{name}.png"
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")


def scroll_to(page: Page, selector: str, block: str = "start") -> None:
    """Scroll an element to the top (clear of the sticky status bar: scroll-padding) or end."""
    page.locator(selector).first.evaluate(f"n => n.scrollIntoView({{block: '{block}'}})")


def others(serve: Serve) -> list[Peer]:
    """Phones at every table answer q1 from the exports fixture (the phone's table: later)."""
    peers = {t: Peer.participant(serve, t) for t in range(1, TABLES + 1)}
    for question, table, text, fate in ANSWERS:
        if question == "q1" and table != TABLE and not fate:
            peers[table].answer(question, text)
    return list(peers.values())


def run(out: Path) -> None:
    """Walk one participant through the states and photograph each."""
    out.mkdir(parents=True, exist_ok=True)
    expect.set_options(timeout=TIMEOUT * 1000)
    with TemporaryDirectory() as tmp, sync_playwright() as p:
        serve = Serve(Path(tmp) / "data", tables=TABLES).start()
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport=SIZE, device_scale_factor=1, is_mobile=True, has_touch=True, locale="nl-NL"
        )
        page = context.new_page()
        peers: list[Peer] = []
        try:
            page.goto(serve.base + "/")
            page.locator("#join-code").fill(serve.code)
            shoot(page, out, "code")

            page.goto(serve.page_url())
            expect(page.locator("#chooser")).to_be_visible()
            shoot(page, out, "tables")

            page.locator(f'[data-action="choose-table"][data-table="{TABLE}"]').click()
            expect(page.locator("#seat-h")).to_be_visible()
            page.locator('[data-question="q1"] textarea').fill("Vanuit de cliënt en haar fami")
            page.locator('[data-question="q1"] textarea').blur()
            shoot(page, out, "questions")

            serve.stop()
            expect(page.locator("#status")).to_have_attribute("data-conn", "reconnecting")
            box = page.locator('[data-question="q1"] .answer-form textarea')
            box.fill("Vanuit de cliënt en haar familie: wat heeft het hen opgeleverd?")
            page.locator('[data-question="q1"] button[type=submit]').click()
            expect(page.locator('[data-mine="true"][data-state="pending"]')).to_be_visible()
            box.blur()
            scroll_to(page, '[data-question="q1"] .answers li', "end")
            shoot(page, out, "pending")

            serve.resume()
            expect(page.locator('[data-mine="true"]')).to_have_attribute("data-state", "saved")
            expect(page.locator("#live")).to_have_text("Antwoord opgeslagen.")
            scroll_to(page, '[data-question="q1"] .answers li', "end")
            shoot(page, out, "saved")

            peers = others(serve)
            leader = Peer(serve)
            peers.append(leader)
            table_peer = Peer.participant(serve, TABLE)
            peers.append(table_peer)
            mine = [t for q, n, t, f in ANSWERS if q == "q1" and n == TABLE]
            for text in mine:
                table_peer.answer("q1", text)
            leader.control("highlight", answer=table_peer.answer("q1", "Samen met het team."))
            expect(page.locator('[data-question="q1"] .answers li')).to_have_count(len(mine) + 2)
            scroll_to(page, '[data-question="q1"] .answers-h')
            shoot(page, out, "table-answers")

            leader.control("voting", question="q1", on=True, votes_per_device=3)
            expect(page.locator("#voting")).to_be_visible()
            page.locator('[data-action="vote"]').nth(1).click()
            expect(page.locator("#votes-left")).to_have_attribute("data-left", "2")
            scroll_to(page, "#voting")
            shoot(page, out, "voting")

            leader.control("voting", question="q1", on=False)
            options = ["Tijd in het rooster", "Minder regels", "Een vast aanspreekpunt"]
            text = "Wat helpt u het meest? Kies er twee."
            leader.control("ask", kind="choice", text=text, options=options, max_picks=2)
            leader.control("focus", question="q5")
            poll = page.locator('[data-question="q5"]')
            poll.locator(".poll-option", has_text="Minder regels").locator("label").click()
            poll.locator(".poll-option", has_text="Een vast").locator("label").click()
            expect(poll.locator(".poll-state")).to_have_attribute("data-state", "saved")
            for n, peer in enumerate(peers[:3]):
                peer.change({"type": "response", "id": f"shot-{n}", "question": "q5",
                             "picks": [n % 3]})  # fmt: skip
            leader.control("reveal", question="q5", on=True)
            expect(poll.locator(".results-total")).to_have_text("4 reacties")
            scroll_to(page, '[data-question="q5"]')
            shoot(page, out, "poll")

            mover = context.browser.new_context(  # type: ignore[union-attr]
                viewport=SIZE, device_scale_factor=1, is_mobile=True, has_touch=True, locale="nl-NL"
            ).new_page()
            mover.goto(serve.page_url("?t=3"))
            expect(mover.locator("#seat-h")).to_be_visible()
            leader.control("timer", timer="start", seconds=15 * 60, question="q1")
            page.locator("#host-toggle").click()
            expect(page.locator("#status")).to_have_attribute("data-pending", "0")
            page.evaluate("window.scrollTo(0, 0)")
            expect(page.locator("#timer-left")).to_have_text(re.compile(r"^1[45]:\d\d$"))
            shoot(page, out, "timer-host")

            leader.control("next_round")
            expect(mover.locator("#round-text")).to_contain_text("Kies opnieuw je tafel")
            mover.evaluate("window.scrollTo(0, 0)")
            shoot(mover, out, "round")
            mover.context.close()

            leader.control("end")
            expect(page.locator("#ended")).to_be_visible()
            page.evaluate("window.scrollTo(0, 0)")
            shoot(page, out, "ended")
            waiting(out, Path(tmp), context.browser)  # type: ignore[arg-type]
        finally:
            for peer in peers:
                peer.close()
            context.close()
            browser.close()
            serve.terminate()


def waiting(out: Path, tmp: Path, browser: Browser) -> None:
    """A premoderated session: the own answer waits for the session leader."""
    serve = Serve(tmp / "premoderated", tables=TABLES, options=("--premoderate",)).start()
    context = browser.new_context(
        viewport=SIZE, device_scale_factor=1, is_mobile=True, has_touch=True, locale="nl-NL"
    )
    try:
        page = context.new_page()
        page.goto(serve.page_url(f"?t={TABLE}"))
        box = page.locator('[data-question="q1"] .answer-form textarea')
        box.fill("Eerst samen met de cliënt kijken wat er nodig is.")
        page.locator('[data-question="q1"] button[type=submit]').click()
        expect(page.locator('[data-mine="true"]')).to_have_attribute("data-state", "waiting")
        box.blur()
        scroll_to(page, '[data-question="q1"] .answers li', "end")
        shoot(page, out, "waiting")
    finally:
        context.close()
        serve.terminate()


def main() -> None:
    """Parse the options and take the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    run(parser.parse_args().out)


if __name__ == "__main__":
    main()
