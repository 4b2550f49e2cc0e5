"""The `dialoog` command line: one parser, a subcommand per module, errors as one line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version

from kiosk import (
    cli_export,
    cli_hosted,
    cli_kiosk,
    cli_qr,
    cli_serve,
    cli_sessions,
    cli_sets,
    cli_start,
)
from kiosk.cli_common import CliError

# Each module adds its subcommand(s) with register(subparsers); the handler is set as `run`.
SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    cli_start.register,
    cli_sets.register,
    cli_serve.register,
    cli_export.register,
    cli_sessions.register,
    cli_kiosk.register,
    cli_qr.register,
    cli_hosted.register,
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
    except CliError as err:
        print(f"dialoog: {err.message}", file=sys.stderr)
        return err.code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
