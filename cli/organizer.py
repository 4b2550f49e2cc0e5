"""What the leader's machine keeps of a session on a hosted server; the organizer key options.

Light to import (the command line builds its parser from it); kiosk/remote.py does the talking.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from dialoogtafel.cli.common import CliError, read_secret
from dialoogtafel.server.protocol.urls import join_url

KEY_ENV = "DIALOOG_ORGANIZER_KEY"


@dataclass(frozen=True, slots=True)
class Remote:
    """A session on a hosted server: where, which, and its two tokens."""

    server: str
    code: str
    join_url: str
    leader_token: str
    screen_token: str

    def __repr__(self) -> str:
        return f"Remote(server={self.server!r}, code={self.code!r}, tokens=***)"

    @property
    def url(self) -> str:
        """The session's page on the server as the kiosk reaches it."""
        return join_url(self.server, self.code)


def add_organizer_options(p: argparse.ArgumentParser) -> None:
    """--organizer-key and --organizer-key-file (or the environment)."""
    p.add_argument("--organizer-key", metavar="K", help="the hosted server's organizer key")
    p.add_argument(
        "--organizer-key-file",
        type=Path,
        metavar="FILE",
        help=f"read the organizer key from this file (or set ${KEY_ENV})",
    )


def organizer_key(args: argparse.Namespace) -> str:
    """The key from --organizer-key, --organizer-key-file or the environment, in that order."""
    flags = "--organizer-key K, --organizer-key-file FILE"
    return read_secret(args.organizer_key, args.organizer_key_file, KEY_ENV, "organizer key", flags)


# -- the tokens, kept on this machine so the leader can come back --------------------------------


def saved_file(data: Path, code: str) -> Path:
    """Where a remote session's tokens are kept on this machine."""
    return data / "remote" / f"{code.upper()}.json"


def save(data: Path, remote: Remote) -> Path:
    """Keep the tokens in a file only this user can read; its path."""
    from dialoogtafel.server.storage.files import write_private

    path = saved_file(data, remote.code)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.unlink(missing_ok=True)
        write_private(path, (json.dumps(asdict(remote), indent=1) + "\n").encode())
    except OSError as err:
        raise CliError(f"cannot keep the session's tokens in {path}: {err.strerror}") from None
    return path


def load_saved(data: Path, code: str) -> Remote:
    """The tokens of a session made from this machine earlier."""
    path = saved_file(data, code)
    try:
        fields = json.loads(path.read_text(encoding="utf-8"))
        return Remote(**{k: str(fields[k]) for k in Remote.__dataclass_fields__})
    except FileNotFoundError:
        raise CliError(f"no session {code.upper()} was made from this machine ({path})") from None
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise CliError(f"{path} cannot be read ({err.__class__.__name__})") from None
