"""The collector's settings: start-up frozen, full collections rarer, one in a lull when due."""

from __future__ import annotations

import gc

from dialoogtafel.server import gcpolicy
from dialoogtafel.server.gcpolicy import THRESHOLDS, Tidy, settle


def test_settle_freezes_what_start_up_made_and_sets_the_thresholds() -> None:
    """After settle the collector walks none of today's objects and full runs are rarer."""
    before = gc.get_threshold()
    try:
        assert settle() > 1000 and gc.get_freeze_count() > 1000
        assert gc.get_threshold() == THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_a_full_collection_is_due_only_when_stale_and_quiet() -> None:
    """Due after TIDY_EVERY without one and QUIET seconds without a change (after three times
    that, lull or not); a full collection the collector ran by itself resets the clock."""
    now = [1000.0]
    quiet = [0.0]
    tidy = Tidy(lambda: quiet[0], clock=lambda: now[0])
    try:
        now[0] += gcpolicy.TIDY_EVERY + 1
        assert not tidy.due()  # answers still coming
        quiet[0] = gcpolicy.QUIET
        assert tidy.due()
        gc.collect()  # a full collection, wherever it came from
        assert not tidy.due() and tidy.last_full == now[0]
        quiet[0] = 0.0
        now[0] += 3 * gcpolicy.TIDY_EVERY
        assert tidy.due()  # long enough: lull or not
    finally:
        gc.callbacks.remove(tidy._seen)
