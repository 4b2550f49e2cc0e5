"""The rode draad's topics and placements: the leader's topic changes, hand placements, and the
placements the computer makes (recorded by the server as a change like any other).

A hand placement always wins: the computer's placements never overwrite one. Removing a topic
drops every placement into it, so its answers are unplaced until placed again.
"""

from __future__ import annotations

from dataclasses import replace

from dialoogtafel.server.domain import limits
from dialoogtafel.server.domain.answers import checked_text
from dialoogtafel.server.domain.commands import Place, TopicAdd, TopicEdit, TopicMove, TopicRemove
from dialoogtafel.server.domain.events import Event, Ok, Placed, Rejected, TopicChanged
from dialoogtafel.server.domain.model import Placement, QuestionSet, Session, Topic


def set_topics(questions: QuestionSet) -> dict[str, Topic]:
    """The topics a question set lists, as a new session's topics (ids `q1.t1`, `q1.t2`, …)."""
    out: dict[str, Topic] = {}
    for q in questions.questions:
        for n, t in enumerate(q.topics, 1):
            topic_id = f"{q.id}.t{n}"
            out[topic_id] = Topic(topic_id, q.id, t.name, t.about, "set")
    return out


def active(s: Session, topic_id: str | None) -> Topic | None:
    """The topic with this id unless removed."""
    t = s.topics.get(topic_id) if topic_id is not None else None
    return t if t is not None and not t.removed else None


def _name(raw: str, ref: str) -> str | Rejected:
    return checked_text(raw.replace("\n", " "), limits.TOPIC_NAME_CHARS, ref)


def _about(raw: str, ref: str) -> str | Rejected:
    if not raw.strip():
        return ""
    return checked_text(raw.replace("\n", " "), limits.TOPIC_ABOUT_CHARS, ref)


def add_topic(s: Session, cmd: TopicAdd) -> Ok | Rejected:
    """A new topic for an open question; the answers it comes with are placed in it by hand."""
    question = s.questions.question(cmd.question)
    if question is None or question.is_poll:
        return Rejected("bad_message", cmd.id)
    count = sum(1 for t in s.topics.values() if t.question == cmd.question and not t.removed)
    if count >= limits.TOPICS_PER_QUESTION or len(cmd.answers) > limits.GROUP_ANSWERS:
        return Rejected("too_many", cmd.id)
    name, about = _name(cmd.name, cmd.id), _about(cmd.about, cmd.id)
    if isinstance(name, Rejected):
        return name
    if isinstance(about, Rejected):
        return about
    for answer_id in cmd.answers:
        a = s.answers.get(answer_id)
        if a is None or a.question != cmd.question or a.state == "withdrawn":
            return Rejected("bad_message", cmd.id)
    topic = Topic(cmd.id, cmd.question, name, about, "leader")
    placement = Placement(topic.id, "leader")
    answers = sorted(set(cmd.answers))
    placements = {**s.placements, **dict.fromkeys(answers, placement)}
    events: tuple[Event, ...] = (
        TopicChanged(topic),
        *(Placed(a, placement) for a in answers),
    )
    return Ok(replace(s, topics={**s.topics, topic.id: topic}, placements=placements), events)


def edit_topic(s: Session, cmd: TopicEdit) -> Ok | Rejected:
    """Rename a topic or change its sentence."""
    topic = active(s, cmd.topic)
    if topic is None or (cmd.name is None and cmd.about is None):
        return Rejected("bad_message", cmd.id)
    changed = topic
    if cmd.name is not None:
        name = _name(cmd.name, cmd.id)
        if isinstance(name, Rejected):
            return name
        changed = replace(changed, name=name)
    if cmd.about is not None:
        about = _about(cmd.about, cmd.id)
        if isinstance(about, Rejected):
            return about
        changed = replace(changed, about=about)
    return Ok(replace(s, topics={**s.topics, topic.id: changed}), (TopicChanged(changed),))


def remove_topic(s: Session, cmd: TopicRemove) -> Ok | Rejected:
    """Remove a topic; every answer placed in it (by hand or not) becomes unplaced."""
    topic = active(s, cmd.topic)
    if topic is None:
        return Rejected("bad_message", cmd.id)
    gone = replace(topic, removed=True)
    dropped = sorted(a for a, p in s.placements.items() if p.topic == topic.id)
    placements = {a: p for a, p in s.placements.items() if p.topic != topic.id}
    unplaced = Placement(None, "model")
    events: tuple[Event, ...] = (TopicChanged(gone), *(Placed(a, unplaced) for a in dropped))
    return Ok(replace(s, topics={**s.topics, topic.id: gone}, placements=placements), events)


def move_answer(s: Session, cmd: TopicMove) -> Ok | Rejected:
    """Place one answer by hand in a topic of its question, or in none."""
    a = s.answers.get(cmd.answer)
    if a is None or a.state == "withdrawn":
        return Rejected("bad_message", cmd.id)
    if cmd.topic is not None:
        topic = active(s, cmd.topic)
        if topic is None or topic.question != a.question:
            return Rejected("bad_message", cmd.id)
    placement = Placement(cmd.topic, "leader")
    placements = {**s.placements, a.id: placement}
    return Ok(replace(s, placements=placements), (Placed(a.id, placement),))


def place(s: Session, cmd: Place) -> Ok | Rejected:
    """Record the computer's placements; a hand placement or a stale topic is left alone."""
    if s.questions.question(cmd.question) is None:
        return Rejected("bad_message", cmd.id)
    placements = dict(s.placements)
    events: list[Event] = []
    for answer_id, topic_id in cmd.placements:
        a = s.answers.get(answer_id)
        now = placements.get(answer_id)
        if a is None or a.question != cmd.question or (now is not None and now.by == "leader"):
            continue
        if topic_id is None:
            if now is not None:
                del placements[answer_id]
                events.append(Placed(answer_id, Placement(None, "model")))
            continue
        topic = active(s, topic_id)
        if topic is None or topic.question != cmd.question:
            continue
        placement = Placement(topic_id, "model")
        if now != placement:
            placements[answer_id] = placement
            events.append(Placed(answer_id, placement))
    return Ok(replace(s, placements=placements, placing=cmd.method), tuple(events))
