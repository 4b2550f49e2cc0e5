"""Table tents: one A4 page per table, each QR code decodes to that table's URL."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from dialoogtafel.cli.tents import render_tents
from dialoogtafel.server.domain import QuestionSet, new_session
from dialoogtafel.server.domain.model import Question, Theme
from dialoogtafel.server.storage import SessionStore
from tests.cli.process import dialoog
from tests.kiosk.roomdata import QUESTIONS, THEMED
from tests.qrcodes import qr_texts, svg_image

PUBLIC = "http://127.0.0.1:8123"
SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def decoded(page: str) -> list[str]:
    """Every QR code in the page, rendered to pixels and read by zxing-cpp, in page order."""
    return [text for svg in SVG.findall(page) for text in qr_texts(svg_image(svg, 400, 400))]


def test_each_table_gets_a_page_with_its_number_theme_and_url() -> None:
    """Tables in order, one page each, theme titles, URLs with ?t=N spelled out and in the code."""
    session = new_session("K7Q2", THEMED, 4, at=1.0)
    page = render_tents(session, PUBLIC + "/")
    urls = [f"{PUBLIC}/s/K7Q2?t={n}" for n in range(1, 5)]
    assert decoded(page) == urls
    assert page.count('class="tent"') == 4
    assert "size: A4" in page and "break-after: page" in page
    for n, url in enumerate(urls, 1):
        section = page.split(f'id="table-{n}"')[1].split("</section>")[0]
        assert f"Table {n}" in section and url in section
        assert ("Theme one" if n % 2 else "Theme two") in section


def test_a_set_without_themes_shows_none_and_speaks_its_language() -> None:
    """Dutch set: 'Tafel N', no theme line."""
    page = render_tents(new_session("ABCD", QUESTIONS, 2, at=1.0), PUBLIC)
    assert "Tafel 1" in page and "Tafel 2" in page and 'class="theme"' not in page


def test_titles_are_escaped() -> None:
    """A set's title or theme cannot inject HTML into the page."""
    hostile = QuestionSet(
        id="x",
        title="<script>alert(1)</script>",
        language="nl",
        intro="",
        questions=(Question("q1", "?"),),
        themes=(Theme("t", "<b>thema</b>"),),
    )
    page = render_tents(new_session("ABCD", hostile, 1, at=1.0), PUBLIC)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>thema" not in page and "&lt;b&gt;thema&lt;/b&gt;" in page


def test_dialoog_qr_writes_the_page_for_a_stored_session(tmp_path: Path) -> None:
    """`dialoog qr CODE -o FILE --data DIR --public-url URL` reads the stored session."""
    asyncio.run(SessionStore.create(tmp_path, new_session("K7Q2", THEMED, 3, at=1.0)).close())
    out = tmp_path / "tents.html"
    done = dialoog("qr", "k7q2", "-o", str(out), "--data", str(tmp_path), "--public-url", PUBLIC)
    assert done.returncode == 0, done.stderr
    assert "3 table tent(s)" in done.stdout
    assert decoded(out.read_text()) == [f"{PUBLIC}/s/K7Q2?t={n}" for n in (1, 2, 3)]


def test_dialoog_qr_errors_are_one_line(tmp_path: Path) -> None:
    """An unknown session or a bad URL: one line on stderr, exit 2, no traceback."""
    done = dialoog(
        "qr",
        "NOPE",
        "-o",
        str(tmp_path / "x.html"),
        "--data",
        str(tmp_path),
        "--public-url",
        PUBLIC,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "no session NOPE" in done.stderr and "Traceback" not in done.stderr
    asyncio.run(SessionStore.create(tmp_path, new_session("ABCD", QUESTIONS, 1, at=1.0)).close())
    done = dialoog("qr", "ABCD", "-o", "-", "--data", str(tmp_path), "--public-url", "ftp://x")
    assert done.returncode == 2 and "--public-url must be" in done.stderr
