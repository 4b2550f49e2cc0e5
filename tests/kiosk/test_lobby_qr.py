"""The lobby's QR code scans: the kiosk's own screenshot, rendered to pixels, decodes to the URL."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import cairosvg
import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from tests.kiosk.conftest import Kiosk
from tests.kiosk.roomdata import JOIN, TOKEN, Room, until

MONO_FONTS = ("DejaVu Sans Mono", "Noto Sans Mono", "Liberation Mono")


def block_font() -> str:
    """An installed monospace font with block glyphs (the screenshot names Fira Code)."""
    if shutil.which("fc-list"):
        installed = subprocess.run(
            ["fc-list", ":spacing=mono", "family"], capture_output=True, text=True, check=False
        ).stdout
        for font in MONO_FONTS:
            if font in installed:
                return font
    return "monospace"


def screenshot_png(svg: str) -> Image.Image:
    """Textual's SVG with a local block font (no web font fetched), rendered by cairosvg."""
    svg = re.sub(r"@font-face\s*\{[^}]*\}", "", svg)
    svg = re.sub(r"font-family:[^;\"]*;", f"font-family: {block_font()};", svg)
    return Image.open(io.BytesIO(cairosvg.svg2png(bytestring=svg.encode())))


@pytest.mark.parametrize(
    ("size", "scale"), [((160, 50), 2), ((120, 35), 2), ((240, 67), 3), ((80, 24), 1)]
)
async def test_the_lobby_qr_code_decodes_to_the_join_url(size: tuple[int, int], scale: int) -> None:
    """Screenshot -> PNG -> zbar gives exactly the join URL, at projector sizes."""
    kiosk = Kiosk()
    async with kiosk.app.run_test(size=size) as pilot:
        kiosk.feed(Room().welcome())
        await until(pilot, lambda: kiosk.app.state.welcomed, "welcome")
        await pilot.pause()
        qr = kiosk.app.screen.query_one("#lobby-qr")
        assert qr.fitted()[0] == scale
        svg = kiosk.app.export_screenshot()
    assert TOKEN not in svg
    found = decode(screenshot_png(svg))
    assert [d.data.decode() for d in found] == [JOIN]
