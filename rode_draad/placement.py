"""Placing answers in topics: the one computation of it, for the server, the exports and the bench.

Each answer is compared with each topic (its name and sentence, and once the leader placed
answers in it by hand, those answers too) in every vector space of the method; the scores are
centred per topic, so a topic close to everything does not take everything, and scaled per
space. The answer goes to the best topic only when it beats the runner-up by the bar; otherwise
it stays unplaced. A hand placement always stands. Same input, same output: ties go to the
first topic, and scores are rounded before they are compared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

PRIOR = 5.0  # pseudo-answers at the question's mean score, so a topic's centre is stable early


@dataclass(frozen=True, slots=True)
class Space:
    """One method's vectors for a question: answers and topics (rows l2-normalized), its scale."""

    answers: np.ndarray
    topics: np.ndarray
    scale: float


@dataclass(frozen=True, slots=True)
class Placed:
    """Where the computer puts one answer (a topic's index, or None) and by how much it won."""

    topic: int | None
    margin: float


def _prototypes(space: Space, examples: Sequence[Sequence[int]]) -> np.ndarray:
    """Each topic's vector, pulled towards the answers the leader placed in it."""
    rows = []
    for t, members in enumerate(examples):
        v = space.topics[t]
        if members:  # dense or scipy-sparse rows (the lexical method)
            v = v + np.asarray(space.answers[list(members)].mean(axis=0)).ravel()
        rows.append(v / max(float(np.linalg.norm(v)), 1e-12))
    return np.vstack(rows) if rows else space.topics


def scores(spaces: Sequence[Space], examples: Sequence[Sequence[int]]) -> np.ndarray:
    """Answer x topic scores: per space centred per topic and scaled, then averaged."""
    total: np.ndarray | None = None
    for space in spaces:
        s = np.asarray(space.answers @ _prototypes(space, examples).T)
        n = s.shape[0]
        centre = (s.sum(axis=0) + PRIOR * float(s.mean())) / (n + PRIOR)
        s = (s - centre) / space.scale
        total = s if total is None else total + s
    assert total is not None
    return np.round(total / len(spaces), 6)


def place(
    spaces: Sequence[Space], hand: Mapping[int, int | None], bar: float
) -> list[Placed | None]:
    """Per answer: None where the leader placed it by hand, else the computer's placement."""
    k = spaces[0].topics.shape[0]
    n = spaces[0].answers.shape[0]
    if k == 0 or n == 0:
        return [None if i in hand else Placed(None, 0.0) for i in range(n)]
    examples: list[list[int]] = [[] for _ in range(k)]
    for i, t in sorted(hand.items()):
        if t is not None:
            examples[t].append(i)
    s = scores(spaces, examples)
    out: list[Placed | None] = []
    for i in range(n):
        if i in hand:
            out.append(None)
            continue
        row = s[i]
        best = int(np.argmax(row))  # the first of equal scores
        second = float(np.max(np.delete(row, best))) if k > 1 else 0.0
        margin = round(float(row[best]) - second, 6)
        out.append(Placed(best if margin >= bar else None, margin))
    return out
