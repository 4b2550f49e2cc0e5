"""What every subcommand shares: the error a person can fix, and common options."""

from __future__ import annotations


class CliError(Exception):
    """A failure a person can fix: one line on stderr and a non-zero exit code (2)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
