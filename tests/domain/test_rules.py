"""The domain's rules, one behaviour a test, on plain values."""

from __future__ import annotations

from dialoogtafel.server.domain import LEADER, Ok, apply
from dialoogtafel.server.domain import commands as c
from dialoogtafel.server.domain.codec import (
    command_from_dict,
    command_to_dict,
    session_from_dict,
    session_to_dict,
)
from dialoogtafel.server.domain.views import (
    LEADER_VIEW,
    SCREEN_VIEW,
    Viewer,
    joined_counts,
    questions_for_table,
    tally,
    visible_answers,
)
from tests.domain.builders import AT, ok, refused, session

ANN, BOB, CAS = "author-ann", "author-bob", "author-cas"


def seated(*authors_tables: tuple[str, int]):
    s = session()
    for n, (author, table) in enumerate(authors_tables):
        s = ok(s, author, c.Sit(f"sit-{n}", table))
    return s


def test_themes_go_round_robin_over_tables() -> None:
    """Tables 1..3 get themes a, b, a."""
    assert dict(session().tables) == {1: "a", 2: "b", 3: "a"}


def test_a_table_sees_general_questions_and_its_theme() -> None:
    """Table 2 (theme b) gets q1, q2 and t2, not t1."""
    assert [q.id for q in questions_for_table(session(), 2)] == ["q1", "q2", "t2"]


def test_an_answer_sent_twice_is_stored_once() -> None:
    """Resending an answer id changes nothing and repeats the first seq."""
    s = seated((ANN, 1))
    once = apply(s, ANN, c.AddAnswer("a1", "q1", "Meer tijd"), AT)
    assert isinstance(once, Ok)
    twice = apply(once.session, ANN, c.AddAnswer("a1", "q1", "Meer tijd"), AT + 5)
    assert isinstance(twice, Ok)
    assert twice.session == once.session and twice.events == () and twice.duplicate
    assert twice.seq == once.seq


def test_a_change_id_reused_with_other_content_is_refused() -> None:
    """The same id with another text is not the same change."""
    s = ok(seated((ANN, 1)), ANN, c.AddAnswer("a1", "q1", "Meer tijd"))
    assert refused(s, ANN, c.AddAnswer("a1", "q1", "Iets anders")) == "not_allowed"


def test_a_change_id_of_another_device_is_refused() -> None:
    """Bob cannot replay Ann's change id."""
    s = ok(seated((ANN, 1), (BOB, 1)), ANN, c.AddAnswer("a1", "q1", "Meer tijd"))
    assert refused(s, BOB, c.AddAnswer("a1", "q1", "Meer tijd")) == "not_allowed"


def test_an_answer_needs_a_table() -> None:
    """A device that has not sat down gets no_table."""
    assert refused(session(), ANN, c.AddAnswer("a1", "q1", "x")) == "no_table"


def test_a_table_cannot_answer_another_themes_question() -> None:
    """Table 1 (theme a) may not answer t2."""
    assert refused(seated((ANN, 1)), ANN, c.AddAnswer("a1", "t2", "x")) == "closed"


def test_a_closed_question_takes_no_answers() -> None:
    """After close, answers are refused with closed."""
    s = ok(seated((ANN, 1)), LEADER, c.OpenQuestion("x1", "q1", open=False))
    assert refused(s, ANN, c.AddAnswer("a1", "q1", "x")) == "closed"


def test_text_is_cleaned_at_the_door() -> None:
    """Controls, ESC and bidi overrides go; NFC applies; emoji joiners stay."""
    raw = "  e\u0301\x1b[31m rood\u202e \U0001f469\u200d\U0001f4bb\x00\n  "
    s = ok(seated((ANN, 1)), ANN, c.AddAnswer("a1", "q1", raw))
    assert s.answers["a1"].text == "\u00e9[31m rood \U0001f469\u200d\U0001f4bb"


def test_empty_and_too_long_answers_are_refused() -> None:
    """Only whitespace is bad_message; over 1,000 characters is too_long."""
    s = seated((ANN, 1))
    assert refused(s, ANN, c.AddAnswer("a1", "q1", " \x1b \n")) == "bad_message"
    assert refused(s, ANN, c.AddAnswer("a2", "q1", "x" * 1001)) == "too_long"
    assert ok(s, ANN, c.AddAnswer("a3", "q1", "x" * 1000)).answers["a3"]


