"""Markers by folder, so that `pytest -m "not browser and not slow"` is the fast inner loop."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
BROWSER = ("browser",)  # chromium via Playwright
SLOW = ("reliability", "bench", "test_wheel.py")  # kill -9 trials, bench smoke runs, a wheel build


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by where it lives: browser tests drive chromium; slow ones take minutes."""
    for item in items:
        parts = Path(item.path).resolve().relative_to(TESTS).parts
        if parts[0] in BROWSER:
            item.add_marker(pytest.mark.browser)
        if parts[0] in SLOW:
            item.add_marker(pytest.mark.slow)
