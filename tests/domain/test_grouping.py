"""The leader's rode-draad choices in the domain: merge and rename, checked and kept."""

from __future__ import annotations

from dialoogtafel.server.domain import LEADER
from dialoogtafel.server.domain import commands as c
from dialoogtafel.server.domain.codec import session_from_dict, session_to_dict
from tests.domain.builders import ok, refused, session

ANN = "author-ann"


def with_answers():
    s = ok(session(), ANN, c.Sit("sit", 1))
    s = ok(s, ANN, c.AddAnswer("a1", "q1", "Meer tijd"))
    s = ok(s, ANN, c.AddAnswer("a2", "q1", "Tijd voor elkaar"))
    return ok(s, ANN, c.AddAnswer("b1", "q2", "Minder regels"))


def test_a_merge_and_a_rename_are_kept_in_order() -> None:
    """Both choices are stored with sorted answer ids; a rename keeps its cleaned label."""
    s = ok(with_answers(), LEADER, c.GroupMerge("m", "q1", ("a2", "a1", "a2")))
    s = ok(s, LEADER, c.GroupRename("r", "q1", ("a1",), "  Tijd\x1b[31m "))
    assert [(g.id, g.kind, g.answers, g.label) for g in s.groupings] == [
        ("m", "merge", ("a1", "a2"), ""),
        ("r", "rename", ("a1",), "Tijd[31m"),
    ]


def test_choices_on_unknown_questions_or_answers_are_refused() -> None:
    """Unknown question, unknown answer, an answer of another question, no answers: refused."""
    s = with_answers()
    assert refused(s, LEADER, c.GroupMerge("x", "q9", ("a1",))) == "bad_message"
    assert refused(s, LEADER, c.GroupMerge("x", "q1", ("zz",))) == "bad_message"
    assert refused(s, LEADER, c.GroupMerge("x", "q1", ("a1", "b1"))) == "bad_message"
    assert refused(s, LEADER, c.GroupMerge("x", "q1", ())) == "bad_message"


def test_a_rename_needs_a_short_non_empty_label() -> None:
    """An empty label is bad_message; one over 80 characters too_long."""
    s = with_answers()
    assert refused(s, LEADER, c.GroupRename("x", "q1", ("a1",), " \n ")) == "bad_message"
    assert refused(s, LEADER, c.GroupRename("x", "q1", ("a1",), "x" * 81)) == "too_long"


def test_only_the_leader_chooses_and_a_resend_is_one_choice() -> None:
    """A participant is refused; the same change id again adds nothing."""
    s = with_answers()
    assert refused(s, ANN, c.GroupMerge("x", "q1", ("a1", "a2"))) == "not_allowed"
    once = ok(s, LEADER, c.GroupMerge("m", "q1", ("a1", "a2")))
    assert ok(once, LEADER, c.GroupMerge("m", "q1", ("a1", "a2"))).groupings == once.groupings


def test_choices_survive_the_codec() -> None:
    """session_to_dict and back keep the choices as they were."""
    s = ok(with_answers(), LEADER, c.GroupRename("r", "q1", ("a1", "a2"), "Tijd"))
    assert session_from_dict(session_to_dict(s)) == s
