"""How long the exports take for a big session: 10,000 answers over 12 tables.

JSON, the Markdown minutes and the Word minutes (python-docx), each from the session; and the
minutes' document alone (exports/minutes.py builds it once for both renderers).

The session is generated as the codec's dict and loaded with session_from_dict (building it
through 10,000 commands would measure the domain, not the exports). Run:

    .venv/bin/python bench/export_speed.py [--answers N] [--tables N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from importlib import metadata
from typing import Any
from zoneinfo import ZoneInfo

from dialoogtafel.exports import render_minutes, session_to_export, to_json_text
from dialoogtafel.exports.docx import render_docx
from dialoogtafel.exports.minutes import minutes_document
from dialoogtafel.exports.topics import thread_of
from dialoogtafel.question_sets import load_set
from dialoogtafel.server.domain import new_session
from dialoogtafel.server.domain.codec import session_from_dict, session_to_dict
from dialoogtafel.server.domain.model import Session

START = 1_741_869_000.0
TEXT = (
    "Vanuit de cliënt zelf: wat heeft het haar opgeleverd? Tijd, ruimte en vertrouwen van het "
    "bestuur; *nadruk* en [link] en <b> | # 1. - verhalen, spiegelgesprek, intervisie, rooster."
)


def big_session(answers: int, tables: int, seed: int = 1) -> Session:
    """A session of the eigen-regie set with this many answers, some hidden, voted, highlighted."""
    rng = random.Random(seed)
    data: dict[str, Any] = session_to_dict(
        new_session("BENCH", load_set("eigen-regie"), tables, START)
    )
    questions = [q["id"] for q in data["questions"]["questions"]]
    devices = [f"{n:032x}" for n in range(tables * 8)]
    data["seats"] = {d: 1 + i % tables for i, d in enumerate(devices)}
    data["joined"] = {
        str(t): [d for d, s in data["seats"].items() if s == t] for t in range(1, tables + 1)
    }
    rows, votes = [], {}
    for n in range(answers):
        author = rng.choice(devices)
        state = rng.choices(["shown", "hidden", "withdrawn"], weights=(94, 5, 1))[0]
        start = rng.randrange(len(TEXT) // 2)
        at = START + n * 0.5
        answer = {"id": f"answer-{n:05d}", "question": rng.choice(questions)}
        answer |= {"table": data["seats"][author], "author": author, "created": at, "updated": at}
        answer |= {
            "text": ""
            if state == "withdrawn"
            else TEXT[start : start + rng.randint(20, 180)].strip()
        }
        answer |= {"state": state, "highlighted": state == "shown" and rng.random() < 0.03}
        rows.append(answer)
        if state == "shown" and rng.random() < 0.3:
            votes[answer["id"]] = sorted(rng.sample(devices, rng.randint(1, 5)))
    data["answers"], data["votes"] = rows, votes
    item = {"question": None, "who": "", "when": "", "removed": False}
    data["items"] = [
        item | {"id": f"n{n}", "kind": "note", "text": f"Notitie {n}\nmet twee regels"}
        for n in range(40)
    ] + [
        item | {"id": f"a{n}", "kind": "action", "text": f"Actie {n}", "who": "Wie"}
        for n in range(10)
    ]
    for n, it in enumerate(data["items"]):
        it["created"] = START + n
        it["question"] = rng.choice([*questions, None]) if it["kind"] == "note" else None
    data["state"]["ended"], data["state"]["ended_at"] = True, START + answers
    return session_from_dict(data)


def timed(
    runs: int, work: Callable[[], str | bytes | object]
) -> tuple[list[float], list[float], str | bytes | object]:
    """Wall-clock and CPU seconds of each run, and the last result."""
    wall, cpu, result = [], [], object()
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = work()
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return wall, cpu, result


def report(name: str, wall: list[float], cpu: list[float], output: object) -> None:
    """One line: wall-clock best and median, CPU best, in milliseconds; the output's size."""
    ms = sorted(t * 1000 for t in wall)
    data = output.encode() if isinstance(output, str) else output
    size = f"; output {len(data) / 1e6:4.2f} MB" if isinstance(data, bytes) else ""
    print(
        f"{name:<42} wall best {ms[0]:6.1f} ms, median {statistics.median(ms):6.1f} ms; "
        f"CPU best {min(cpu) * 1000:6.1f} ms{size}"
    )


def main() -> None:
    """Build the session, time both exports, print the figures and the machine."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--answers", type=int, default=10_000, help="answers (default: %(default)s)")
    p.add_argument("--tables", type=int, default=12, help="tables (default: %(default)s)")
    p.add_argument(
        "--runs", type=int, default=7, help="timed runs per export (default: %(default)s)"
    )
    args = p.parse_args()

    began = time.perf_counter()
    session = big_session(args.answers, args.tables)
    built = time.perf_counter() - began
    zone = ZoneInfo("Europe/Amsterdam")
    json_wall, json_cpu, text = timed(
        args.runs, lambda: to_json_text(session_to_export(session, START))
    )
    thread_of(session)  # the rode draad: suggestions kept in the session's folder by the worker
    md_wall, md_cpu, minutes = timed(args.runs, lambda: render_minutes(session, zone))
    doc_wall, doc_cpu, _ = timed(args.runs, lambda: minutes_document(session, zone))
    docx_wall, docx_cpu, word = timed(
        args.runs, lambda: render_docx(minutes_document(session, zone), {})
    )

    print(
        f"session: {args.answers:,} answers over {args.tables} tables (generated in {built:.2f} s)"
    )
    report("JSON (session_to_export + text)", json_wall, json_cpu, text)
    report("Markdown minutes (render_minutes)", md_wall, md_cpu, minutes)
    report("Word minutes (document + render_docx)", docx_wall, docx_cpu, word)
    report("  of which the document (minutes_document)", doc_wall, doc_cpu, None)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(f"target: each under 250 ms in process; {args.runs} runs each; load average {load}")
    python = f"Python {sys.version.split()[0]} ({platform.python_implementation()})"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()}, {python}")
    print(
        f"libraries: dialoogtafel {metadata.version('dialoogtafel')}, python-docx "
        f"{metadata.version('python-docx')}, lxml {metadata.version('lxml')}"
    )


if __name__ == "__main__":
    main()
