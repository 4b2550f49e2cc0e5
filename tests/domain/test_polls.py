"""Poll rules: responses given, replaced and taken back; questions asked live; reveal."""

from __future__ import annotations

from dialoogtafel.server.domain import LEADER, apply
from dialoogtafel.server.domain.commands import (
    AddAnswer,
    Ask,
    OpenQuestion,
    Respond,
    Reveal,
    SetVoting,
    Sit,
)
from dialoogtafel.server.domain.events import Ok, QuestionAdded, ResultsChanged
from dialoogtafel.server.domain.polls import results
from tests.domain.builders import AT, MIXED, ok, refused, session


def seated(*tables: int):
    """A mixed session with one device per given table (dev0 at tables[0], …)."""
    s = session(qs=MIXED)
    for n, table in enumerate(tables):
        s = ok(s, f"dev{n}", Sit(f"s{n}", table))
    return s


def test_a_choice_response_is_counted_once_and_replaced() -> None:
    """A later response replaces the first: the poll counts the device once."""
    s = seated(1)
    s = ok(s, "dev0", Respond("r1", "p1", picks=(0,)))
    s = ok(s, "dev0", Respond("r2", "p1", picks=(1, 2)))
    r = results(s, s.questions.question("p1"))
    assert (r.total.responses, r.total.counts) == (1, (0, 1, 1))


def test_taking_back_removes_the_count() -> None:
    """picks: [] and value: null take a response back."""
    s = seated(1)
    s = ok(s, "dev0", Respond("r1", "p1", picks=(0,)))
    s = ok(s, "dev0", Respond("r2", "p2", value=4))
    s = ok(s, "dev0", Respond("r3", "p1", picks=()))
    s = ok(s, "dev0", Respond("r4", "p2", value=None))
    for q in ("p1", "p2"):
        t = results(s, s.questions.question(q)).total
        assert t.responses == 0 and sum(t.counts) == 0 and t.total == 0


def test_a_response_that_does_not_fit_the_poll_is_bad_message() -> None:
    """Out of range, twice, too many, a value on a choice, picks on a scale: bad_message."""
    s = seated(1)
    for cmd in (
        Respond("a", "p1", picks=(3,)),
        Respond("b", "p1", picks=(1, 1)),
        Respond("c", "p1", picks=(0, 1, 2)),
        Respond("d", "p1", value=1),
        Respond("e", "p2", picks=(1,)),
        Respond("f", "p2", value=0),
        Respond("g", "p2", value=6),
    ):
        assert refused(s, "dev0", cmd) == "bad_message", cmd


def test_answers_and_responses_keep_to_their_kind() -> None:
    """An answer to a poll and a response to an open question are not_allowed."""
    s = seated(1)
    assert refused(s, "dev0", AddAnswer("a", "p1", "tekst")) == "not_allowed"
    assert refused(s, "dev0", Respond("b", "q1", picks=(0,))) == "not_allowed"
    assert refused(s, LEADER, SetVoting("v", "p1", True)) == "bad_message"


def test_a_closed_poll_takes_no_response() -> None:
    """After close: closed."""
    s = ok(seated(1), LEADER, OpenQuestion("c", "p2", False))
    assert refused(s, "dev0", Respond("r", "p2", value=3)) == "closed"


def test_tables_with_fewer_than_three_responses_go_together() -> None:
    """Table 1 has 3 responses and shows; tables 2 and 3 (one each) are `other`."""
    s = seated(1, 1, 1, 2, 3)
    for n in range(5):
        s = ok(s, f"dev{n}", Respond(f"r{n}", "p2", value=1 + n))
    r = results(s, s.questions.question("p2"))
    assert list(r.tables) == [1]
    assert r.tables[1].responses == 3 and r.tables[1].total == 1 + 2 + 3
    assert (r.other.responses, r.other_tables, r.other.total) == (2, 2, 4 + 5)
    assert r.total.responses == 5


def test_a_device_that_moves_table_moves_its_count() -> None:
    """Responding again after a move counts at the new table only."""
    s = seated(1)
    s = ok(s, "dev0", Respond("r1", "p2", value=2))
    s = ok(s, "dev0", Sit("m", 2))
    s = ok(s, "dev0", Respond("r2", "p2", value=2))
    assert s.tallies[("p2", 1)].responses == 0 and s.tallies[("p2", 2)].responses == 1


def test_ask_adds_the_next_free_question_open_at_once() -> None:
    """A quick poll gets q7 (the set has six questions), open, for every client."""
    s = seated(1)
    result = apply(s, LEADER, Ask("k", "choice", "Koffie?", ("Ja", "Nee")), AT)
    assert isinstance(result, Ok)
    q = result.session.questions.questions[-1]
    assert (q.id, q.kind, q.options) == ("q7", "choice", ("Ja", "Nee"))
    assert q.id in result.session.state.open
    assert isinstance(result.events[0], QuestionAdded)
    again = apply(result.session, LEADER, Ask("k", "choice", "Koffie?", ("Ja", "Nee")), AT)
    assert isinstance(again, Ok) and again.duplicate
    assert len(again.session.questions.questions) == len(result.session.questions.questions)


def test_ask_checks_the_poll_as_a_set_would() -> None:
    """One option, picks over the options, a bad scale, one label: bad_message."""
    s = seated(1)
    for cmd in (
        Ask("a", "choice", "V?", ("Ja",)),
        Ask("b", "choice", "V?", ("Ja", "Nee"), max_picks=3),
        Ask("c", "scale", "V?", min=5, max=5),
        Ask("d", "scale", "V?", min=0, max=11),
        Ask("e", "scale", "V?", min=0, max=4, labels=("links",)),
        Ask("f", "quiz", "V?"),
        Ask("g", "choice", "V?", ("Ja", "Ja")),
    ):
        assert refused(s, LEADER, cmd) == "bad_message", cmd


def test_reveal_only_for_a_poll_and_it_marks_results_due() -> None:
    """Reveal on a poll: in the state, results due; on an open question: bad_message."""
    s = seated(1)
    result = apply(s, LEADER, Reveal("v", "p1", True), AT)
    assert isinstance(result, Ok) and "p1" in result.session.state.revealed
    assert ResultsChanged("p1") in result.events
    assert refused(s, LEADER, Reveal("w", "q1", True)) == "bad_message"
