"""QR codes read back from pixels, with wheels only: resvg renders SVG, zxing-cpp decodes.

Textual's screenshot names a web font; the half blocks (▀) of the kiosk's QR code need a monospace
font with block glyphs, so the SVG is rendered with DejaVu Sans Mono from tests/data/fonts/ (its
licence beside it) and no system fonts: the same pixels on every machine.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import resvg_py
import zxingcpp
from PIL import Image

FONT = Path(__file__).resolve().parent / "data" / "fonts" / "DejaVuSansMono.ttf"
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
FONT_FAMILY = re.compile(r"font-family:[^;\"]*;")
ROOT_SIZE = re.compile(r'(<svg\b[^>]*?)\s(width|height)="[^"]*"')


def svg_image(svg: str, width: int | None = None, height: int | None = None) -> Image.Image:
    """An SVG rendered to pixels, its text in DejaVu Sans Mono."""
    if width is not None and height is not None:  # resvg reads no mm: the root gets pixels
        while ROOT_SIZE.search(svg):
            svg = ROOT_SIZE.sub(r"\1", svg, count=1)
        svg = svg.replace("<svg", f'<svg width="{width}" height="{height}"', 1)
    svg = FONT_FACE.sub("", svg)
    svg = FONT_FAMILY.sub("font-family: DejaVu Sans Mono;", svg)
    png = resvg_py.svg_to_bytes(
        svg_string=svg,
        width=width,
        height=height,
        background="#ffffff",
        skip_system_fonts=True,
        font_files=[str(FONT)],
        font_family="DejaVu Sans Mono",
        monospace_family="DejaVu Sans Mono",
    )
    return Image.open(io.BytesIO(bytes(png))).convert("RGB")


def qr_texts(image: Image.Image) -> list[str]:
    """The text of every QR code found in the image, in reading order."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [code.text for code in found]
