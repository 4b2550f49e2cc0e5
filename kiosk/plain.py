"""Text from the network, made safe to draw: never markup, never a terminal control."""

from __future__ import annotations

import re

from rich.text import Text

# C0 and C1 controls except newline; bidi embeddings, overrides and isolates. A server elsewhere
# may be less careful than ours, so the kiosk cleans again before anything reaches the terminal.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if ch == "\t":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control picture, e.g. ESC -> ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0x9F:
        return "\ufffd"
    return ""  # bidi controls: dropped, as the server does


def clean(s: object) -> str:
    """Any value as a string a terminal shows as it is: controls become visible pictures."""
    text = s if isinstance(s, str) else ("" if s is None else str(s))
    return _CONTROL.sub(_picture, text)


def plain(s: object, style: str = "", *, limit: int | None = None) -> Text:
    """Participant text as a Rich Text: literal, cleaned, optionally cut to `limit` characters."""
    text = clean(s)
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "…"
    return Text(text, style=style)
