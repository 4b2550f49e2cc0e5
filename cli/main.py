"""The `dialoog` command line: one parser, a subcommand per module, errors as one line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from dialoogtafel.cli.common import CliError, user_errors

# Each module adds its subcommand(s) with register(subparsers); the handler is set as `run`.
# Command name -> module: a run of one command imports only its own module (`dialoog export`
# starts in a fraction of the time); --help and anything else imports them all.
COMMANDS: dict[str, str] = {
    "start": "start",
    "sets": "sets",
    "serve": "serve",
    "export": "export",
    "sessions": "sessions",
    "purge": "purge",
    "kiosk": "kiosk",
    "qr": "qr",
    "organizer-key": "hosted",
}
Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def _registers(command: str | None) -> list[Register]:
    if command == "--version":
        return []
    modules = [COMMANDS[command]] if command in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    return [import_module(f"dialoogtafel.cli.{m}").register for m in modules]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # 20-40 ms: only when asked

    try:
        return version("dialoogtafel")
    except PackageNotFoundError:
        return "unknown"


class _Version(argparse.Action):
    """--version, with the installed version looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kw: object) -> None:
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, help="show the version")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(f"dialoog {_version()}")
        parser.exit()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line, every subcommand with its --help (only `command`'s when it is one)."""
    parser = argparse.ArgumentParser(
        prog="dialoog",
        description="Dialoogtafel: dialogue tables for workshops.",
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in _registers(command):
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(args_list[0] if args_list else None)
    args = parser.parse_args(args_list)
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
