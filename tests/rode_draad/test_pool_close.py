"""Closing the placement pool abandons a running job: the server's process ends at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_process_whose_worker_runs_a_long_job_exits_at_once_after_close(tmp_path: Path) -> None:
    started = tmp_path / "started"
    proc = subprocess.run(
        [sys.executable, "-m", "tests.rode_draad.slow_job", str(started)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,  # the job runs an hour; before the fix the exit waited for it
    )
    assert started.exists()
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "closed"
