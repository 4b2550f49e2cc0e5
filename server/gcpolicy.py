"""The cycle collector, set for a server that holds a large, long-lived heap.

CPython's full collections walk every tracked object; a server's heap is mostly what start-up
made (modules, question sets, a session brought back) and what lives as long as a connection.
After start-up everything that exists is frozen (`gc.freeze()`): the collector never walks it
again, and reference counting still frees it when it goes.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)


def settle() -> int:
    """Collect once, then freeze every object start-up left; how many were frozen."""
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    log.info("start-up objects frozen for the collector: %d", frozen)
    return frozen
