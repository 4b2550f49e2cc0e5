"""The kept C encoder writes exactly what json.JSONEncoder(...).encode writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from dialoogtafel.server.domain.jsontext import text_encoder

LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()  # lone surrogates and every plane included
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
OPTIONS: list[dict[str, Any]] = [
    {"separators": (",", ":")},  # the journal's lines
    {"ensure_ascii": False, "separators": (",", ":")},  # frames
    {"sort_keys": True, "ensure_ascii": False},  # the change digest's canonical text
]


@given(VALUES)
def test_the_text_is_the_standard_encoders(value: Any) -> None:
    """Byte for byte, for every option set the server uses: journals and digests depend on it."""
    for options in OPTIONS:
        assert text_encoder(**options)(value) == json.JSONEncoder(**options).encode(value)


def test_a_bare_string_and_a_tuple_encode_as_the_standard_does() -> None:
    """A top-level string, and tuples (the domain's lists) as JSON arrays."""
    for options in OPTIONS:
        encode = text_encoder(**options)
        assert encode("zorg \u00e9") == json.JSONEncoder(**options).encode("zorg \u00e9")
        assert encode({"a": (1, "b")}) == json.JSONEncoder(**options).encode({"a": (1, "b")})
