"""The cycle collector, set for a server that holds a large, long-lived heap.

CPython's full collections walk every tracked object. A server's heap is mostly what start-up
made (modules, question sets, a session brought back) and what lives as long as a connection
(some 90 objects a phone): at 19,000 phones a full collection held the event loop for 0.3 s,
and while phones kept connecting the heap grew by a quarter again and again, so one came
every few seconds (docs/benchmarks.md, "Scale").

- After start-up everything that exists is frozen (`gc.freeze()`): the collector never walks
  it again; reference counting still frees it.
- Full collections are asked for ten times less often (`THRESHOLDS`: after 100 collections of
  the middle generation instead of 10; CPython's own rule still waits until the old objects
  grew by a quarter), so a room filling up costs a few of them instead of dozens.
- So that cyclic garbage (a closed connection leaves a few dozen objects in cycles) never waits
  long, `Tidy` runs one full collection itself when none ran for TIDY_EVERY seconds and the
  server has been quiet (no change, no new client) for QUIET seconds: between questions, not
  while answers arrive.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

THRESHOLDS = (700, 10, 100)  # CPython's defaults are (700, 10, 10)
TIDY_EVERY = 300.0  # seconds: at most this long without a full collection, given a lull
QUIET = 2.0  # seconds without a stored change that count as a lull
CHECK = 5.0  # seconds between looks


def settle() -> int:
    """Collect once, freeze every object start-up left, set THRESHOLDS; how many were frozen."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    frozen = gc.get_freeze_count()
    log.info("start-up objects frozen for the collector: %d", frozen)
    return frozen


class Tidy:
    """Runs a full collection in a lull when the collector has not run one for a while."""

    def __init__(self, quiet_for: Callable[[], float], clock: Callable[[], float] = time.monotonic):
        """`quiet_for()`: seconds since the last change stored on the server."""
        self.quiet_for = quiet_for
        self.clock = clock
        self.last_full = clock()
        self.tidied = 0  # full collections run here
        gc.callbacks.append(self._seen)

    def _seen(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "stop" and info["generation"] == 2:
            self.last_full = self.clock()

    def due(self) -> bool:
        """Whether a full collection is due now."""
        waited = self.clock() - self.last_full
        return waited >= 3 * TIDY_EVERY or (waited >= TIDY_EVERY and self.quiet_for() >= QUIET)

    async def run(self) -> None:
        """Look every CHECK seconds, for as long as the server runs."""
        try:
            while True:
                await asyncio.sleep(CHECK)
                if self.due():
                    began = self.clock()
                    found = gc.collect()
                    self.tidied += 1
                    took = 1000 * (self.clock() - began)
                    log.info("full collection in a lull: %d found, %.0f ms", found, took)
        finally:
            gc.callbacks.remove(self._seen)
