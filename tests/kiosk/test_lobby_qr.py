"""The lobby's QR code scans: the kiosk's own screenshot, rendered to pixels, decodes to the URL."""

from __future__ import annotations

import pytest

from tests.kiosk.conftest import Kiosk
from tests.kiosk.roomdata import JOIN, TOKEN, Room, until
from tests.qrcodes import qr_texts, svg_image


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
    assert qr_texts(svg_image(svg)) == [JOIN]
