"""Rode draad: what the tables said together. Groups similar answers to a question, offline.

Pure computation on plain values (no I/O, nothing of ours imported): the kiosk runs it in a
worker thread, the exports run it for the minutes and the JSON. `rode_draad.groups` (numpy,
scipy) does the grouping; this package's top level holds only the values, so importing it
is cheap.
"""

from dialoogtafel.rode_draad.model import METHOD, VERSION, Choice, Entry, Group

__all__ = ["METHOD", "VERSION", "Choice", "Entry", "Group"]
