"""The whole server killed with SIGKILL under load and resumed: no acked answer lost or doubled."""

from __future__ import annotations

import os
import random
from pathlib import Path

from tests.reliability.crash_trial import run_trials

TRIALS = int(os.environ.get("CRASH_SERVER_TRIALS", "3"))


async def test_no_acknowledged_answer_is_lost_when_the_server_is_killed(tmp_path: Path) -> None:
    """Phones with outboxes, kill -9 after a random number of acks, --resume: all acks kept."""
    seed = int(os.environ.get("CRASH_SEED", random.randrange(1 << 30)))
    run = await run_trials(tmp_path, TRIALS, phones=20, seed=seed, first_kill_after=20)
    assert run.ok, f"CRASH_SEED={seed}\n{run.summary()}\n{run.trials}"
    assert len(run.trials) == TRIALS and len(run.acked) >= 20, run.summary()
    assert all(t.restart > 0 for t in run.trials), "every trial restarted the server"


def test_the_trials_make_every_kind_of_change_the_domain_has() -> None:
    """Each command kind is made by a phone or the leader, sent at the end, or server-made:
    a new kind on main fails this until tests/reliability/changes.py makes it too."""
    from dialoogtafel.server.domain.codec import COMMANDS
    from tests.reliability.changes import (
        AT_THE_END,
        LEADER,
        MADE_BY_THE_PHONE,
        PHONE,
        SERVER_MADE,
    )

    made = set(PHONE) | set(LEADER) | MADE_BY_THE_PHONE | AT_THE_END | SERVER_MADE
    assert set(COMMANDS) - made == set(), "no maker for these kinds"
    assert made - set(COMMANDS) == set(), "makers for kinds the domain does not have"
