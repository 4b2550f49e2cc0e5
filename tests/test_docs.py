"""docs/ kept honest: the protocol document names every message, action and error code."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialoogtafel.server.protocol import CLIENT_TYPES, CONTROL_ACTIONS, ERROR_CODES, SERVER_TYPES

DOC = Path(__file__).resolve().parents[1] / "docs" / "protocol.md"


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        ("client message", CLIENT_TYPES),
        ("server message", SERVER_TYPES),
        ("control action", CONTROL_ACTIONS),
        ("error code", ERROR_CODES),
    ],
)
def test_protocol_doc_names_every_message_and_error(kind: str, names: tuple[str, ...]) -> None:
    """Each name in server.protocol appears in docs/protocol.md as `code`."""
    text = DOC.read_text(encoding="utf-8")
    missing = [name for name in names if f"`{name}`" not in text]
    assert missing == [], f"docs/protocol.md does not name these {kind}s: {missing}"
