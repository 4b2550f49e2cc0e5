"""The labelled rode-draad sets as questions with topics, answers, truth and split (for bench/)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
INDEPENDENT = DATA / "rode_draad" / "independent.json"
OLDER = DATA / "rode_draad_eval.json"
SPLITS = DATA / "rode_draad" / "splits.json"


@dataclass(frozen=True)
class LabelledQuestion:
    """One question: its set, split, topics (id, name, about), answers (id, table, text, truth)."""

    dataset: str
    key: str
    split: str
    text: str
    topics: tuple[tuple[str, str, str], ...]
    answers: tuple[tuple[str, int, str, str | None], ...]


def load() -> list[LabelledQuestion]:
    """Both sets; the older one's topics are its groups' labels (name and about), loners None."""
    out = []
    ind = json.loads(INDEPENDENT.read_text(encoding="utf-8"))
    for q in ind["questions"]:
        key = f"{q['set']}/{q['question']}"
        topics = tuple((t["id"], t["name"], t.get("about", "")) for t in q["topics"])
        answers = tuple(
            (f"a{i:03d}", a["table"], a["text"], a["topic"]) for i, a in enumerate(q["answers"])
        )
        out.append(LabelledQuestion("independent", key, q["split"], q["text"], topics, answers))
    splits = json.loads(SPLITS.read_text(encoding="utf-8"))["splits"]
    old = json.loads(OLDER.read_text(encoding="utf-8"))
    for q in old["questions"]:
        key = f"{q['set']}/{q['question']}"
        groups = {s: label for s, label in q["groups"].items() if not s.startswith("los-")}
        topics = tuple((s, label, label) for s, label in groups.items())
        answers = tuple(
            (
                f"a{i:03d}",
                a["table"],
                a["text"],
                None if a["group"].startswith("los-") else a["group"],
            )
            for i, a in enumerate(q["answers"])
        )
        out.append(LabelledQuestion("older", key, splits[key], q["text"], topics, answers))
    return out
