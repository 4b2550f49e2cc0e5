"""The socket side of the kiosk: frames in and out, reconnect delays, which refusals are final."""

from __future__ import annotations

import json
import random
from collections.abc import Generator
from typing import Any

# A refusal that another try cannot fix: the kiosk stops and says so.
FINAL_ERRORS = frozenset({"bad_token", "no_session"})
MAX_INBOUND = 64 * 1024 * 1024  # a welcome of a big session is far over a phone's 16 KiB frames


def decode(raw: str | bytes) -> dict[str, Any] | None:
    """One server frame as a dict with a string `type`, or None for anything else."""
    if not isinstance(raw, str):
        return None
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        return None
    return data


def reconnect_delays() -> Generator[float]:
    """Growing waits with jitter, capped near 10 s (PROTOCOL.md, Reconnecting)."""
    delay = 0.5
    while True:
        yield delay * random.uniform(0.8, 1.2)
        delay = min(delay * 1.8, 10.0)
