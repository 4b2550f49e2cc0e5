"""The one writer of export files: at `end` (via the server), the HTTP API and `dialoog export`.

The renderers make bytes: json_export the JSON, minutes the document that markdown and docx
render, charts the PNG of each poll's chart. This module names the files and writes them.
python-docx and Pillow are imported here only inside functions, when a .docx or a chart is
made: a server that starts, or exports only JSON and Markdown without charts, never loads them
(tests/exports/test_lazy_imports.py).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dialoogtafel.exports.document import Document
from dialoogtafel.exports.json_export import session_to_export, to_json_text
from dialoogtafel.exports.markdown import render_markdown
from dialoogtafel.exports.minutes import minutes_document
from dialoogtafel.exports.names import chart_name, export_name
from dialoogtafel.exports.topics import thread_of
from dialoogtafel.server.domain import Session
from dialoogtafel.server.storage.files import atomic_write

FORMATS = ("json", "md", "docx")
BINARY = frozenset({"docx"})  # formats that are not text

__all__ = ["BINARY", "FORMATS", "Rendered", "chart_name", "export_name", "render", "write_exports"]


@dataclass(frozen=True, slots=True)
class Rendered:
    """One format of a session: its file name, its bytes, and the charts its minutes show."""

    name: str
    data: bytes
    charts: Mapping[str, bytes] = field(default_factory=dict)  # file name beside it -> PNG


def draw_charts(doc: Document) -> dict[str, bytes]:
    """Each chart of the minutes as PNG, by its file name; Pillow is loaded only if there is one."""
    charts = doc.charts()
    if not charts:
        return {}
    from dialoogtafel.exports.charts import draw  # only when the minutes have a chart

    return {chart.file: draw(chart, doc.language) for chart in charts}


def docx_bytes(doc: Document, charts: Mapping[str, bytes]) -> bytes:
    """The minutes as a Word file; python-docx is loaded here, when one is written."""
    from dialoogtafel.exports.docx import render_docx  # only when a .docx is made

    return render_docx(doc, charts)


def _minutes(doc: Document, fmt: str, charts: Mapping[str, bytes]) -> bytes:
    return render_markdown(doc).encode() if fmt == "md" else docx_bytes(doc, charts)


def render(
    session: Session,
    fmt: str,
    folder: Path | None = None,
    *,
    quick: bool = False,
    alone: bool = False,
) -> Rendered:
    """One format of a session. With its folder, the rode draad's suggestions kept there count;
    `quick`: a server's (exports/topics.py, `thread_of`). `alone`: a file that travels without
    files beside it (a download, standard output): the Markdown carries its charts inside."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    thread_of(session, folder, quick=quick)
    name = export_name(session, fmt)
    if fmt == "json":
        return Rendered(name, to_json_text(session_to_export(session, time.time())).encode())
    doc = minutes_document(session)
    charts = draw_charts(doc)
    if alone and fmt == "md":
        return Rendered(name, render_markdown(doc, charts).encode())
    return Rendered(name, _minutes(doc, fmt, charts), charts)


def render_named(
    session: Session, fmt: str, folder: Path | None = None, *, quick: bool = False
) -> tuple[bytes, str]:
    """The bytes of one format and the file name it is saved under (for the HTTP API: a
    download, so the Markdown carries its charts inside)."""
    rendered = render(session, fmt, folder, quick=quick, alone=True)
    return rendered.data, rendered.name


def write_exports(session: Session, folder: Path, *, quick: bool = False) -> dict[str, str]:
    """Write every format, and the charts, into the session's folder; their paths by format.

    The minutes are built once for both the Markdown and the .docx; the charts are written
    first, so a file that links one never points at nothing. `quick`: a server's, at `end`
    (exports/topics.py, `thread_of`).
    """
    thread_of(session, folder, quick=quick)
    doc = minutes_document(session)
    charts = draw_charts(doc)
    for name, png in charts.items():
        atomic_write(folder / name, png)
    paths: dict[str, str] = {}
    for fmt in FORMATS:
        if fmt == "json":
            data = to_json_text(session_to_export(session, time.time())).encode()
        else:
            data = _minutes(doc, fmt, charts)
        path = folder / export_name(session, fmt)
        atomic_write(path, data)
        paths[fmt] = str(path.resolve())
    return paths
