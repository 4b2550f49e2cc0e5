"""The server wired to the exports and the question sets: every command and test starts it here."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from dialoogtafel.server.app import DialoogServer
from dialoogtafel.server.config import ServerConfig
from dialoogtafel.server.domain import QuestionSet, Session
from dialoogtafel.server.parts import BadSet, Parts


def _write_exports(session: Session, folder: Path) -> dict[str, str]:
    from dialoogtafel.exports.writer import write_exports  # loaded at the end, not at start

    return write_exports(session, folder, quick=True)  # `end` waits for it: seconds, not minutes


def _render_export(session: Session, fmt: str, folder: Path | None) -> tuple[bytes, str]:
    from dialoogtafel.exports.writer import render_named

    return render_named(session, fmt, folder, quick=True)


def _load_set(set_id: str | None, toml: str | None) -> QuestionSet:
    from dialoogtafel.question_sets import QuestionSetError, load_shipped, parse_set

    try:
        if toml is not None:
            return parse_set(toml, "the question set sent")
        return load_shipped(set_id or "")
    except QuestionSetError as err:
        raise BadSet(str(err)) from None


def _place(job: dict[str, Any]) -> dict[str, Any]:
    from dialoogtafel.rode_draad.worker import run  # in the worker process only

    return run(job)


def _place_init(server_pid: int | None = None) -> None:
    # One BLAS thread, set before numpy loads: on 2 cores shared with the event loop, BLAS
    # threads that spin made one answer cost ~100 ms instead of ~3 ms (docs/benchmarks.md).
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    from dialoogtafel.rode_draad.worker import init

    init(server_pid)


PARTS = Parts(
    write_exports=_write_exports,
    render_export=_render_export,
    load_set=_load_set,
    place=(_place, _place_init),
)


def make_server(config: ServerConfig) -> DialoogServer:
    """A server that writes the exports at `end` and loads sets for hosted `create`."""
    return DialoogServer(config, PARTS)
