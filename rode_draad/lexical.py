"""The lexical fallback's vectors: TF-IDF over an answer's content lemmas (rode_draad/words.py)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np


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
