"""What every subcommand shares: the error a person can fix, and common options."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from dialoogtafel.server.datadir import default_data_dir


def user_errors() -> tuple[type[Exception], ...]:
    """The errors a person can fix; main() prints each as one line (the modules load only then)."""
    from websockets.exceptions import InvalidURI

    from dialoogtafel.question_sets import QuestionSetError
    from dialoogtafel.server.protocol.urls import BadUrl
    from dialoogtafel.server.storage import StorageError

    return (CliError, StorageError, QuestionSetError, BadUrl, InvalidURI)


class CliError(Exception):
    """A failure a person can fix: one line on stderr and a non-zero exit code (2)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def read_secret(given: str | None, file: Path | None, env: str, what: str, flags: str) -> str:
    """A token or key from its flag, its file or the environment, in that order."""
    secret = given
    if secret is None and file is not None:
        try:
            secret = file.read_text(encoding="utf-8").strip()
        except OSError as err:
            raise CliError(f"cannot read {file}: {err.strerror}") from None
    secret = secret or os.environ.get(env)
    if not secret:
        raise CliError(f"no {what}: pass {flags} or set {env}")
    return secret


def add_data_option(p: argparse.ArgumentParser) -> None:
    """--data DIR: where sessions live (default: the user's data folder)."""
    p.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"where sessions live (default: {default_data_dir()})",
    )


def data_dir(args: argparse.Namespace) -> Path:
    """The data folder a command was given, or the user's default one."""
    return Path(args.data) if args.data else default_data_dir()
