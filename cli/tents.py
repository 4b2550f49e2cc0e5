"""Table tents: a printable A4 page per table with its number, theme and QR code."""

from __future__ import annotations

import html

import qrcode
import qrcode.constants
import qrcode.image.svg

from dialoogtafel.server.domain import Session
from dialoogtafel.server.protocol.urls import join_url

TENT_TEXTS = {
    "nl": {"table": "Tafel", "scan": "Scan de code om mee te doen", "or": "of ga naar"},
    "en": {"table": "Table", "scan": "Scan the code to take part", "or": "or go to"},
}

STYLE = """
@page { size: A4 portrait; margin: 15mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; }
.tent {
  height: 267mm; display: flex; flex-direction: column; align-items: center;
  justify-content: center; text-align: center; page-break-after: always; break-after: page;
}
.tent:last-child { page-break-after: auto; break-after: auto; }
.title { font-size: 14pt; margin: 0 0 6mm; }
.number { font-size: 96pt; font-weight: bold; line-height: 1; margin: 0; }
.theme { font-size: 22pt; font-weight: bold; margin: 4mm 0 0; }
.qr svg { width: 120mm; height: 120mm; margin: 10mm 0 6mm; }
.scan { font-size: 16pt; margin: 0; }
.url { font-family: "DejaVu Sans Mono", "Courier New", monospace; font-size: 18pt;
  font-weight: bold; margin: 2mm 0 0; overflow-wrap: anywhere; }
"""


def qr_svg(data: str, ident: str) -> str:
    """An inline SVG QR code: black modules on its own white background, error correction M."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
    )
    raw = image.to_string(encoding="unicode")
    svg = raw.decode() if isinstance(raw, bytes) else str(raw)
    return svg.replace('id="qr-path"', f'id="{ident}"')  # ids unique in the page


def tent(session: Session, public_url: str, table: int) -> str:
    """One page: the table's number, its theme where the set has themes, the code and URL."""
    t = TENT_TEXTS.get(session.questions.language, TENT_TEXTS["nl"])
    url = join_url(public_url, session.code, table)
    theme_id = session.tables.get(table)
    theme = session.questions.theme(theme_id) if theme_id else None
    parts = [
        f'<section class="tent" id="table-{table}">',
        f'<p class="title">{html.escape(session.title)}</p>',
        f'<p class="number">{t["table"]} {table}</p>',
    ]
    if theme is not None:
        parts.append(f'<p class="theme">{html.escape(theme.title)}</p>')
    parts += [
        f'<div class="qr">{qr_svg(url, f"qr-table-{table}")}</div>',
        f'<p class="scan">{t["scan"]} {t["or"]}</p>',
        f'<p class="url">{html.escape(url)}</p>',
        "</section>",
    ]
    return "\n".join(parts)


def render_tents(session: Session, public_url: str) -> str:
    """The printable HTML page: one A4 tent per table, in table order."""
    language = session.questions.language
    t = TENT_TEXTS.get(language, TENT_TEXTS["nl"])
    pages = "\n".join(tent(session, public_url, n) for n in sorted(session.tables))
    title = html.escape(f"{session.title} · {t['table']} QR · {session.code}")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{pages}\n</body>\n</html>\n"
    )
