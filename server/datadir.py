"""The user's data folder, where sessions live by default (light: the CLI reads it for --help)."""

from __future__ import annotations

from pathlib import Path

import platformdirs


def default_data_dir() -> Path:
    """The user's data folder for Dialoogtafel (platformdirs), where sessions live by default."""
    return Path(platformdirs.user_data_dir("dialoogtafel"))
