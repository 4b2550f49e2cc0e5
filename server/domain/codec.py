"""Sessions and commands as plain JSON-ready dicts, and back: for the journal and the database."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, fields, replace
from typing import Any

from dialoogtafel.server.domain import commands as c
from dialoogtafel.server.domain.changerecord import ChangeRecord
from dialoogtafel.server.domain.frozenmap import AnswerMap, FrozenMap
from dialoogtafel.server.domain.model import (
    Answer,
    GroupChoice,
    Item,
    Placement,
    Question,
    QuestionSet,
    Response,
    Session,
    SessionState,
    SetTopic,
    Theme,
    Timer,
    Topic,
    Voting,
)
from dialoogtafel.server.domain.polls import tallies_of

COMMANDS: dict[str, type[c.Command]] = {
    cls.__name__: cls
    for cls in (
        c.Sit,
        c.AddAnswer,
        c.EditAnswer,
        c.Withdraw,
        c.CastVote,
        c.OpenQuestion,
        c.Focus,
        c.SetTheme,
        c.Moderate,
        c.SetVoting,
        c.AddNote,
        c.AddAction,
        c.EditItem,
        c.RemoveItem,
        c.GroupMerge,
        c.GroupRename,
        c.End,
        c.RecordExports,
        c.SetHost,
        c.SetTimer,
        c.NextRound,
        c.TopicAdd,
        c.TopicEdit,
        c.TopicRemove,
        c.TopicMove,
        c.Place,
        c.Respond,
        c.Ask,
        c.Reveal,
    )
}


# how a field's value becomes plain JSON data, by field name (every other field is as it is)
_PLAIN = {
    "fields": "dict({v})",
    "paths": "dict({v})",
    "placements": "[list(p) for p in {v}]",
    **{
        name: "None if {v} is None else list({v})"
        for name in ("answers", "picks", "options", "labels")
    },
}
_TO_DICT: dict[type, Callable[[c.Command], dict[str, Any]]] = {}


def command_to_dict(cmd: c.Command) -> dict[str, Any]:
    """A command as {"kind": class name, field: value, ...}."""
    make = _TO_DICT.get(type(cmd))
    if make is None:
        make = _TO_DICT[type(cmd)] = _to_dict(type(cmd))
    return make(cmd)


def _to_dict(cls: type) -> Callable[[c.Command], dict[str, Any]]:
    """command_to_dict for one command class: one dict display, made from its field names (every
    change passes here twice, for its digest and its journal line)."""
    items = [f"'kind': {cls.__name__!r}"]
    for f in fields(cls):
        value = _PLAIN.get(f.name, "{v}").format(v=f"cmd.{f.name}")
        items.append(f"{f.name!r}: {value}")
    scope: dict[str, Any] = {}
    exec(f"def to_dict(cmd):\n    return {{{', '.join(items)}}}", scope)
    return scope["to_dict"]  # type: ignore[no-any-return]


def command_from_dict(data: dict[str, Any]) -> c.Command:
    """The command a dict of command_to_dict describes (KeyError/TypeError if it is not one)."""
    values = dict(data)
    cls = COMMANDS[values.pop("kind")]
    if "placements" in values:  # the computer's placements: (answer, topic or None) pairs
        values["placements"] = tuple((a, t) for a, t in values["placements"])
    for name in ("answers", "picks", "options", "labels"):  # tuples, as the command made them
        if values.get(name) is not None:
            values[name] = tuple(values[name])
    return cls(**values)


def question_from_dict(data: dict[str, Any]) -> Question:
    """A question as asdict made it (lists back to tuples); older files have no poll fields."""
    values = dict(data)
    for name in ("options", "labels"):
        if name in values:
            values[name] = tuple(values[name])
    values["topics"] = tuple(SetTopic(**t) for t in values.get("topics", ()))
    return Question(**values)


def response_to_dict(r: Response) -> dict[str, Any]:
    """A response as a plain dict (for the database)."""
    return {**asdict(r), "picks": list(r.picks)}


def response_from_dict(data: dict[str, Any]) -> Response:
    """The response a dict of response_to_dict describes."""
    return Response(**{**data, "picks": tuple(data.get("picks", ()))})


def question_set_to_dict(qs: QuestionSet) -> dict[str, Any]:
    """A question set as a dict (the copy a session keeps)."""
    return asdict(qs)


def question_set_from_dict(data: dict[str, Any]) -> QuestionSet:
    """The question set a dict of question_set_to_dict describes."""
    return QuestionSet(
        id=data["id"],
        title=data["title"],
        language=data["language"],
        intro=data["intro"],
        questions=tuple(question_from_dict(q) for q in data["questions"]),
        themes=tuple(Theme(**t) for t in data.get("themes", ())),
        source=data.get("source", ""),
    )


def state_to_dict(state: SessionState) -> dict[str, Any]:
    """The session state as PROTOCOL.md's `state` object."""
    voting = state.voting
    return {
        "open": sorted(state.open),
        "focus": state.focus,
        "voting": None if voting is None else asdict(voting),
        "ended": state.ended,
        "ended_at": state.ended_at,
        "exports": dict(state.exports),
        "round": state.round,
        "timer": None if state.timer is None else asdict(state.timer),
        "revealed": sorted(state.revealed),
    }


