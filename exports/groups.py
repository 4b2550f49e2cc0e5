"""The rode draad of a session: its shown answers grouped per question, with the leader's choices.

Both exports call `question_groups`; the last result is kept, so writing the JSON and the
minutes of one session at its end groups it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rode_draad import METHOD, VERSION, Choice, Entry, Group, group_answers
from server.domain.codec import groupings_to_list
from server.domain.model import Session


@dataclass(frozen=True, slots=True)
class QuestionGroups:
    """A question's groups and how many tables gave a shown answer to it ("van 8 tafels")."""

    groups: tuple[Group, ...]
    tables: int


_last: tuple[Session, dict[str, QuestionGroups]] | None = None


def question_groups(s: Session) -> dict[str, QuestionGroups]:
    """Each question's groups of shown answers, largest first; the same session, the same groups."""
    global _last  # a one-entry cache: the last session grouped (kept, so `is` is safe)
    if _last is not None and _last[0] is s:
        return _last[1]
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
    _last = (s, result)
    return result


def groups_to_export(s: Session) -> dict[str, Any]:
    """The rode draad for the JSON export: method and version, groups per question, choices."""
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
