"""The leader's rode-draad choices: merge groups of similar answers, or rename one.

The groups themselves are computed outside the domain (rode_draad/, with numpy); the domain
keeps only what the leader chose, against the answer ids the groups held at that moment, so a
choice still finds its group when new answers arrive or the grouping shifts.
"""

from __future__ import annotations

from dataclasses import replace

from dialoogtafel.server.domain import limits
from dialoogtafel.server.domain.answers import checked_text
from dialoogtafel.server.domain.commands import GroupMerge, GroupRename
from dialoogtafel.server.domain.events import GroupingChanged, Ok, Rejected
from dialoogtafel.server.domain.model import GroupChoice, Session


def choose(s: Session, cmd: GroupMerge | GroupRename) -> Ok | Rejected:
    """Record a merge or a rename of the groups holding these answers to the question."""
    if s.questions.question(cmd.question) is None:
        return Rejected("bad_message", cmd.id)
    if not cmd.answers or len(cmd.answers) > limits.GROUP_ANSWERS:
        return Rejected("bad_message", cmd.id)
    for answer_id in cmd.answers:
        a = s.answers.get(answer_id)
        if a is None or a.question != cmd.question:
            return Rejected("bad_message", cmd.id)
    answers = tuple(sorted(set(cmd.answers)))
    if isinstance(cmd, GroupMerge):
        choice = GroupChoice(cmd.id, "merge", cmd.question, answers)
    else:
        label = checked_text(cmd.label.replace("\n", " "), limits.GROUP_LABEL_CHARS, cmd.id)
        if isinstance(label, Rejected):
            return label
        choice = GroupChoice(cmd.id, "rename", cmd.question, answers, label)
    return Ok(replace(s, groupings=(*s.groupings, choice)), (GroupingChanged(choice),))
