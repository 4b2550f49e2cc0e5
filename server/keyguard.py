"""Wrong organizer keys and /api/ tokens slow everyone down, in memory, knowing nobody.

After `free` wrong keys, every further one starts a pause that doubles each time (`first` s up
to `cap` s; `Hosted.wrong_keys_*`) during which no key is checked at all: a `create` gets
`rate_limited`, an /api/ request 429 with Retry-After. The count is forgotten after FORGET s
without a wrong key. Nothing about the sender is kept or logged (no address, no key): whoever is
guessing, the guessing stays slow. The price is that the real organizer waits out a pause too,
at most `cap` s at a time.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

FORGET = 600.0  # seconds without a wrong key after which the count starts again


class KeyGuard:
    """Counts wrong keys; says how long no key is checked."""

    def __init__(
        self,
        free: int = 10,
        first: float = 1.0,
        cap: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free, self.first, self.cap = free, first, cap
        self._clock = clock
        self.failures = 0
        self._last = -math.inf
        self._until = -math.inf

    def wait(self) -> float:
        """Seconds until keys are checked again (0.0: now)."""
        return max(0.0, self._until - self._clock())

    def retry_after(self) -> int:
        """The pause in whole seconds, for a Retry-After header (at least 1)."""
        return max(1, math.ceil(self.wait()))

    def failed(self) -> None:
        """One more wrong key."""
        now = self._clock()
        if now - self._last > FORGET:
            self.failures = 0
        self.failures += 1
        self._last = now
        if self.failures > self.free:
            pause = min(self.cap, self.first * 2 ** min(64, self.failures - self.free - 1))
            self._until = now + pause
            log.warning(
                "wrong keys: %d in a row; no key is checked for %.0f s", self.failures, pause
            )
