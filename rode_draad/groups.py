"""Group the shown answers to one question, apply the leader's merges and renames, label them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from dialoogtafel.rode_draad.lexical import THRESHOLD, cluster, tfidf
from dialoogtafel.rode_draad.model import LABEL_WORDS, Choice, Entry, Group
from dialoogtafel.rode_draad.text import stop_words
from dialoogtafel.rode_draad.text import words as words_of


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _merged(labels: list[int], ids: list[str], choices: Iterable[Choice]) -> list[int]:
    """Cluster numbers after the leader's merges: clusters holding answers of one merge join."""
    position = {answer_id: i for i, answer_id in enumerate(ids)}
    union = _Union(max(labels, default=0) + 1)
    for choice in choices:
        if choice.kind != "merge":
            continue
        found = sorted({labels[position[a]] for a in choice.answers if a in position})
        for other in found[1:]:
            union.union(found[0], other)
    return [union.find(label) for label in labels]


def _label(
    rows: list[int], words: list[list[tuple[str, str]]], weights: list[dict[str, float]]
) -> str:
    """Up to three of the members' own words: the stems they share most, as they wrote them."""
    score: Counter[str] = Counter()
    members: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = {}
    for row in rows:
        for stem, word in words[row]:
            surface.setdefault(stem, Counter())[word] += 1
        for stem in {s for s, _ in words[row]}:
            members[stem] += 1
            score[stem] += weights[row].get(stem, 0.0)
    shared = [s for s in score if members[s] >= 2] if len(rows) > 1 else []
    pool = shared or list(score)
    best = sorted(pool, key=lambda s: (-members[s], -score[s], s))[:LABEL_WORDS]
    return ", ".join(min(surface[s].items(), key=lambda kv: (-kv[1], kv[0]))[0] for s in best)


def group_answers(
    entries: Sequence[Entry],
    choices: Sequence[Choice] = (),
    language: str = "nl",
    threshold: float = THRESHOLD,
    question: str = "",
) -> tuple[Group, ...]:
    """The groups of these answers, largest first; the same input gives the same groups.

    The words of the question itself are left out: every answer echoes them.
    """
    ordered = sorted(entries, key=lambda e: e.id)
    if not ordered:
        return ()
    texts = [e.text for e in ordered]
    ids = [e.id for e in ordered]
    stops = stop_words(language, frozenset(w for _, w in words_of(question, language)))
    seen: dict[str, list[tuple[str, str]]] = {}
    words = [seen.get(t) or seen.setdefault(t, words_of(t, language, stops)) for t in texts]
    vectors, weights = tfidf([[stem for stem, _ in w] for w in words])
    labels = _merged(cluster(vectors, threshold), ids, choices)
    by_label: dict[int, list[int]] = {}
    for row, label in enumerate(labels):
        by_label.setdefault(label, []).append(row)
    groups = [_group(rows, ordered, vectors, words, weights) for rows in by_label.values()]
    groups.sort(key=lambda g: (-len(g.answers), -len(g.tables), g.key))
    return _renamed(groups, choices)


def _group(
    rows: list[int],
    entries: list[Entry],
    vectors: Any,
    words: list[list[tuple[str, str]]],
    weights: list[dict[str, float]],
) -> Group:
    members = vectors[rows]
    centroid = np.asarray(members.mean(axis=0)).ravel()
    closeness = np.asarray(members @ centroid).ravel()
    # rounded, so the order does not hang on the last bit of a float sum
    order = sorted(
        range(len(rows)), key=lambda i: (-round(float(closeness[i]), 9), entries[rows[i]].id)
    )
    ids = tuple(entries[rows[i]].id for i in order)
    label = _label(rows, words, weights)
    if not label:
        label = entries[rows[order[0]]].text.strip()[:60]
    return Group(
        key=min(ids),
        label=label,
        answers=ids,
        tables=tuple(sorted({entries[r].table for r in rows})),
        representatives=ids[: 2 if len(ids) > 2 else 1],
    )


def _renamed(groups: list[Group], choices: Sequence[Choice]) -> tuple[Group, ...]:
    """Each rename goes to the group holding most of its answers; a later rename wins."""
    labels: dict[int, str] = {}
    for choice in choices:
        if choice.kind != "rename":
            continue
        wanted = set(choice.answers)
        overlap = [len(wanted.intersection(g.answers)) for g in groups]
        if overlap and max(overlap) > 0:
            labels[overlap.index(max(overlap))] = choice.label
    return tuple(
        Group(g.key, labels[i], g.answers, g.tables, g.representatives, True) if i in labels else g
        for i, g in enumerate(groups)
    )
