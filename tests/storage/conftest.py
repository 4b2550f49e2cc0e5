"""Fixtures for storage tests: a data folder and a created store that is always closed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from dialoogtafel.server.storage import SessionStore
from tests.storage.sample import make_session


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder."""
    return tmp_path / "data"


@pytest.fixture
async def store(data_dir: Path) -> AsyncIterator[SessionStore]:
    """A freshly created session store, closed after the test."""
    s = SessionStore.create(data_dir, make_session(), fold_interval=0.05)
    yield s
    await s.close()
