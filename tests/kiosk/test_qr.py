"""The QR widget's drawing: fit, quiet zone, explicit black on white."""

from __future__ import annotations

from dialoogtafel.kiosk.qr import BLACK, WHITE, fit, qr_lines, qr_matrix

URL = "http://192.168.1.23:8080/s/ABCD"


def test_a_short_join_url_stays_a_small_version() -> None:
    """A host:port/s/CODE URL is version 2-4 (25-33 modules), so modules can be big."""
    assert 25 <= len(qr_matrix(URL)) <= 33


def test_fit_prefers_the_largest_scale_then_the_wider_quiet_zone() -> None:
    """Scale first, quiet zone 4 when it fits at that scale, else 2; None when nothing fits."""
    assert fit(29, 144, 60) == (3, 4)  # 111 columns, 56 rows
    assert fit(29, 144, 67) == (4, 2)  # 132 columns, 66 rows
    assert fit(29, 100, 50) == (3, 2)  # 99 columns: quiet zone 4 would need 111
    assert fit(29, 72, 30) == (1, 4)
    assert fit(29, 33, 17) == (1, 2)
    assert fit(29, 30, 40) is None


def test_every_cell_is_explicitly_black_or_white() -> None:
    """No default colours: each segment says black on white, or black on black when full."""
    lines = qr_lines(qr_matrix(URL), 1, 2)
    for line in lines:
        for seg in line:
            assert seg.style is not None
            assert seg.style.color is not None and seg.style.bgcolor is not None
            fg, bg = seg.style.color.triplet, seg.style.bgcolor.triplet
            assert fg is not None and bg is not None
            assert fg.hex == BLACK and bg.hex in (BLACK, WHITE)
            assert set(seg.text) <= {" ", "▀", "▄", "█"}


def test_the_quiet_zone_is_blank_and_the_size_is_exact() -> None:
    """Two modules of white all round at scale 1: one blank top row and two blank columns."""
    matrix = qr_matrix(URL)
    lines = qr_lines(matrix, 1, 2)
    side = len(matrix) + 4
    assert len(lines) == (side + 1) // 2
    texts = ["".join(s.text for s in line) for line in lines]
    assert all(len(t) == side for t in texts)
    assert texts[0].strip() == ""
    assert all(t[:2] == "  " and t[-2:] == "  " for t in texts)
    assert texts[1][2] == "█"  # the finder pattern's corner: both halves dark


def test_scale_two_draws_each_module_as_whole_cells() -> None:
    """At scale 2 a module is two columns by one row: no half blocks at all."""
    lines = qr_lines(qr_matrix(URL), 2, 4)
    assert {ch for line in lines for seg in line for ch in seg.text} <= {" ", "█"}