def state_from_dict(data: dict[str, Any]) -> SessionState:
    """The session state a dict of state_to_dict describes."""
    voting = data.get("voting")
    return SessionState(
        open=frozenset(data["open"]),
        focus=data.get("focus"),
        voting=None if voting is None else Voting(**voting),
        ended=bool(data.get("ended", False)),
        ended_at=data.get("ended_at"),
        exports=dict(data.get("exports") or {}),
        round=data.get("round", 1),
        timer=None if data.get("timer") is None else Timer(**data["timer"]),
        revealed=frozenset(data.get("revealed", ())),
    )


def groupings_to_list(choices: tuple[GroupChoice, ...]) -> list[dict[str, Any]]:
    """The leader's rode-draad choices as plain dicts, in order."""
    return [{**asdict(g), "answers": list(g.answers)} for g in choices]


def groupings_from_list(data: list[dict[str, Any]]) -> tuple[GroupChoice, ...]:
    """The choices a list of groupings_to_list describes."""
    return tuple(GroupChoice(**{**g, "answers": tuple(g["answers"])}) for g in data)


def topics_to_list(topics: Mapping[str, Topic]) -> list[dict[str, Any]]:
    """The topics as plain dicts, in the order they were made."""
    return [asdict(t) for t in topics.values()]


def placements_to_dict(placements: Mapping[str, Placement]) -> dict[str, list[Any]]:
    """answer id -> [topic or None, by]."""
    return {a: [p.topic, p.by] for a, p in placements.items()}


def session_fields_to_dict(s: Session) -> dict[str, Any]:
    """The session's own fields, without its keyed collections (answers, votes, …): what the
    database keeps in its meta document, each collection being a table of its own."""
    return {
        "code": s.code,
        "title": s.title,
        "created": s.created,
        "questions": question_set_to_dict(s.questions),
        "tables": {str(n): theme for n, theme in s.tables.items()},
        "state": state_to_dict(s.state),
        "seq": s.seq,
        "premoderate": s.premoderate,
        "hosts": sorted(s.hosts),
        "groupings": groupings_to_list(s.groupings),
        "topics": topics_to_list(s.topics),
        "placements": placements_to_dict(s.placements),
        "placing": s.placing,
    }


def session_to_dict(s: Session) -> dict[str, Any]:
    """The whole session as one JSON-ready dict."""
    return session_fields_to_dict(s) | {
        "answers": [asdict(a) for a in s.answers.values()],
        "votes": {answer: sorted(voters) for answer, voters in s.votes.items()},
        "items": [asdict(i) for i in s.items.values()],
        "seats": dict(s.seats),
        "joined": {str(n): sorted(authors) for n, authors in s.joined.items()},
        "changes": {k: [r.actor, r.digest, r.seq] for k, r in s.changes.items()},
        "responses": [response_to_dict(r) for r in s.responses.values()],
    }


def session_from_dict(data: dict[str, Any]) -> Session:
    """The session a dict of session_to_dict describes (its poll counts counted afresh)."""
    s = Session(
        code=data["code"],
        title=data["title"],
        created=data["created"],
        questions=question_set_from_dict(data["questions"]),
        tables={int(n): theme for n, theme in data["tables"].items()},
        state=state_from_dict(data["state"]),
        answers=AnswerMap((a["id"], Answer(**a)) for a in data["answers"]),
        votes={answer: frozenset(voters) for answer, voters in data["votes"].items()},
        items={i["id"]: Item(**i) for i in data["items"]},
        seats=FrozenMap(data["seats"]),
        joined={int(n): frozenset(authors) for n, authors in data["joined"].items()},
        changes=FrozenMap((k, ChangeRecord(*r)) for k, r in data["changes"].items()),
        seq=data["seq"],
        premoderate=bool(data.get("premoderate", False)),
        hosts=frozenset(data.get("hosts", ())),
        groupings=groupings_from_list(data.get("groupings", [])),
        topics={t["id"]: Topic(**t) for t in data.get("topics", [])},
        placements={a: Placement(t, by) for a, (t, by) in data.get("placements", {}).items()},
        placing=data.get("placing", ""),
        responses=FrozenMap(
            ((r.question, r.author), r) for r in map(response_from_dict, data.get("responses", []))
        ),
    )
    return replace(s, tallies=tallies_of(s)) if s.responses else s