def test_a_device_has_at_most_twenty_answers_per_question() -> None:
    """The 21st answer to one question is too_many; another question is fine."""
    s = seated((ANN, 1))
    for n in range(20):
        s = ok(s, ANN, c.AddAnswer(f"a{n}", "q1", f"antwoord {n}"))
    assert refused(s, ANN, c.AddAnswer("a20", "q1", "nog een")) == "too_many"
    assert ok(s, ANN, c.AddAnswer("b1", "q2", "andere vraag")).answers["b1"]


def test_only_the_author_edits_or_withdraws() -> None:
    """Bob cannot touch Ann's answer; Ann can."""
    s = ok(seated((ANN, 1), (BOB, 1)), ANN, c.AddAnswer("a1", "q1", "Meer tijd"))
    assert refused(s, BOB, c.EditAnswer("e1", "a1", "Gekaapt")) == "not_allowed"
    assert refused(s, BOB, c.Withdraw("w1", "a1")) == "not_allowed"
    s = ok(s, ANN, c.EditAnswer("e2", "a1", "Meer tijd en ruimte"))
    assert s.answers["a1"].text == "Meer tijd en ruimte"
    s = ok(s, ANN, c.Withdraw("w2", "a1"))
    assert s.answers["a1"].state == "withdrawn" and s.answers["a1"].text == ""


def test_participants_cannot_steer_and_the_leader_cannot_answer() -> None:
    """Leader-only controls refuse a device; participant changes refuse the leader."""
    s = seated((ANN, 1))
    assert refused(s, ANN, c.OpenQuestion("x", "q1", open=False)) == "not_allowed"
    assert refused(s, ANN, c.End("x2")) == "not_allowed"
    assert refused(s, LEADER, c.AddAnswer("x3", "q1", "x")) == "not_allowed"


def test_nothing_is_accepted_after_end() -> None:
    """After end every change is closed, but a resend of an earlier one is still acked."""
    s = ok(seated((ANN, 1)), ANN, c.AddAnswer("a1", "q1", "x"))
    s = ok(s, LEADER, c.End("end"))
    assert s.state.ended and s.state.ended_at == AT
    assert refused(s, ANN, c.AddAnswer("a2", "q1", "y")) == "closed"
    assert refused(s, LEADER, c.AddNote("n1", None, "z")) == "closed"
    again = apply(s, ANN, c.AddAnswer("a1", "q1", "x"), AT)
    assert isinstance(again, Ok) and again.duplicate


def test_exports_are_recorded_only_after_the_end() -> None:
    """RecordExports before end is not allowed; after, the paths land in the state."""
    s = session()
    assert refused(s, LEADER, c.RecordExports("r", {"md": "/x.md"})) == "not_allowed"
    s = ok(ok(s, LEADER, c.End("e")), LEADER, c.RecordExports("r", {"md": "/x.md"}))
    assert dict(s.state.exports) == {"md": "/x.md"}


def test_who_sees_what() -> None:
    """Participant: shown of own table; screen: all shown; leader: all but withdrawn."""
    s = seated((ANN, 1), (BOB, 2))
    s = ok(s, ANN, c.AddAnswer("a1", "q1", "tafel een"))
    s = ok(s, ANN, c.AddAnswer("a2", "q1", "verborgen"))
    s = ok(s, ANN, c.AddAnswer("a3", "q1", "ingetrokken"))
    s = ok(s, BOB, c.AddAnswer("b1", "q1", "tafel twee"))
    s = ok(s, LEADER, c.Moderate("h", "a2", "hide"))
    s = ok(s, ANN, c.Withdraw("w", "a3"))

    def ids(viewer: Viewer) -> set[str]:
        return {a.id for a in visible_answers(s, viewer)}

    assert ids(Viewer("participant", ANN)) == {"a1"}
    assert ids(Viewer("participant", BOB)) == {"b1"}
    assert ids(SCREEN_VIEW) == {"a1", "b1"}
    assert ids(LEADER_VIEW) == {"a1", "a2", "b1"}


def test_voting_budget_and_tally() -> None:
    """Three votes per device by default; the fourth is too_many; tally counts them."""
    s = seated((ANN, 1), (BOB, 2))
    for n in range(4):
        s = ok(s, BOB, c.AddAnswer(f"b{n}", "q1", f"idee {n}"))
    s = ok(s, LEADER, c.SetVoting("v", "q1", on=True))
    for n in range(3):
        s = ok(s, ANN, c.CastVote(f"v{n}", f"b{n}", on=True))
    assert refused(s, ANN, c.CastVote("v3", "b3", on=True)) == "too_many"
    assert tally(s, "q1") == {"b0": 1, "b1": 1, "b2": 1, "b3": 0}
    s = ok(s, ANN, c.CastVote("v4", "b0", on=False))
    s = ok(s, ANN, c.CastVote("v5", "b3", on=True))
    assert tally(s, "q1") == {"b0": 0, "b1": 1, "b2": 1, "b3": 1}


