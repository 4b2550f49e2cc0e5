"""Frames a client sends: builders for the kiosk, scripts and tests."""

from __future__ import annotations

import uuid
from typing import Any

from dialoogtafel.server.protocol.inbound import Role

# Client -> server builders, for the kiosk, scripts and tests.


def new_id() -> str:
    """A fresh change id (UUID4)."""
    return str(uuid.uuid4())


def hello(session: str, role: Role, **fields: Any) -> dict[str, Any]:
    """The first frame of a connection."""
    return {"type": "hello", "session": session, "role": role, **fields}


def control(action: str, change_id: str | None = None, **fields: Any) -> dict[str, Any]:
    """A leader control message with a fresh change id."""
    return {"type": "control", "id": change_id or new_id(), "action": action, **fields}


def create(
    key: str,
    tables: int,
    *,
    set_id: str | None = None,
    toml: str | None = None,
    premoderate: bool = False,
) -> dict[str, Any]:
    """The first frame that makes a session on a hosted server (a shipped set or a set's text)."""
    frame: dict[str, Any] = {"type": "create", "id": new_id(), "key": key, "tables": tables}
    if premoderate:
        frame["premoderate"] = True
    if toml is not None:
        frame["toml"] = toml
    else:
        frame["set"] = set_id
    return frame
