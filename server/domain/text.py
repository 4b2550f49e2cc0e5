"""Participant text at the door: normalized, cleaned of controls and bidi overrides, bounded."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls (ESC included) except tab and newline; DEL; bidi overrides and isolates;
# lone surrogates (a JSON "\ud800" escape), which no UTF-8 file can hold.
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean_text(raw: str) -> str:
    """NFC, without control characters or bidi overrides/isolates, stripped at both ends.

    Most answers need neither step: ASCII text is already NFC, and printable text (controls,
    bidi marks and surrogates are not printable) holds nothing to remove; each answer reaches
    the server cold, and the normalizer's and the regex engine's code cost the most then."""
    text = raw if raw.isascii() else unicodedata.normalize("NFC", raw)
    if not text.isprintable():
        text = _UNWANTED.sub("", text)
    return text.strip()
