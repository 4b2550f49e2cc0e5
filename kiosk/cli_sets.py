"""`dialoog sets`: list, show and check question sets."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `sets` subcommand (placeholder until the question-set loader lands)."""
    sub.add_parser("sets", help="list, show and check question sets")
