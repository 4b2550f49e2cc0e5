"""`dialoog` run as a real subprocess, as the command-line tests run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def dialoog(
    *args: str | Path, cwd: Path = REPO, stdin: int | None = subprocess.DEVNULL
) -> subprocess.CompletedProcess[str]:
    """Run `dialoog ARGS` to its end in a fresh process (stdin not a terminal unless given one);
    its output as UTF-8 text."""
    return subprocess.run(
        [sys.executable, "-m", "dialoogtafel", *map(str, args)],
        cwd=cwd,
        stdin=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
