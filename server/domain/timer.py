"""The leader's countdown: start, pause, resume, extend and stop, in server time."""

from __future__ import annotations

from dataclasses import replace

from dialoogtafel.server.domain import limits
from dialoogtafel.server.domain.commands import SetTimer
from dialoogtafel.server.domain.events import Ok, Rejected, StateChanged
from dialoogtafel.server.domain.model import Session, Timer


def remaining(timer: Timer, at: float) -> float:
    """Seconds left at time `at` (never below zero)."""
    if timer.ends_at is None:
        return timer.remaining
    return max(0.0, timer.ends_at - at)


def _changed(t: Timer | None, cmd: SetTimer, at: float) -> Timer | Rejected | None:
    """The timer after the action; the same object when the action changes nothing."""
    match cmd.action:
        case "start":
            return Timer(cmd.seconds, cmd.seconds, at + cmd.seconds, cmd.question)
        case "stop":
            return None
        case "pause" if t is not None and t.ends_at is not None:
            return replace(t, remaining=remaining(t, at), ends_at=None)
        case "resume" if t is not None and t.ends_at is None:
            return replace(t, ends_at=at + t.remaining)
        case "extend" if t is not None:
            longer = t.duration + cmd.seconds
            if t.ends_at is None:
                return replace(t, duration=longer, remaining=t.remaining + cmd.seconds)
            # an expired timer extended runs again from now
            return replace(t, duration=longer, ends_at=max(t.ends_at, at) + cmd.seconds)
        case "extend":
            return Rejected("closed", cmd.id)
        case "pause" | "resume":
            return t
    return Rejected("bad_message", cmd.id)


def set_timer(s: Session, cmd: SetTimer, at: float) -> Ok | Rejected:
    """Change the room's countdown; pausing a paused or stopping no timer changes nothing."""
    if cmd.action in ("start", "extend") and not 1 <= cmd.seconds <= limits.MAX_TIMER_SECONDS:
        return Rejected("bad_message", cmd.id)
    if cmd.question is not None and s.questions.question(cmd.question) is None:
        return Rejected("bad_message", cmd.id)
    timer = _changed(s.state.timer, cmd, at)
    if isinstance(timer, Rejected):
        return timer
    if timer is s.state.timer:
        return Ok(s)
    state = replace(s.state, timer=timer)
    return Ok(replace(s, state=state), (StateChanged(state),))
