"""Text from the network is shown as it is: never markup, never a terminal control."""

from __future__ import annotations

import pytest

from dialoogtafel.kiosk.plain import clean, plain


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("[bold]x[/]", "[bold]x[/]"),
        ("[link=http://e]x[/link]", "[link=http://e]x[/link]"),
        ("\x1b[31mrood", "␛[31mrood"),
        ("a\x07b\x00c", "a␇b␀c"),
        ("a\tb", "a b"),
        ("twee\nregels", "twee\nregels"),
        ("\u202eevil\u202c", "evil"),
        ("x\x85y\x9bz", "x\ufffdy\ufffdz"),
        ("👩‍👩‍👧 samen", "👩‍👩‍👧 samen"),
        ("مرحبا שלום", "مرحبا שלום"),
    ],
)
def test_clean_keeps_text_and_makes_controls_visible(raw: str, shown: str) -> None:
    """Markup stays literal, controls become pictures, bidi overrides go, the rest is kept."""
    assert clean(raw) == shown
    assert plain(raw).plain == shown


def test_plain_is_never_markup() -> None:
    """A Rich Text made by plain() carries no style from the text itself."""
    text = plain("[bold red]x[/]")
    assert text.plain == "[bold red]x[/]" and not text.spans


def test_plain_cuts_long_text_with_an_ellipsis() -> None:
    """A 1,000-character answer is cut to the limit on a card."""
    text = plain("a" * 1000, limit=280)
    assert len(text.plain) == 280 and text.plain.endswith("…")


def test_clean_turns_anything_into_a_string() -> None:
    """A number or None from a careless server becomes text, not a crash."""
    assert clean(None) == "" and clean(12) == "12"
