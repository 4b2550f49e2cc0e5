"""Writers from a session to its JSON export and its Markdown minutes, and the JSON Schema."""

from exports.markdown import escape_cell, escape_md
from exports.minutes import render_minutes

__all__ = ["escape_cell", "escape_md", "render_minutes"]
