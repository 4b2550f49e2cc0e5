"""The lexical method: TF-IDF over Dutch stems, average-linkage clustering on cosine distance."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

# Chosen on tests/data/rode_draad_eval.json by bench/rode_draad.py (docs/benchmarks.md).
THRESHOLD = 0.97  # cosine distance at which two groups stop merging
LINKAGE_MAX = 3000  # distinct answers clustered by linkage (n^2 memory); more join the nearest


def tfidf(stems: Sequence[Sequence[str]]) -> tuple[Any, list[dict[str, float]]]:
    """A sparse row per text (its stems) of l2-normalized TF-IDF (sublinear tf, smooth idf).

    The same weights come back as one dict per text, stem -> weight.
    """
    from scipy.sparse import csr_matrix

    counts = [Counter(s) for s in stems]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    idf = {s: math.log((1 + len(stems)) / (1 + d)) + 1 for s, d in df.items()}
    column = {s: i for i, s in enumerate(sorted(df))}
    weights: list[dict[str, float]] = []
    indptr, indices, data = [0], [], []
    for c in counts:
        raw = {s: (1 + math.log(tf)) * idf[s] for s, tf in c.items()}
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        row = {s: v / norm for s, v in sorted(raw.items())}
        weights.append(row)
        indices += [column[s] for s in row]
        data += list(row.values())
        indptr.append(len(indices))
    shape = (len(stems), max(len(column), 1))
    return csr_matrix((data, indices, indptr), shape=shape, dtype=np.float64), weights


def cluster(vectors: Any, threshold: float) -> list[int]:
    """A cluster number per row (l2-normalized rows): average linkage cut at `threshold`.

    Identical rows are clustered once. Past LINKAGE_MAX distinct rows, the rest join the
    nearest cluster (by centroid) within the threshold, or stay alone: memory stays bounded.
    scipy is imported here, so a kiosk or an export that never groups does not pay for it.
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse import issparse
    from scipy.spatial.distance import squareform

    n = vectors.shape[0]
    if n < 2:
        return [1] * n
    first, inverse = _distinct(vectors)
    head = vectors[first[:LINKAGE_MAX]]
    if len(first) < 2:
        labels = np.ones(len(first), dtype=np.int64)
    else:
        sim = head @ head.T  # sparse rows stay sparse: a few words each
        dist = 1.0 - (sim.toarray() if issparse(sim) else np.asarray(sim))
        np.clip(dist, 0.0, 2.0, out=dist)
        np.fill_diagonal(dist, 0.0)
        tree = linkage(squareform(dist, checks=False), method="average")
        labels = fcluster(tree, threshold, criterion="distance").astype(np.int64)
    if len(first) > LINKAGE_MAX:
        rest = vectors[first[LINKAGE_MAX:]]
        labels = _attach(head, labels, rest.toarray() if issparse(rest) else rest, threshold)
    return [int(labels[j]) for j in inverse]


def _distinct(vectors: Any) -> tuple[list[int], list[int]]:
    """The first row of each distinct row, in order, and each row's place among them."""
    from scipy.sparse import issparse

    if issparse(vectors):
        csr = vectors.tocsr()
        keys = [
            (csr.indices[a:b].tobytes(), csr.data[a:b].round(12).tobytes())
            for a, b in zip(csr.indptr[:-1], csr.indptr[1:], strict=True)
        ]
    else:
        keys = [row.round(12).tobytes() for row in np.asarray(vectors)]
    place: dict[Any, int] = {}
    first: list[int] = []
    inverse = []
    for i, k in enumerate(keys):
        if k not in place:
            place[k] = len(first)
            first.append(i)
        inverse.append(place[k])
    return first, inverse


def _attach(head: Any, labels: np.ndarray, rest: np.ndarray, threshold: float) -> np.ndarray:
    """Rows past LINKAGE_MAX join the nearest cluster centroid within the threshold."""
    ids = np.unique(labels)
    centroids = np.vstack([np.asarray(head[labels == k].mean(axis=0)).ravel() for k in ids])
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    centroids /= np.where(norms == 0, 1, norms)
    sims = np.asarray(rest @ centroids.T)
    best = sims.argmax(axis=1)
    near = sims[np.arange(len(rest)), best] >= 1.0 - threshold
    alone = np.cumsum(~near) + labels.max()
    return np.concatenate([labels, np.where(near, ids[best], alone)])
