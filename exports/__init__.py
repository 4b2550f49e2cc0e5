"""From a session to its JSON export and its minutes (Markdown; Word via exports/docx.py), and the
JSON Schema. Only exports/writer.py imports the Word and chart modules, inside functions."""

from dialoogtafel.exports.json_export import (
    SCHEMA_VERSION,
    load_schema,
    session_to_export,
    to_json_text,
)
from dialoogtafel.exports.markdown import escape_cell, escape_md
from dialoogtafel.exports.minutes import render_minutes

__all__ = [
    "SCHEMA_VERSION",
    "escape_cell",
    "escape_md",
    "load_schema",
    "render_minutes",
    "session_to_export",
    "to_json_text",
]
