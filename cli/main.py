"""The `dialoog` command line: one parser, a subcommand per module, errors as one line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version

from dialoogtafel.cli import (
    export,
    hosted,
    kiosk,
    purge,
    qr,
    serve,
    sessions,
    sets,
    start,
)
from dialoogtafel.cli.common import CliError, user_errors

# Each module adds its subcommand(s) with register(subparsers); the handler is set as `run`.
SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    start.register,
    sets.register,
    serve.register,
    export.register,
    sessions.register,
    purge.register,
    kiosk.register,
    qr.register,
    hosted.register,
)


def _version() -> str:
    try:
        return version("dialoogtafel")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, every subcommand with its --help."""
    parser = argparse.ArgumentParser(
        prog="dialoog",
        description="Dialoogtafel: dialogue tables for workshops.",
    )
    parser.add_argument("--version", action="version", version=f"dialoog {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in SUBCOMMANDS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return 2
    try:
        return int(run(args) or 0)
    except user_errors() as err:  # evaluated only when something was raised
        print(f"dialoog: {err}", file=sys.stderr)
        return err.code if isinstance(err, CliError) else 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
