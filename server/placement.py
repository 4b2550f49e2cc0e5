"""The rode draad on the server: answers placed in topics off the event loop, as they are stored.

One worker process per server (`PlacementPool`, started on the first job, at idle priority below
the event loop) runs the job function the command line hands over (rode_draad/worker.py: the
model, or the lexical fallback). Each session has a `Placer`: a change that touches a question's
answers, topics or hand placements marks the question; one job at a time places all its shown
answers again from the current durable session, so a burst of answers costs one job, and the
same data always gives the same placement. What changed is recorded as one `Place` change
(journalled like any other, so placements survive a restart and the exports read them), then
sent as `placed`. Suggestions among the unplaced answers are computed at most once every
SUGGEST_EVERY seconds per question and kept in memory (and, by the worker, in the session's
folder for the exports).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from dialoogtafel.server.domain import Session
from dialoogtafel.server.domain.commands import Place
from dialoogtafel.server.domain.events import (
    AnswerChanged,
    Event,
    Placed,
    Rejected,
    TopicChanged,
)

if TYPE_CHECKING:
    from dialoogtafel.server.live import LiveSession

log = logging.getLogger(__name__)

Job = dict[str, Any]
SUGGEST_EVERY = 2.0  # seconds between two suggestion runs of one question


class PlacementPool:
    """The one worker process that places answers; started on first use, never at start-up."""

    def __init__(self, run: Callable[[Job], Job], init: Callable[[int], None]) -> None:
        self._run = run
        self._init = init
        self._pool: ProcessPoolExecutor | None = None

    async def __call__(self, job: Job) -> Job:
        """Run one job in the worker process."""
        if self._pool is None:
            import multiprocessing

            context = multiprocessing.get_context("spawn")  # no fork of a running event loop
            with _real_stderr():  # its queues start multiprocessing's resource tracker
                self._pool = ProcessPoolExecutor(
                    1, mp_context=context, initializer=self._init, initargs=(os.getpid(),)
                )
        loop = asyncio.get_running_loop()
        try:
            with _real_stderr():  # the pool starts its process on the first submit
                future = loop.run_in_executor(self._pool, self._run, job)
            return await future
        except BrokenProcessPool:
            self._pool = None  # the worker died: the next job starts a new one
            raise

    def close(self) -> None:
        """Stop the worker process now, abandoning the job it runs: its placements would be
        recorded by nobody, and `concurrent.futures` joins a pool's processes when the
        interpreter exits, so a long job (a cold model, a long day's question) would hold a
        SIGTERMed server for a minute."""
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        terminate = getattr(pool, "terminate_workers", None)  # Python 3.14 and later
        if terminate is not None:
            terminate()
            return
        # before 3.14: what terminate_workers does (the pool keeps its processes by pid)
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(OSError, ValueError):
                process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)


@contextlib.contextmanager
def _real_stderr() -> Iterator[None]:
    """The process's own stderr while a worker starts: a Textual app (`dialoog start`) replaces
    sys.stderr with an object without a file descriptor, and multiprocessing passes that one on."""
    try:
        ok = sys.stderr.fileno() >= 0  # Textual's stand-in answers -1
    except (OSError, ValueError, AttributeError):
        ok = False
    if ok or sys.__stderr__ is None:
        yield
        return
    replaced, sys.stderr = sys.stderr, sys.__stderr__
    try:
        yield
    finally:
        sys.stderr = replaced


def questions_touched(s: Session, events: tuple[Event, ...]) -> set[str]:
    """The questions whose placement inputs (answers, topics, hand placements) these changed."""
    out: set[str] = set()
    for e in events:
        match e:
            case AnswerChanged(answer=a):
                out.add(a.question)
            case TopicChanged(topic=t):
                out.add(t.question)
            case Placed(answer=answer_id, placement=p) if p.by == "leader":
                a = s.answers.get(answer_id)
                if a is not None:
                    out.add(a.question)
    return out


def job_for(s: Session, question: str, folder: str, suggest: bool) -> Job:
    """One question's placement job, from the durable session."""
    q = s.questions.question(question)
    answers = sorted(
        (a.id, a.text) for a in s.answers.values() if a.question == question and a.state == "shown"
    )
    shown = {a for a, _ in answers}
    topics = [
        [t.id, t.name, t.about]
        for t in s.topics.values()
        if t.question == question and not t.removed
    ]
    hand = {a: p.topic for a, p in s.placements.items() if p.by == "leader" and a in shown}
    return {
        "folder": folder,
        "question": question,
        "text": q.text if q else "",
        "language": s.questions.language,
        "topics": topics,
        "answers": [list(a) for a in answers],
        "hand": hand,
        "suggest": suggest,
    }


class Placer:
    """One session's placement: which questions wait, one job at a time, its results applied."""

    def __init__(self, live: LiveSession, pool: PlacementPool) -> None:
        self.live = live
        self.pool = pool
        self.waiting: set[str] = set()
        self.suggestions: dict[str, dict[str, Any]] = {}  # question -> suggestions message
        self.method = ""
        self._last_suggest: dict[str, float] = {}
        self._task: asyncio.Task[None] | None = None
        self._deferred: set[str] = set()  # questions without topics, due for proposals later
        self._idle = asyncio.Event()
        self._idle.set()
        self.jobs = 0

    def touch(self, questions: set[str]) -> None:
        """These questions need placing again: at once if they have topics (an answer is placed
        within the job's time), else (only proposals to make) once SUGGEST_EVERY has passed."""
        if not questions:
            return
        s = self.live.durable
        with_topics = {t.question for t in s.topics.values() if not t.removed}
        now = questions & with_topics
        for question in sorted(questions - now):
            self._defer(question)
        self._idle.clear()
        if now:
            self._start(now)

    def _defer(self, question: str) -> None:
        """A job for this question once SUGGEST_EVERY has passed (one, however often asked)."""
        if question not in self._deferred:
            self._deferred.add(question)
            asyncio.get_running_loop().call_later(SUGGEST_EVERY, self._due, question)

    def _due(self, question: str) -> None:
        if question in self._deferred:
            self._deferred.discard(question)
            self._start({question})

    def _start(self, questions: set[str]) -> None:
        self.waiting |= questions
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._work())

    async def settle(self, within: float) -> bool:
        """Run what waits, deferred ones too, and wait until it is done (bounded)."""
        deferred, self._deferred = self._deferred, set()
        if deferred:
            self._start(deferred)
        try:
            async with asyncio.timeout(within):
                await self._idle.wait()
            return True
        except TimeoutError:
            return False

    def stop(self) -> None:
        """No more jobs for this session."""
        if self._task is not None:
            self._task.cancel()

    async def _work(self) -> None:
        try:
            while self.waiting:
                question = min(self.waiting)
                self.waiting.discard(question)
                await self._one(question)
        except asyncio.CancelledError:
            raise
        except Exception:  # the loop's one catch-all: log it, keep the server running
            log.exception("rode draad placement failed session=%s", self.live.code)
        finally:
            if not self.waiting and not self._deferred:
                self._idle.set()

    async def _one(self, question: str) -> None:
        s = self.live.durable
        if s.state.ended:
            return
        now = time.monotonic()
        suggest = now - self._last_suggest.get(question, -SUGGEST_EVERY) >= SUGGEST_EVERY
        job = job_for(s, question, str(self.live.store.folder), suggest)
        try:
            result = await self.pool(job)
        except BrokenProcessPool:
            log.error("rode draad worker stopped session=%s", self.live.code)
            return
        self.jobs += 1
        self.method = result["method"]
        await self._record(question, job, result)
        if result.get("suggestions") is not None:
            self._last_suggest[question] = now
            self._suggested(question, result)
        elif question not in self.waiting:  # propose later, once the burst is over
            self._defer(question)

    async def _record(self, question: str, job: Job, result: Job) -> None:
        """Store what the computer's placement changed, as one Place change."""
        s = self.live.durable
        shown = {a for a, _ in job["answers"]}
        changes = []
        for answer_id in sorted(shown):
            now = s.placements.get(answer_id)
            if now is not None and now.by == "leader":
                continue
            wanted = result["placements"].get(answer_id)
            if (now.topic if now is not None else None) != wanted:
                changes.append((answer_id, wanted))
        if not changes and s.placing == result["method"]:
            return
        cmd = Place(f"place-{uuid.uuid4().hex}", question, result["method"], tuple(changes))
        outcome = await self.live.internal(cmd)
        if isinstance(outcome, Rejected):
            log.info("placement not recorded session=%s code=%s", self.live.code, outcome.code)

    def _suggested(self, question: str, result: Job) -> None:
        from dialoogtafel.server.protocol import suggestions_message

        msg = suggestions_message(
            question, result["method"], result["suggestions"], self.live.durable.seq
        )
        before = self.suggestions.get(question)
        self.suggestions[question] = msg
        same = before is not None and before["suggestions"] == msg["suggestions"]
        if not same or before["method"] != msg["method"]:
            self.live.to_watchers(msg)
