"""The benches run small (counts and shapes, never timings): load, polls, memory."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def smoke(server: str, out: Path) -> dict[str, object]:
    """Run bench/load.py --smoke against one server; its figures."""
    cmd = [sys.executable, str(ROOT / "bench" / "load.py"), "--smoke", "--server", server]
    done = subprocess.run(
        [*cmd, "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    run: dict[str, object] = json.loads(out.read_text())["runs"][0]
    return run


@pytest.mark.parametrize("server", ["ours", "bare"])
def test_every_answer_is_acked_and_reaches_the_leader_and_every_table_mate(
    server: str, tmp_path: Path
) -> None:
    """20 phones, 20 answers/s for 3 s: every answer acked and delivered, the server still up."""
    run = smoke(server, tmp_path / "smoke.json")
    sent = run["sent"]
    assert sent == 60
    assert run["acked"] == sent and run["leader_got"] == sent and run["mates_complete"] == sent
    assert run["deliveries"] == run["deliveries_expected"] and run["errors"] == {}
    assert run["alive"] is True


def test_the_hosted_load_keeps_its_counts_beside_idle_sessions(tmp_path: Path) -> None:
    """--server hosted --idle-sessions 2: the idle clients connect; every answer still arrives."""
    out = tmp_path / "hosted.json"
    cmd = [sys.executable, str(ROOT / "bench" / "load.py"), "--smoke", "--server", "hosted"]
    cmd += ["--idle-sessions", "2", "--idle-phones", "4", "--json", str(out)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    run = json.loads(out.read_text())["runs"][0]
    assert (run["idle_sessions"], run["idle_clients"]) == (2, 10)
    assert run["acked"] == run["sent"] == run["leader_got"] == run["mates_complete"] == 60
    assert run["errors"] == {} and run["alive"] is True


def test_a_small_poll_burst_is_acked_and_counted_right(tmp_path: Path) -> None:
    """bench/poll_burst.py, 60 phones in 1 s: every response acked, the leader's results right."""
    out = tmp_path / "burst.json"
    cmd = [sys.executable, str(ROOT / "bench" / "poll_burst.py"), "--phones", "60", "--tables", "6"]
    cmd += ["--seconds", "1", "--reveal", "--json", str(out)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    run = json.loads(out.read_text())["runs"][0]
    assert (run["sent"], run["acked"], run["errors"]) == (60, 60, {})
    assert run["results_messages"] >= 1  # the bench waits until the leader's results are right


def test_the_memory_bench_measures_a_stored_answer() -> None:
    """bench/memory_per_answer.py on a few hundred answers: it runs the real store and prints a
    positive size per answer and the places that hold it."""
    cmd = [sys.executable, str(ROOT / "bench" / "memory_per_answer.py")]
    cmd += ["--first", "100", "--last", "400", "--top", "3"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=True).stdout
    per_answer = re.search(r"per stored answer: (\d+) bytes", out)
    assert per_answer is not None and int(per_answer.group(1)) > 0, out
    assert out.count("B/answer") == 3, out


def test_the_fold_bench_times_folds_of_a_filled_session() -> None:
    """bench/fold_speed.py on a small session: it fills, folds and prints its figures."""
    cmd = [sys.executable, str(ROOT / "bench" / "fold_speed.py")]
    cmd += ["--answers", "700", "--changes", "5", "--folds", "3"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=True).stdout
    assert re.search(r"fold of 700 answers after 5 highlights, 3 folds: CPU median [\d.]+ ms", out)
    assert re.search(r"file \d+\.\d MB", out), out


def test_the_cold_path_bench_times_each_step_cold_and_warm() -> None:
    """bench/cold_path.py on a small session: every step gets a cold and a warm figure."""
    cmd = [sys.executable, str(ROOT / "bench" / "cold_path.py")]
    cmd += ["--answers", "200", "--runs", "3", "--flush-mb", "4"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=True).stdout
    steps = re.findall(r"^\s*(\S.*?)\s+([\d.]+) us\s+([\d.]+) us$", out, re.MULTILINE)
    assert [s[0] for s in steps][:2] == ["parse (the frame to a command)", "apply (the domain)"]
    assert len(steps) == 6 and all(float(cold) > 0 for _, cold, _ in steps), out
