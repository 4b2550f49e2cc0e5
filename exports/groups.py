"""The rode draad of a session: its shown answers grouped per question, with the leader's choices.

Both exports call `question_groups`; the last result is kept, so writing the JSON and the
minutes of one session at its end groups it once. Given the session's folder, the groups are
also kept there (rode-draad.json, with a digest of everything they depend on): grouping 10,000
answers takes about a second, so `dialoog export` reuses what the end of the session computed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dialoogtafel.server.domain.codec import groupings_to_list
from dialoogtafel.server.domain.model import Session
from dialoogtafel.server.storage.files import atomic_write

CACHE_FILE = "rode-draad.json"

if TYPE_CHECKING:
    from dialoogtafel.rode_draad import Group


@dataclass(frozen=True, slots=True)
class QuestionGroups:
    """A question's groups and how many tables gave a shown answer to it ("van 8 tafels")."""

    groups: tuple[Group, ...]
    tables: int


_last: tuple[Session, dict[str, QuestionGroups]] | None = None


def question_groups(s: Session, folder: Path | None = None) -> dict[str, QuestionGroups]:
    """Each question's groups of shown answers, largest first; the same session, the same groups.

    With the session's folder: read from its cache file when that matches, else written there.
    """
    global _last  # a one-entry cache: the last session grouped (kept, so `is` is safe)
    if _last is not None and _last[0] is s:
        return _last[1]
    digest = _digest(s) if folder is not None else ""
    result = _read(folder / CACHE_FILE, digest) if folder is not None else None
    if result is None:
        result = _computed(s)
        if folder is not None:
            _write(folder / CACHE_FILE, digest, result)
    _last = (s, result)
    return result


def _digest(s: Session) -> str:
    """What the groups depend on: the method, the questions, the shown answers, the choices."""
    from dialoogtafel.rode_draad import METHOD, VERSION

    shown = sorted(
        (a.id, a.question, a.table, a.text) for a in s.answers.values() if a.state == "shown"
    )
    questions = [(q.id, q.text) for q in s.questions.questions]
    basis = [
        METHOD,
        VERSION,
        s.questions.language,
        questions,
        shown,
        groupings_to_list(s.groupings),
    ]
    return hashlib.sha256(json.dumps(basis, ensure_ascii=False).encode()).hexdigest()


def _read(path: Path, digest: str) -> dict[str, QuestionGroups] | None:
    """The cached groups if the file is there, readable and made from the same input."""
    from dialoogtafel.rode_draad import Group

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("digest") != digest:
            return None
        return {
            q: QuestionGroups(
                tuple(
                    Group(
                        g["key"],
                        g["label"],
                        tuple(g["answers"]),
                        tuple(g["tables"]),
                        tuple(g["representatives"]),
                        g["renamed"],
                    )
                    for g in found["groups"]
                ),
                found["tables"],
            )
            for q, found in data["questions"].items()
        }
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no cache, or one from another version: group again


def _write(path: Path, digest: str, result: dict[str, QuestionGroups]) -> None:
    questions = {
        q: {"tables": found.tables, "groups": [asdict(g) for g in found.groups]}
        for q, found in result.items()
    }
    text = json.dumps({"digest": digest, "questions": questions}, ensure_ascii=False)
    with contextlib.suppress(OSError):  # a cache only: the next export groups again
        atomic_write(path, text.encode())


def _computed(s: Session) -> dict[str, QuestionGroups]:
    from dialoogtafel.rode_draad import Choice, Entry
    from dialoogtafel.rode_draad.groups import group_answers  # numpy: only when there is grouping

    entries: dict[str, list[Entry]] = {}
    for a in s.answers.values():
        if a.state == "shown":
            entries.setdefault(a.question, []).append(Entry(a.id, a.table, a.text))
    choices: dict[str, list[Choice]] = {}
    for g in s.groupings:
        choices.setdefault(g.question, []).append(Choice(g.kind, g.answers, g.label))
    language = s.questions.language
    result = {
        q.id: QuestionGroups(
            group_answers(entries[q.id], choices.get(q.id, ()), language, question=q.text),
            len({e.table for e in entries[q.id]}),
        )
        for q in s.questions.questions
        if q.id in entries
    }
    return result


def groups_to_export(s: Session) -> dict[str, Any]:
    """The rode draad for the JSON export: method and version, groups per question, choices."""
    from dialoogtafel.rode_draad import METHOD, VERSION

    return {
        "method": METHOD,
        "version": VERSION,
        "questions": [
            {
                "question": question,
                "tables": found.tables,
                "groups": [
                    {
                        "label": g.label,
                        "renamed": g.renamed,
                        "answers": list(g.answers),
                        "tables": list(g.tables),
                        "representatives": list(g.representatives),
                    }
                    for g in found.groups
                ],
            }
            for question, found in question_groups(s).items()
        ],
        "choices": groupings_to_list(s.groupings),
    }