def test_votes_need_open_voting_on_that_question() -> None:
    """No voting, or voting on another question: closed."""
    s = ok(seated((ANN, 1)), ANN, c.AddAnswer("a1", "q1", "x"))
    assert refused(s, ANN, c.CastVote("v", "a1", on=True)) == "closed"
    s = ok(s, LEADER, c.SetVoting("v1", "q2", on=True))
    assert refused(s, ANN, c.CastVote("v2", "a1", on=True)) == "closed"


def test_a_hidden_answer_returns_its_votes() -> None:
    """Hiding an answer during voting removes its votes from every budget."""
    s = seated((ANN, 1), (BOB, 2))
    s = ok(s, BOB, c.AddAnswer("b1", "q1", "idee"))
    s = ok(s, LEADER, c.SetVoting("v", "q1", on=True, votes_per_device=1))
    s = ok(s, ANN, c.CastVote("v1", "b1", on=True))
    s = ok(s, BOB, c.AddAnswer("b2", "q1", "nog een idee"))
    assert refused(s, ANN, c.CastVote("v2", "b2", on=True)) == "too_many"
    s = ok(s, LEADER, c.Moderate("h", "b1", "hide"))
    assert "b1" not in s.votes
    assert ok(s, ANN, c.CastVote("v3", "b2", on=True)).votes["b2"] == {ANN}


def test_notes_and_actions() -> None:
    """Notes and actions are added, edited and removed by the leader."""
    s = ok(session(), LEADER, c.AddNote("n1", "q1", "Veel zorgen over tijd"))
    s = ok(s, LEADER, c.AddAction("x1", "Notitie rondsturen", "organisator", "vrijdag"))
    s = ok(s, LEADER, c.EditItem("e1", "x1", {"when": "maandag"}))
    assert s.items["x1"].when == "maandag" and s.items["n1"].question == "q1"
    assert refused(s, LEADER, c.EditItem("e2", "n1", {"who": "iemand"})) == "bad_message"
    s = ok(s, LEADER, c.RemoveItem("r1", "n1"))
    assert s.items["n1"].removed


def test_moving_tables_counts_both_tables_joined() -> None:
    """A device that moved counts as joined at both tables."""
    s = seated((ANN, 1), (BOB, 1))
    s = ok(s, ANN, c.Sit("move", 2))
    assert joined_counts(s) == {1: 2, 2: 1, 3: 0}
    assert s.seats[ANN] == 2
    assert refused(s, ANN, c.Sit("nope", 9)) == "no_table"


def test_session_and_commands_survive_the_codec() -> None:
    """A busy session and every command kind come back equal from their dicts."""
    s = seated((ANN, 1), (BOB, 2))
    s = ok(s, ANN, c.AddAnswer("a1", "q1", "x"))
    s = ok(s, LEADER, c.SetVoting("v", "q1", on=True))
    s = ok(s, BOB, c.CastVote("v1", "a1", on=True))
    s = ok(s, LEADER, c.AddAction("x1", "doen", "wie", "wanneer"))
    s = ok(s, LEADER, c.End("end"))
    assert session_from_dict(session_to_dict(s)) == s
    for cmd in (
        c.EditItem("e", "x1", {"who": "w"}),
        c.RecordExports("r", {"md": "/m"}),
        c.Moderate("m", "a1", "hide"),
        c.Focus("f", None),
    ):
        assert command_from_dict(command_to_dict(cmd)) == cmd


def test_a_resend_with_fields_in_another_order_is_the_same_change() -> None:
    """EditItem fields given in another order, or read back from the journal, digest alike."""
    s = ok(session(), LEADER, c.AddAction("x1", "doen", "wie", "wanneer"))
    first = c.EditItem("e1", "x1", {"who": "ik", "when": "morgen"})
    s = ok(s, LEADER, first)
    again = apply(s, LEADER, c.EditItem("e1", "x1", {"when": "morgen", "who": "ik"}), AT)
    assert isinstance(again, Ok) and again.duplicate
    replayed = apply(s, LEADER, command_from_dict(command_to_dict(first)), AT)
    assert isinstance(replayed, Ok) and replayed.duplicate
