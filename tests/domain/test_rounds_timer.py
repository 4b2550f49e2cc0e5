"""Rounds, table hosts, the countdown and premoderation, on plain values."""

from __future__ import annotations

from dataclasses import replace

from dialoogtafel.server.domain import LEADER, Ok, apply
from dialoogtafel.server.domain import commands as c
from dialoogtafel.server.domain.codec import session_from_dict, session_to_dict
from dialoogtafel.server.domain.timer import remaining
from dialoogtafel.server.domain.views import SCREEN_VIEW, Viewer, visible_answers
from tests.domain.builders import AT, ok, refused, session

ANN, BOB, CAS = "author-ann", "author-bob", "author-cas"


def at(s, actor, cmd, when):
    """Apply at a given time; the new session."""
    result = apply(s, actor, cmd, when)
    assert isinstance(result, Ok), result
    return result.session


def seated(s=None, **tables: int):
    s = s or session()
    for n, (author, table) in enumerate(tables.items()):
        s = ok(s, author, c.Sit(f"sit-{author}-{n}", table))
    return s


def test_a_timer_runs_pauses_resumes_and_extends_in_server_time() -> None:
    """start 300 s, pause after 100, resume 50 later, +60: ends 410 s after its resume."""
    s = at(session(), LEADER, c.SetTimer("t1", "start", 300, "q1"), AT)
    assert s.state.timer is not None and s.state.timer.ends_at == AT + 300
    s = at(s, LEADER, c.SetTimer("t2", "pause"), AT + 100)
    assert s.state.timer is not None and s.state.timer.ends_at is None
    assert remaining(s.state.timer, AT + 999) == 200
    s = at(s, LEADER, c.SetTimer("t3", "resume"), AT + 150)
    s = at(s, LEADER, c.SetTimer("t4", "extend", 60), AT + 150)
    assert s.state.timer is not None and s.state.timer.ends_at == AT + 150 + 260
    assert s.state.timer.duration == 360 and s.state.timer.question == "q1"
    s = at(s, LEADER, c.SetTimer("t5", "stop"), AT + 200)
    assert s.state.timer is None


def test_an_expired_timer_extended_runs_again_from_now() -> None:
    """+60 on a timer that ran out 100 s ago gives 60 s from now, not from its end."""
    s = at(session(), LEADER, c.SetTimer("t1", "start", 60), AT)
    s = at(s, LEADER, c.SetTimer("t2", "extend", 60), AT + 160)
    assert s.state.timer is not None and s.state.timer.ends_at == AT + 220


def test_timer_actions_that_change_nothing_cause_nothing() -> None:
    """pause with no timer, resume of a running one: acked with no events."""
    result = apply(session(), LEADER, c.SetTimer("t1", "pause"), AT)
    assert isinstance(result, Ok) and result.events == ()
    s = ok(session(), LEADER, c.SetTimer("t2", "start", 60))
    result = apply(s, LEADER, c.SetTimer("t3", "resume"), AT)
    assert isinstance(result, Ok) and result.events == ()


def test_bad_timer_actions_are_refused() -> None:
    """No seconds, too many, an unknown question or action: bad_message; extend no timer: closed."""
    s = session()
    assert refused(s, LEADER, c.SetTimer("a", "start", 0)) == "bad_message"
    assert refused(s, LEADER, c.SetTimer("b", "start", 10**6)) == "bad_message"
    assert refused(s, LEADER, c.SetTimer("c", "start", 60, "q9")) == "bad_message"
    assert refused(s, LEADER, c.SetTimer("d", "launch", 60)) == "bad_message"
    assert refused(s, LEADER, c.SetTimer("e", "extend", 60)) == "closed"
    assert refused(s, ANN, c.SetTimer("f", "start", 60)) == "not_allowed"


def test_a_new_round_unseats_all_but_the_hosts() -> None:
    """Round 2: the host keeps table 1, the others have no table; answers carry their round."""
    s = seated(**{ANN: 1, BOB: 1, CAS: 2})
    s = ok(s, ANN, c.AddAnswer("a1", "q1", "Eerste ronde"))
    s = ok(s, ANN, c.SetHost("h1", True))
    s = ok(s, LEADER, c.NextRound("r2"))
    assert s.state.round == 2 and dict(s.seats) == {ANN: 1}
    s = ok(s, BOB, c.Sit("sit-again", 2))
    s = ok(s, BOB, c.AddAnswer("a2", "q1", "Tweede ronde"))
    assert s.answers["a1"].round == 1 and s.answers["a2"].round == 2


def test_earlier_rounds_show_at_a_table_only_while_it_has_a_host() -> None:
    """A newcomer at table 1 sees round 1's answers there while a host stays, not without."""
    s = seated(**{ANN: 1, BOB: 1})
    s = ok(s, BOB, c.AddAnswer("a1", "q1", "Ronde een"))
    s = ok(s, LEADER, c.NextRound("r2"))
    s = seated(s, **{CAS: 1})
    assert [a.id for a in visible_answers(s, Viewer("participant", CAS))] == []
    assert [a.id for a in visible_answers(s, Viewer("participant", BOB))] == ["a1"]  # its own
    s = ok(s, ANN, c.Sit("ann-back", 1))
    s = ok(s, ANN, c.SetHost("h1", True))
    assert [a.id for a in visible_answers(s, Viewer("participant", CAS))] == ["a1"]
    s = ok(s, ANN, c.Sit("ann-moves", 2))
    assert ANN not in s.hosts
    assert [a.id for a in visible_answers(s, Viewer("participant", CAS))] == []


def test_a_host_must_sit_first() -> None:
    """SetHost without a table: no_table."""
    assert refused(session(), ANN, c.SetHost("h1", True)) == "no_table"


def test_premoderated_answers_wait_until_approved() -> None:
    """Pending: only the author and the leader see it; approve shows it; an edit waits again."""
    s = seated(replace(session(), premoderate=True), **{ANN: 1, BOB: 1})
    s = ok(s, ANN, c.AddAnswer("a1", "q1", "Wacht even"))
    assert s.answers["a1"].state == "pending"
    assert visible_answers(s, SCREEN_VIEW) == []
    assert visible_answers(s, Viewer("participant", BOB)) == []
    assert [a.id for a in visible_answers(s, Viewer("participant", ANN))] == ["a1"]
    s = ok(s, LEADER, c.Moderate("m1", "a1", "approve"))
    assert [a.id for a in visible_answers(s, Viewer("participant", BOB))] == ["a1"]
    s = ok(s, ANN, c.EditAnswer("e1", "a1", "Nu anders"))
    assert s.answers["a1"].state == "pending" and visible_answers(s, SCREEN_VIEW) == []
    s = ok(s, LEADER, c.Moderate("m2", "a1", "hide"))
    assert s.answers["a1"].state == "hidden"
    assert visible_answers(s, Viewer("participant", ANN)) == []


def test_rounds_hosts_timer_and_premoderation_survive_the_codec() -> None:
    """A session with all of it comes back equal from its dict."""
    s = seated(replace(session(), premoderate=True), **{ANN: 1})
    s = ok(s, ANN, c.SetHost("h1", True))
    s = ok(s, LEADER, c.SetTimer("t1", "start", 60, "q2"))
    s = ok(s, LEADER, c.NextRound("r2"))
    s = ok(s, ANN, c.AddAnswer("a1", "q1", "Hier"))
    assert session_from_dict(session_to_dict(s)) == s
