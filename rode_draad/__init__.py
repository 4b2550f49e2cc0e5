"""Rode draad: what the tables said together. Groups similar answers to a question, offline.

Pure computation on plain values (no I/O, nothing of ours imported): the kiosk runs it in a
worker thread, the exports run it for the minutes and the JSON.
"""

from rode_draad.groups import METHOD, VERSION, Choice, Entry, Group, group_answers

__all__ = ["METHOD", "VERSION", "Choice", "Entry", "Group", "group_answers"]
