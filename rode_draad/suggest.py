"""Suggestions among the unplaced answers: only tight groups, each with readable keyphrases.

Precision first: complete linkage, so every two answers of a group are within the cut of each
other, and a group needs MIN_SIZE answers. Answers with no content word ("ja", "goeie vraag")
join none. A label is two or three lemmas that most members share, never a form of the
question's own words, and one typical answer (the member closest to the others).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MIN_SIZE = 3
LINKAGE_MAX = 1000  # unplaced answers clustered at most (n^2 time and memory), by answer id


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A tight group the computer proposes: keyphrases, answers (most typical first)."""

    keyphrases: tuple[str, ...]
    answers: tuple[int, ...]

    @property
    def typical(self) -> int:
        """The member closest to the others."""
        return self.answers[0]


def tight_groups(vectors: np.ndarray, cut: float) -> list[list[int]]:
    """Row groups whose every pair has cosine distance <= cut (complete linkage), large first."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = vectors.shape[0]
    if n < MIN_SIZE:
        return []
    dist = np.clip(1.0 - np.round(vectors @ vectors.T, 6), 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="complete")
    labels = fcluster(tree, cut, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    found = [g for g in groups.values() if len(g) >= MIN_SIZE]
    return sorted(found, key=lambda g: (-len(g), g[0]))


def keyphrases(
    members: Sequence[list[str]], others: Sequence[list[str]], most: int = 3
) -> tuple[str, ...]:
    """Two or three lemmas shared by most members and rarer among the other answers."""
    inside: Counter[str] = Counter()
    for words in members:
        inside.update(set(words))
    outside: Counter[str] = Counter()
    for words in others:
        outside.update(set(words))
    n_out = max(len(others), 1)
    shared = [w for w, c in inside.items() if c >= 2] or list(inside)
    ranked = sorted(shared, key=lambda w: (-inside[w], outside[w] / n_out, w))
    return tuple(ranked[:most])


def suggest(vectors: np.ndarray, words: Sequence[list[str]], cut: float) -> list[Suggestion]:
    """The tight groups among these answers (rows), with their keyphrases and typical answer."""
    keep = [i for i, w in enumerate(words) if w][:LINKAGE_MAX]
    if len(keep) < MIN_SIZE:
        return []
    sub = vectors[keep]
    out = []
    for group in tight_groups(sub, cut):
        rows = sub[group]
        closeness = np.round((rows @ rows.T).sum(axis=1), 6)
        order = sorted(range(len(group)), key=lambda j: (-closeness[j], group[j]))
        members = [keep[group[j]] for j in order]
        inside = set(members)
        phrases = keyphrases(
            [words[i] for i in members], [w for i, w in enumerate(words) if i not in inside]
        )
        if phrases:
            out.append(Suggestion(phrases, tuple(members)))
    return out
