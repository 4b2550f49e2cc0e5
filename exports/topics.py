"""The rode draad of a session for both exports: per question its topics with the answers placed
in them (as the server placed them: read from the session, never placed again here), the
unplaced answers, and the computer's suggestions among those (kept in the session's folder by
the placement worker; computed here only when that copy is missing or stale).

Only shown answers count: hidden, withdrawn and pending ones are in none of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialoogtafel.server.domain.model import Answer, Session, Topic
from dialoogtafel.server.domain.views import vote_count


@dataclass(frozen=True, slots=True)
class TopicPart:
    """A topic with its placed answers (best examples first), those placed by hand, its tables."""

    topic: Topic
    answers: tuple[str, ...]
    by_leader: tuple[str, ...]
    tables: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class QuestionThread:
    """One open question's rode draad."""

    question: str
    tables: int  # tables that gave a shown answer to it
    topics: tuple[TopicPart, ...]
    unplaced: tuple[str, ...]
    suggestions: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Thread:
    """The whole session's rode draad and how it was made."""

    questions: dict[str, QuestionThread]
    method: str  # a model's name, "lexical", or "" when nothing was placed or suggested
    placing: str  # what the computer placed with ("" when it placed nothing)
    by_hand: int  # shown answers the leader placed by hand (in a topic or in none)
    proposed_with: tuple[str, ...] = ()  # what the proposals were made with, sorted


_last: tuple[Session, Thread] | None = None


def thread_of(s: Session, folder: Path | None = None, *, quick: bool = False) -> Thread:
    """The rode draad; the last session's is kept (the JSON and the minutes share one).

    `quick` (a server writing the files at `end`, or serving them): proposals the worker did
    not keep for the current answers are made with the word comparison, in seconds, never with
    the language model, which may need minutes for a long day's answers it has not seen."""
    global _last  # a one-entry cache, as the writer renders both formats of one session
    if _last is not None and _last[0] is s:
        return _last[1]
    result = _computed(s, folder, quick)
    _last = (s, result)
    return result


def _order(s: Session, answers: list[Answer], hand: set[str]) -> list[Answer]:
    """Examples first: highlighted, most votes, placed by hand, oldest."""
    return sorted(
        answers,
        key=lambda a: (not a.highlighted, -vote_count(s, a.id), a.id not in hand, a.created, a.id),
    )


def _computed(s: Session, folder: Path | None, quick: bool) -> Thread:
    kept: dict[str, Any] | None = None  # the worker's file, read once when a question needs it
    shown: dict[str, list[Answer]] = {}
    for a in s.answers.values():
        if a.state == "shown":
            shown.setdefault(a.question, []).append(a)
    questions: dict[str, QuestionThread] = {}
    methods: set[str] = set()
    by_hand = 0
    for q in s.questions.questions:
        if q.is_poll:
            continue  # a poll has counts, not answers
        answers = shown.get(q.id, [])
        topics = [t for t in s.topics.values() if t.question == q.id and not t.removed]
        if not answers and not topics:
            continue
        placed: dict[str, list[Answer]] = {t.id: [] for t in topics}
        hand: set[str] = set()
        unplaced = []
        for a in answers:
            p = s.placements.get(a.id)
            if p is not None and p.by == "leader":
                hand.add(a.id)
            if p is not None and p.topic in placed:
                placed[p.topic].append(a)
            else:
                unplaced.append(a)
        by_hand += len(hand)
        parts = tuple(
            TopicPart(
                t,
                tuple(a.id for a in _order(s, placed[t.id], hand)),
                tuple(sorted(a.id for a in placed[t.id] if a.id in hand)),
                tuple(sorted({a.table for a in placed[t.id]})),
            )
            for t in topics
        )
        parts = tuple(sorted(parts, key=lambda p: -len(p.answers)))  # stable: set order on ties
        if kept is None and unplaced and folder is not None:
            from dialoogtafel.rode_draad.kept import read_suggestions

            kept = read_suggestions(folder)
        suggestions, method = _suggestions(s, q.id, q.text, unplaced, folder, kept or {}, quick)
        if method:
            methods.add(method)
        questions[q.id] = QuestionThread(
            q.id,
            len({a.table for a in answers}),
            parts,
            tuple(a.id for a in sorted(unplaced, key=lambda a: (a.created, a.id))),
            tuple(suggestions),
        )
    method = s.placing or (min(methods) if methods else "")
    return Thread(questions, method, s.placing, by_hand, tuple(sorted(methods)))


def _suggestions(
    s: Session,
    question: str,
    text: str,
    unplaced: list[Answer],
    folder: Path | None,
    kept_all: dict[str, Any],
    quick: bool = False,
) -> tuple[list[dict[str, Any]], str]:
    """The worker's suggestions (`kept_all`, read from the folder) if they match these unplaced
    answers, else computed here (`quick`: with the word comparison)."""
    from dialoogtafel.rode_draad.kept import suggestion_digest

    if not unplaced:
        return [], ""
    pairs = [(a.id, a.text) for a in unplaced]
    kept = kept_all.get(question)
    if kept and kept.get("digest") == suggestion_digest(text, pairs):
        return list(kept["suggestions"]), str(kept.get("method", ""))
    # no worker ran (or its copy is stale): the model only if the session was placed with it
    job = {
        "folder": str(folder) if folder is not None else None,
        "question": question,
        "text": text,
        "language": s.questions.language,
        "topics": [],
        "answers": [list(p) for p in sorted(pairs)],
        "hand": {},
        "method": "" if s.placing not in ("", "lexical") and not quick else "lexical",
    }
    from dialoogtafel.rode_draad.worker import run  # numpy: only when computing

    result = run(job)
    return list(result["suggestions"] or []), str(result["method"])


def thread_to_export(s: Session) -> dict[str, Any]:
    """The JSON export's `rode_draad` (PROTOCOL.md, Topics of the rode draad)."""
    found = thread_of(s)
    return {
        "method": found.method,
        "placed_by_hand": found.by_hand,
        "questions": [
            {
                "question": qt.question,
                "tables": qt.tables,
                "topics": [
                    {
                        "id": p.topic.id,
                        "name": p.topic.name,
                        "about": p.topic.about,
                        "source": p.topic.source,
                        "answers": list(p.answers),
                        "by_leader": list(p.by_leader),
                        "tables": list(p.tables),
                    }
                    for p in qt.topics
                ],
                "unplaced": list(qt.unplaced),
                "suggestions": [
                    {
                        "label": g["label"],
                        "keyphrases": list(g["keyphrases"]),
                        "answers": list(g["answers"]),
                        "typical": g["typical"],
                    }
                    for g in qt.suggestions
                ],
            }
            for qt in found.questions.values()
        ],
    }
