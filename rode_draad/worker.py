"""The placement job: one question's answers placed in its topics, and suggestions among the rest.

`run(job)` is what the server's worker process calls (one at a time, off the event loop) and what
the exports call when they must compute. Jobs and results are plain dicts (the server, below this
package, cannot import its types). The model loads on the first job of the process; if it cannot,
the lexical method runs and the result says so. Vectors are cached in the session's folder, keyed
by model and text, so each answer is embedded once.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import time
from pathlib import Path
from typing import Any

import numpy as np

from dialoogtafel.rode_draad import tuning
from dialoogtafel.rode_draad.kept import SUGGESTIONS_FILE, read_suggestions, suggestion_digest
from dialoogtafel.rode_draad.placement import Space, place
from dialoogtafel.rode_draad.suggest import suggest
from dialoogtafel.rode_draad.vectors import (
    LEXICAL,
    Encoder,
    ModelUnavailable,
    VectorCache,
    load_encoders,
    wanted,
)
from dialoogtafel.rode_draad.words import content, question_forms

log = logging.getLogger(__name__)


_encoders: tuple[Encoder, ...] | None = None
_tried: str | None = None
_caches: dict[tuple[str, str], VectorCache] = {}


def init(server_pid: int | None = None) -> None:
    """The worker process's start: it runs only when the CPU has nothing else to do, and it dies
    with the server.

    SCHED_IDLE on Linux (the live path, the load generators and everything else come first);
    elsewhere the lowest nice value. A server killed with SIGKILL takes its worker along (Linux's
    parent-death signal), and the worker never holds the server's stdout open."""
    _die_with_parent(server_pid)
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)  # whoever reads the server's output sees it end with the server
        os.close(devnull)
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))  # type: ignore[attr-defined]
    except (OSError, AttributeError):
        with contextlib.suppress(OSError, AttributeError):
            os.nice(19)


def _die_with_parent(server_pid: int | None = None) -> None:
    """Linux: SIGKILL this process when its parent dies (prctl PR_SET_PDEATHSIG); exit at once
    when the server (`server_pid`, the parent that started it) died while it was starting: then
    its parent is already another process, and no signal would ever come."""
    parent = os.getppid() if server_pid is None else server_pid
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the call took effect
        os._exit(0)


def encoders() -> tuple[Encoder, ...]:
    """The model's encoders, loaded once per process; () when the lexical method must run."""
    global _encoders, _tried
    name = wanted()
    if _tried != name:
        _tried = name
        try:
            _encoders = load_encoders(name)
        except ModelUnavailable as err:
            log.warning("rode draad: model unavailable (%s); the lexical method runs", err)
            _encoders = ()
    return _encoders or ()


def method_name(found: tuple[Encoder, ...]) -> str:
    """What ran: the encoders' names, or "lexical"."""
    return "+".join(e.name for e in found) if found else LEXICAL


def _cache(folder: str | None, encoder: Encoder) -> VectorCache:
    key = (folder or "", encoder.name)
    if key not in _caches:
        if len(_caches) > 64:
            _caches.clear()
        _caches[key] = VectorCache(Path(folder) if folder else None, encoder)
    return _caches[key]


def topic_text(name: str, about: str) -> str:
    """What a topic says: its name and its sentence."""
    return f"{name}: {about}" if about else name


def _lexical_spaces(
    topics: list[str], answers: list[str], words: list[list[str]], language: str
) -> tuple[Space, Any]:
    from dialoogtafel.rode_draad.lexical import tfidf

    topic_words = [content(t, language) for t in topics]
    matrix, _ = tfidf(topic_words + words)
    k = len(topics)
    answer_rows = matrix[k:]
    space = Space(answer_rows, matrix[:k].toarray(), tuning.SCALE["lexical"])
    return space, answer_rows


def run(job: dict[str, Any]) -> dict[str, Any]:
    """Place one question's answers and suggest groups among the unplaced ones."""
    started = time.perf_counter()
    language = job.get("language", "nl")
    banned = question_forms(job.get("text", ""), language)
    answers = [tuple(a) for a in job["answers"]]
    topics = [tuple(t) for t in job["topics"]]
    ids = [a[0] for a in answers]
    texts = [a[1] for a in answers]
    words = [content(t, language, banned) for t in texts]
    topic_texts = [topic_text(t[1], t[2]) for t in topics]
    found = () if job.get("method") == LEXICAL else encoders()
    kind = "model" if found else "lexical"
    if found:
        spaces = []
        for e in found:
            cache = _cache(job.get("folder"), e)
            spaces.append(
                Space(cache.vectors(texts), cache.vectors(topic_texts), tuning.SCALE[e.name])
            )
        joined: Any = np.hstack([s.answers for s in spaces]) / np.sqrt(len(spaces))
    else:
        lexical, joined = _lexical_spaces(topic_texts, texts, words, language)
        spaces = [lexical]
    position = {answer_id: i for i, answer_id in enumerate(ids)}
    topic_index = {t[0]: j for j, t in enumerate(topics)}
    hand = {
        position[a]: (topic_index.get(t) if t is not None else None)
        for a, t in job.get("hand", {}).items()
        if a in position and (t is None or t in topic_index)
    }
    placements: dict[str, str | None] = {}
    if answers:
        for i, p in enumerate(place(spaces, hand, tuning.BAR[kind])):
            if p is not None:
                placements[ids[i]] = topics[p.topic][0] if p.topic is not None else None
    unplaced = [
        i
        for i in range(len(ids))
        if (hand[i] is None if i in hand else placements.get(ids[i]) is None)
    ]
    rows = joined[unplaced] if unplaced and job.get("suggest", True) else None
    if rows is not None and not isinstance(rows, np.ndarray):
        rows = rows.toarray()
    found_groups = (
        suggest(rows, [words[i] for i in unplaced], tuning.CUT[kind]) if rows is not None else []
    )
    suggestions: list[dict[str, Any]] | None = [
        {
            "label": " · ".join(g.keyphrases),
            "keyphrases": list(g.keyphrases),
            "answers": [ids[unplaced[i]] for i in g.answers],
            "typical": ids[unplaced[g.typical]],
        }
        for g in found_groups
    ]
    if not job.get("suggest", True):
        suggestions = None  # not asked for this time (the server asks at most every 2 s)
    result = {
        "question": job.get("question"),
        "method": method_name(found),
        "placements": placements,
        "suggestions": suggestions,
        "ms": round((time.perf_counter() - started) * 1000, 2),
    }
    if job.get("folder") and suggestions is not None:
        _remember(Path(job["folder"]), job, [ids[i] for i in unplaced], result)
    return result


_files: dict[str, dict[str, Any]] = {}


def _remember(
    folder: Path, job: dict[str, Any], unplaced: list[str], result: dict[str, Any]
) -> None:
    """Keep the question's suggestions in the session's folder, for the exports at the end."""
    texts = dict((a[0], a[1]) for a in job["answers"])
    digest = suggestion_digest(job.get("text", ""), [(a, texts[a]) for a in unplaced])
    data = _files.setdefault(str(folder), read_suggestions(folder))
    data[str(job.get("question"))] = {
        "digest": digest,
        "method": result["method"],
        "suggestions": result["suggestions"],
    }
    path = folder / SUGGESTIONS_FILE
    tmp = path.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError as err:  # a cache: the exports compute again
        log.warning("suggestions not kept: %s", err.strerror)
