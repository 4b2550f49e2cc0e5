"""Rode draad: what the tables said together. Answers placed in topics, and tight groups proposed
among the rest, offline.

Pure computation on plain values (nothing of ours imported): the server's placement worker
process runs `rode_draad.worker.run`, and the exports call it when the worker's copy of the
suggestions is missing. numpy, scipy and the sentence model are imported by its modules, never
by this package's top level, so importing it is cheap.
"""
