"""The room's countdown as the kiosk keeps it: the server's `remaining`, on our own clock."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class TimerInfo:
    """The room's countdown as this kiosk counts it: `deadline` on its own monotonic clock."""

    duration: float
    remaining: float  # seconds left when the message came
    running: bool
    deadline: float  # time.monotonic() when it runs out (running) or would (paused: unused)
    question: str | None = None

    def left(self, now: float) -> float:
        """Seconds left at monotonic time `now`."""
        return max(0.0, self.deadline - now) if self.running else self.remaining


def timer_info(data: Any) -> TimerInfo | None:
    """The countdown counted from now: the server's `remaining` needs no clock of ours."""
    if not isinstance(data, Mapping):
        return None
    remaining = float(data["remaining"])
    return TimerInfo(
        duration=float(data.get("duration", remaining)),
        remaining=remaining,
        running=bool(data.get("running")),
        deadline=time.monotonic() + remaining,
        question=None if data.get("question") is None else str(data["question"]),
    )


def clock_text(seconds: float) -> str:
    """Seconds left as m:ss (h:mm:ss past an hour), rounded up so 0:00 means the end."""
    whole = math.ceil(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
