"""The lexical method: TF-IDF over Dutch stems, average-linkage clustering on cosine distance."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rode_draad.text import words

# Chosen on tests/data/rode_draad_eval.json by bench/rode_draad.py (docs/benchmarks.md).
THRESHOLD = 0.97  # cosine distance at which two groups stop merging


def tfidf(
    texts: Sequence[str], language: str, extra: frozenset[str] = frozenset()
) -> tuple[np.ndarray, list[str], list[list[str]]]:
    """Rows of l2-normalized TF-IDF (sublinear tf, smooth idf), the stems, and each text's stems."""
    stems_per_text = [[s for s, _ in words(t, language, extra)] for t in texts]
    vocab: dict[str, int] = {}
    for stems in stems_per_text:
        for s in stems:
            vocab.setdefault(s, len(vocab))
    matrix = np.zeros((len(texts), max(len(vocab), 1)), dtype=np.float64)
    for row, stems in enumerate(stems_per_text):
        for s in stems:
            matrix[row, vocab[s]] += 1.0
    present = matrix > 0
    np.log(matrix, out=matrix, where=present)
    matrix += present  # 1 + log(tf) where the stem occurs
    df = present.sum(axis=0)
    matrix *= np.log((1 + len(texts)) / (1 + df)) + 1
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.where(norms == 0, 1, norms)
    return matrix, list(vocab), stems_per_text


def cluster(vectors: np.ndarray, threshold: float) -> list[int]:
    """A cluster number per row: average linkage, cut at `threshold` cosine distance.

    An empty row (an answer of stop words only) stays alone. scipy is imported here, so a
    kiosk or an export that never groups does not pay for it.
    """
    n = len(vectors)
    if n < 2:
        return [0] * n
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    dist = pdist(vectors, "cosine")
    dist = np.nan_to_num(dist, nan=1.0)  # cosine with an empty row
    np.clip(dist, 0.0, 2.0, out=dist)
    tree = linkage(dist, method="average")
    return [int(c) for c in fcluster(tree, threshold, criterion="distance")]
