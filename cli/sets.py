"""`dialoog sets`: list, show and check question sets."""

from __future__ import annotations

import argparse
from pathlib import Path

from dialoogtafel.question_sets import (
    DEFAULT_SET,
    load_file,
    load_set,
    shipped_sets,
)
from dialoogtafel.server.domain.model import Question, QuestionSet

HELP_REF = "a shipped set's id (see `dialoog sets`) or the path of a .toml file"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `sets`, `sets show` and `sets check`."""
    sets = sub.add_parser(
        "sets",
        help="list, show and check question sets",
        description="List the question sets that ship with Dialoogtafel; "
        "show one, or check a set file of your own. The format is in docs/question-sets.md.",
    )
    sets.set_defaults(run=list_sets)
    actions = sets.add_subparsers(dest="sets_action", metavar="ACTION")
    show = actions.add_parser(
        "show",
        help="print a set: its introduction, themes and every question with its id",
        description="Print a question set in full: title, introduction, themes with their "
        "explanation, and every question word for word with its id.",
    )
    show.add_argument("set", metavar="ID|FILE", help=HELP_REF)
    show.set_defaults(run=show_set)
    check = actions.add_parser(
        "check",
        help="validate a question set file",
        description="Validate a question set file: prints 'ok' and the number of questions, "
        "or one line naming the file, the line and what to fix (exit code 2).",
    )
    check.add_argument("file", metavar="FILE", type=Path, help="the .toml file to check")
    check.set_defaults(run=check_set)


def list_sets(args: argparse.Namespace) -> int:
    """Print the shipped sets as an aligned table."""
    sets = shipped_sets()  # a broken shipped file is a packaging bug; still one line
    rows = [("ID", "TITLE", "LANGUAGE", "QUESTIONS", "THEMES")]
    for qs in sets:
        marker = " (default)" if qs.id == DEFAULT_SET else ""
        rows.append(
            (qs.id + marker, qs.title, qs.language, str(len(qs.questions)), str(len(qs.themes)))
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell.rjust(width) if i >= 3 else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    print()
    print(
        "Show one with `dialoog sets show ID`; check your own file with `dialoog sets check FILE`."
    )
    return 0


def show_set(args: argparse.Namespace) -> int:
    """Print one set in full, every question word for word with its id."""
    qs = _load(args.set)
    print(f"{qs.id}: {qs.title}")
    print(f"language: {qs.language}")
    if qs.source:
        print(f"source: {qs.source}")
    if qs.intro:
        print()
        print("Introduction:")
        _print_block(qs.intro, "  ")
    general = [q for q in qs.questions if q.theme is None]
    width = max(len(q.id) for q in qs.questions)
    if general:
        print()
        print("Questions:" if not qs.themes else "Questions for every table:")
        _print_questions(general, width)
    for theme in qs.themes:
        print()
        print(f"Theme {theme.id}: {theme.title}")
        if theme.explanation:
            _print_block(theme.explanation, "  ")
        _print_questions([q for q in qs.questions if q.theme == theme.id], width)
    return 0


def check_set(args: argparse.Namespace) -> int:
    """Validate a file: `ok: FILE: N questions`, or the one-line error (exit 2)."""
    qs = load_file(args.file)
    themes = f", {len(qs.themes)} themes" if qs.themes else ""
    print(f"ok: {args.file}: {len(qs.questions)} questions{themes}")
    return 0


def _load(ref: str) -> QuestionSet:
    """A set by id or path; errors as one line (unknown ids list the known ones)."""
    return load_set(ref)


def _print_questions(questions: list[Question], width: int) -> None:
    """Each question on one line after its id; its help indented below it."""
    for q in questions:
        print(f"  {q.id.ljust(width)}  {q.text}")
        if q.kind == "choice":
            picks = f" (pick up to {q.max_picks})" if q.max_picks > 1 else ""
            print(" " * (width + 4) + f"choice{picks}: " + " | ".join(q.options))
        elif q.kind == "scale":
            ends = f": {q.labels[0]} … {q.labels[1]}" if q.labels else ""
            print(" " * (width + 4) + f"scale {q.min} to {q.max}{ends}")
        if q.help:
            _print_block(q.help, " " * (width + 4))


def _print_block(text: str, indent: str) -> None:
    """A text of one or more paragraphs, indented, a blank line between paragraphs."""
    for index, paragraph in enumerate(text.split("\n\n")):
        if index:
            print()
        print(indent + paragraph)
