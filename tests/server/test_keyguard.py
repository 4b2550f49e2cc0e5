"""The wrong-key guard on its own, with a clock the test turns."""

from __future__ import annotations

from dialoogtafel.server.keyguard import FORGET, KeyGuard


class Clock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_pauses_start_after_the_free_ones_double_and_stop_at_the_cap() -> None:
    """3 free; then 1, 2, 4, 8 s ... never more than the cap."""
    clock = Clock()
    guard = KeyGuard(free=3, first=1.0, cap=5.0, clock=clock)
    for _ in range(3):
        guard.failed()
        assert guard.wait() == 0.0
    pauses = []
    for _ in range(5):
        guard.failed()
        pauses.append(guard.wait())
        clock.now += guard.wait()  # waited out, then wrong again
    assert pauses == [1.0, 2.0, 4.0, 5.0, 5.0]
    assert guard.retry_after() >= 1


def test_the_count_is_forgotten_after_a_quiet_while() -> None:
    """No wrong key for FORGET seconds: the free ones are free again."""
    clock = Clock()
    guard = KeyGuard(free=2, clock=clock)
    for _ in range(3):
        guard.failed()
    assert guard.wait() > 0
    clock.now += FORGET + 1
    guard.failed()
    assert guard.wait() == 0.0 and guard.failures == 1
