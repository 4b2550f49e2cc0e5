"""Every kind of change a client can send, made at random for the crash trials.

PHONE and LEADER map each command kind of the domain (`server/domain/codec.COMMANDS`, by class
name) to a maker: a function that builds one frame of that kind from what its sender knows (a
View), or returns None when it cannot yet (no answer to edit, no note to remove). AddAnswer is
made by the Phone itself (its texts are what the trials check); End is sent once, at the end of
a run; SERVER_MADE kinds no client sends. `tests/reliability/test_crash_server.py` checks that
every kind of the domain is in one of these, so a new command on main fails it until it gets a
maker here (see docs/testing.md, "Crash trials").
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dialoogtafel.server.protocol import control, new_id

Frame = dict[str, Any]


@dataclass
class View:
    """What a client knows when it makes a change."""

    questions: tuple[str, ...] = ("q1", "q2", "q3", "q4")
    tables: int = 4
    themes: tuple[str, ...] = ()
    name: str = ""  # a prefix for the texts it types
    mine: list[str] = field(default_factory=list)  # this phone's answers, not withdrawn
    seen: dict[str, str] = field(default_factory=dict)  # answer id -> its question
    items: list[str] = field(default_factory=list)  # notes and actions this leader made
    timer: str = "none"  # the leader's guess: none, running or paused
    polls: dict[str, dict[str, Any]] = field(default_factory=dict)  # poll id -> its fields
    topics: dict[str, str] = field(default_factory=dict)  # the leader's topics -> their question


def learn_topic(view: View, msg: dict[str, Any]) -> None:
    """Keep a topic a `topic` message brings (or forget a removed one)."""
    if msg.get("removed"):
        view.topics.pop(msg.get("id", ""), None)
    elif isinstance(msg.get("id"), str) and isinstance(msg.get("question"), str):
        view.topics[msg["id"]] = msg["question"]


def learn_polls(view: View, msg: dict[str, Any]) -> None:
    """Keep the polls a welcome lists, or the one a `question` message brings."""
    fields = msg.get("session", {}).get("questions", []) if msg["type"] == "welcome" else [msg]
    for q in fields:
        if q.get("kind") in ("choice", "scale"):
            view.polls[q["id"]] = q


Maker = Callable[[View, random.Random], Frame | None]


def _pick(rng: random.Random, ids: list[str] | dict[str, str]) -> str | None:
    return rng.choice(list(ids)) if ids else None


def _edit(v: View, rng: random.Random) -> Frame | None:
    answer = _pick(rng, v.mine)
    cid = new_id()
    text = f"{v.name} edit {cid[:8]}"
    return None if answer is None else {"type": "edit", "id": cid, "answer": answer, "text": text}


def _withdraw(v: View, rng: random.Random) -> Frame | None:
    answer = _pick(rng, v.mine) if rng.random() < 0.3 else None  # not too many: answers matter
    return None if answer is None else {"type": "withdraw", "id": new_id(), "answer": answer}


def _vote(v: View, rng: random.Random) -> Frame | None:
    answer = _pick(rng, v.seen)
    on = rng.random() < 0.8
    return None if answer is None else {"type": "vote", "id": new_id(), "answer": answer, "on": on}


def _sit(v: View, rng: random.Random) -> Frame:
    return {"type": "table", "id": new_id(), "table": rng.randint(1, v.tables)}


def _host(v: View, rng: random.Random) -> Frame:
    return {"type": "host", "id": new_id(), "on": rng.random() < 0.5}


def _respond(v: View, rng: random.Random) -> Frame | None:
    question = _pick(rng, list(v.polls))
    if question is None:
        return None
    q, frame = v.polls[question], {"type": "response", "id": new_id(), "question": question}
    if q["kind"] == "choice":
        k = 0 if rng.random() < 0.1 else rng.randint(1, q["max_picks"])  # [] takes it back
        return frame | {"picks": rng.sample(range(len(q["options"])), k)}
    value = None if rng.random() < 0.1 else rng.randint(q["min"], q["max"])
    return frame | {"value": value}


PHONE: dict[str, Maker] = {
    "EditAnswer": _edit,
    "Withdraw": _withdraw,
    "CastVote": _vote,
    "Sit": _sit,
    "SetHost": _host,
    "Respond": _respond,
}


def _open(v: View, rng: random.Random) -> Frame:
    # closing is rarer than opening, so most questions stay open for the phones' answers
    return control("close" if rng.random() < 0.3 else "open", question=rng.choice(v.questions))


def _moderate(v: View, rng: random.Random) -> Frame | None:
    answer = _pick(rng, v.seen)
    actions = ["hide", "unhide", "unhide", "highlight", "unhighlight", "approve"]
    return None if answer is None else control(rng.choice(actions), answer=answer)


def _theme(v: View, rng: random.Random) -> Frame:
    theme = rng.choice([None, *v.themes])
    return control("theme", table=rng.randint(1, v.tables), theme=theme)


def _voting(v: View, rng: random.Random) -> Frame:
    on = rng.random() < 0.6
    return control("voting", question=rng.choice(v.questions), on=on, votes_per_device=3)


def _item_edit(v: View, rng: random.Random) -> Frame | None:
    item = _pick(rng, v.items)
    return None if item is None else control("edit_item", item=item, text=f"{v.name} bewerkt")


def _item_remove(v: View, rng: random.Random) -> Frame | None:
    item = _pick(rng, v.items) if rng.random() < 0.3 else None
    return None if item is None else control("remove_item", item=item)


def _group(kind: str) -> Maker:
    def make(v: View, rng: random.Random) -> Frame | None:
        question = rng.choice(v.questions)
        of_it = [a for a, q in v.seen.items() if q == question]
        if len(of_it) < 2:
            return None
        answers = rng.sample(of_it, 2)
        if kind == "group_merge":
            return control(kind, question=question, answers=answers)
        return control(kind, question=question, answers=answers, label=f"{v.name} groep")

    return make


def _timer(v: View, rng: random.Random) -> Frame:
    verbs = {"none": ["start"], "running": ["pause", "extend", "stop"], "paused": ["resume"]}
    verb = rng.choice(verbs[v.timer])
    if verb in ("start", "extend"):
        return control("timer", timer=verb, seconds=rng.randint(60, 600))
    return control("timer", timer=verb)


def _ask(v: View, rng: random.Random) -> Frame | None:
    if rng.random() < 0.5 or len(v.polls) >= 6:  # a few polls are enough to respond to
        return None
    if rng.random() < 0.5:
        options = [f"optie {n}" for n in range(rng.randint(2, 5))]
        picks = rng.randint(1, len(options))
        return control(
            "ask", kind="choice", text=f"{v.name} kies", options=options, max_picks=picks
        )
    return control(
        "ask", kind="scale", text=f"{v.name} stelling", min=1, max=5, labels=["oneens", "eens"]
    )


def _reveal(v: View, rng: random.Random) -> Frame | None:
    question = _pick(rng, list(v.polls))
    on = rng.random() < 0.5
    return None if question is None else control("reveal", question=question, on=on)


def _topic_add(v: View, rng: random.Random) -> Frame | None:
    if len(v.topics) >= 12:
        return None
    question = rng.choice(v.questions)
    of_it = [a for a, q in v.seen.items() if q == question]
    answers = rng.sample(of_it, min(len(of_it), rng.randint(0, 2)))
    fields: dict[str, Any] = {"question": question, "name": f"{v.name} onderwerp"}
    if rng.random() < 0.5:
        fields["about"] = "Een zin over het onderwerp."
    return control("topic_add", **fields, **({"answers": answers} if answers else {}))


def _topic_edit(v: View, rng: random.Random) -> Frame | None:
    topic = _pick(rng, v.topics)
    return None if topic is None else control("topic_edit", topic=topic, name=f"{v.name} anders")


def _topic_remove(v: View, rng: random.Random) -> Frame | None:
    topic = _pick(rng, v.topics) if rng.random() < 0.3 else None
    return None if topic is None else control("topic_remove", topic=topic)


def _topic_move(v: View, rng: random.Random) -> Frame | None:
    answer = _pick(rng, v.seen)
    if answer is None:
        return None
    fitting = [t for t, q in v.topics.items() if q == v.seen[answer]]
    topic = rng.choice([None, *fitting])  # null: "fits no topic"
    return control("topic_move", answer=answer, topic=topic)


def _next_round(v: View, rng: random.Random) -> Frame | None:
    return control("next_round") if rng.random() < 0.05 else None  # rare: phones sit again


LEADER: dict[str, Maker] = {
    "OpenQuestion": _open,
    "Focus": lambda v, rng: control("focus", question=rng.choice(v.questions)),
    "SetTheme": _theme,
    "Moderate": _moderate,
    "SetVoting": _voting,
    "AddNote": lambda v, rng: control(
        "note", question=rng.choice([None, *v.questions]), text=f"{v.name} notitie"
    ),
    "AddAction": lambda v, rng: control(
        "action_item", text=f"{v.name} actie", who="wie", when="morgen"
    ),
    "EditItem": _item_edit,
    "RemoveItem": _item_remove,
    "GroupMerge": _group("group_merge"),
    "GroupRename": _group("group_rename"),
    "SetTimer": _timer,
    "NextRound": _next_round,
    "Ask": _ask,
    "Reveal": _reveal,
    "TopicAdd": _topic_add,
    "TopicEdit": _topic_edit,
    "TopicRemove": _topic_remove,
    "TopicMove": _topic_move,
}

MADE_BY_THE_PHONE = frozenset({"AddAnswer"})  # Phone.new_answer: the texts the trials check
AT_THE_END = frozenset({"End"})  # the leader ends the session once, after the last trial
# the server records where it wrote the files, and where its worker placed an answer
SERVER_MADE = frozenset({"RecordExports", "Place"})

# Refusals that mean the generator or the server is broken, whoever sent the change; the rest
# (closed, not_allowed, no_table, too_many, and bad_message for a leader's change that did not
# fit the moment, e.g. a timer paused twice) are the rules doing their work.
BROKEN = frozenset({"bad_json", "unknown_type", "too_long", "too_big", "hello_first"})


def kind_of(frame: Frame) -> str:
    """The domain's command kind of a frame a client sent."""
    wire = {
        "answer": "AddAnswer",
        "edit": "EditAnswer",
        "withdraw": "Withdraw",
        "vote": "CastVote",
        "table": "Sit",
        "host": "SetHost",
        "response": "Respond",
    }
    if frame["type"] != "control":
        return wire[frame["type"]]
    actions = {
        "open": "OpenQuestion",
        "close": "OpenQuestion",
        "focus": "Focus",
        "theme": "SetTheme",
        "voting": "SetVoting",
        "note": "AddNote",
        "action_item": "AddAction",
        "edit_item": "EditItem",
        "remove_item": "RemoveItem",
        "group_merge": "GroupMerge",
        "group_rename": "GroupRename",
        "timer": "SetTimer",
        "next_round": "NextRound",
        "end": "End",
        "ask": "Ask",
        "reveal": "Reveal",
        "topic_add": "TopicAdd",
        "topic_edit": "TopicEdit",
        "topic_remove": "TopicRemove",
        "topic_move": "TopicMove",
    }
    return actions.get(frame["action"], "Moderate")
