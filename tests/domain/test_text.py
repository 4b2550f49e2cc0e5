"""Text at the door: the quick paths clean exactly as the full normalization and filter do."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from dialoogtafel.server.domain.text import _UNWANTED, clean_text

# what the door's characters are made of: ASCII, Latin with combining marks, controls (C0, C1,
# DEL), bidi overrides and isolates, lone surrogates, other spaces and format characters
PIECES = st.one_of(
    st.characters(max_codepoint=0x24F),
    st.sampled_from([*"\u0301\u0308\u202a\u202e\u2066\u2069\u200b\ufeff\u00a0\u3000\U0001f600"]),
    st.sampled_from(["\ud800", "\udfff", "\x1b", "\x7f", "\x85", "\t", "\n", "\r"]),
)


def full(raw: str) -> str:
    """The definition: NFC, then every unwanted character removed, then stripped."""
    return _UNWANTED.sub("", unicodedata.normalize("NFC", raw)).strip()


@given(st.lists(PIECES, max_size=20).map("".join))
def test_clean_text_is_the_full_cleaning(raw: str) -> None:
    assert clean_text(raw) == full(raw)


def test_hostile_text_loses_its_controls_and_overrides() -> None:
    assert clean_text(" e\u0301\u202eevil\x1b[31m\ud800 ") == "é" + "evil[31m"
    assert clean_text("regel 1\nregel 2\t!") == "regel 1\nregel 2\t!"
