"""The session's secrets: leader and screen tokens, their hashes, and author keys."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from dialoogtafel.server.storage.errors import StorageError
from dialoogtafel.server.storage.files import write_private

AUTHOR_KEY_CHARS = 32


@dataclass(frozen=True, slots=True)
class Tokens:
    """The leader's and the screen's token; kept in tokens.json (0600), never in the database."""

    leader: str
    screen: str

    def __repr__(self) -> str:
        return "Tokens(leader=***, screen=***)"  # keep them out of logs and tracebacks


@dataclass(frozen=True, slots=True)
class Keys:
    """What the database keeps: the author-key secret and the tokens' SHA-256 hashes."""

    secret: bytes
    leader_hash: str
    screen_hash: str

    def __repr__(self) -> str:
        return "Keys(***)"


def new_tokens() -> Tokens:
    """Fresh random leader and screen tokens."""
    return Tokens(leader=secrets.token_urlsafe(24), screen=secrets.token_urlsafe(24))


def token_hash(token: str) -> str:
    """The SHA-256 of a token, hex."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def keys_for(tokens: Tokens) -> Keys:
    """A fresh 32-byte secret and the hashes of these tokens."""
    return Keys(secrets.token_bytes(32), token_hash(tokens.leader), token_hash(tokens.screen))


def matches(token: object, expected_hash: str) -> bool:
    """Whether a token someone sent has this hash, compared in constant time."""
    if not isinstance(token, str):
        return False
    return hmac.compare_digest(token_hash(token), expected_hash)


def author_key(secret: bytes, device_token: str) -> str:
    """HMAC-SHA256(secret, device token), hex, truncated to 32 characters."""
    mac = hmac.new(secret, device_token.encode("utf-8", "surrogatepass"), hashlib.sha256)
    return mac.hexdigest()[:AUTHOR_KEY_CHARS]


def write_tokens(path: Path, tokens: Tokens) -> None:
    """Create tokens.json readable by its owner only."""
    data = json.dumps({"leader": tokens.leader, "screen": tokens.screen}, indent=1) + "\n"
    write_private(path, data.encode())


def read_tokens(path: Path, keys: Keys) -> Tokens:
    """The tokens in tokens.json, checked against the database's hashes."""
    try:
        data = json.loads(path.read_bytes())
        tokens = Tokens(leader=str(data["leader"]), screen=str(data["screen"]))
    except FileNotFoundError:
        raise StorageError(f"{path} is missing: the leader and screen tokens are gone") from None
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise StorageError(f"{path} cannot be read ({err.__class__.__name__})") from None
    if not (matches(tokens.leader, keys.leader_hash) and matches(tokens.screen, keys.screen_hash)):
        raise StorageError(f"{path} does not hold this session's tokens")
    return tokens
