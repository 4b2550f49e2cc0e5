"""apply_message: the kiosk's state follows the server's messages, a welcome replaces it all."""

from __future__ import annotations

from dialoogtafel.kiosk.incoming import apply_message, apply_messages
from dialoogtafel.kiosk.state import KioskState
from dialoogtafel.server.domain.commands import (
    AddNote,
    EditItem,
    Focus,
    Moderate,
    RemoveItem,
    SetVoting,
)
from dialoogtafel.server.protocol import gone_message, item_message, state_message, tally_message
from tests.kiosk.roomdata import THEMED, Room


def test_welcome_fills_the_state(room: Room) -> None:
    """Session info, answers, counts and state come from the snapshot."""
    a = room.answer(1, "q1", "Meer tijd")
    st = apply_message(KioskState(), room.welcome())
    assert st.welcomed and st.code == "ABCD" and st.language == "nl"
    assert [q.id for q in st.questions] == ["q1", "q2", "q3", "q4"]
    assert st.answers[a].text == "Meer tijd" and st.answers[a].table == 1
    assert st.status.focus == "q1" and st.status.open == {"q1", "q2", "q3", "q4"}
    assert st.joined == {1: 1, 2: 0, 3: 0}
    assert sorted(st.tables) == [1, 2, 3]


def test_a_fresh_welcome_replaces_everything(room: Room) -> None:
    """Answers not in the new snapshot are gone; nothing is merged."""
    st = apply_message(KioskState(), room.welcome())
    st = apply_message(
        st,
        {
            "type": "answer",
            "id": "zz",
            "question": "q1",
            "table": 2,
            "text": "old",
            "state": "shown",
            "highlighted": False,
            "votes": 0,
        },
    )
    assert "zz" in st.answers
    st = apply_message(st, room.welcome())
    assert "zz" not in st.answers


def test_answers_arrive_in_order_and_edits_keep_their_place(room: Room) -> None:
    """A new answer gets the next arrival; an edit or a hide of a known one does not."""
    st = apply_message(KioskState(), room.welcome())
    a1 = room.answer(1, "q1", "een")
    a2 = room.answer(2, "q1", "twee")
    st = apply_messages(st, [room.answer_msg(a1), room.answer_msg(a2)])
    assert [st.answers[a1].arrival, st.answers[a2].arrival] == [1, 2]
    room.lead(Moderate("m1", a1, "hide"))
    st = apply_message(st, room.answer_msg(a1))
    assert st.answers[a1].state == "hidden" and st.answers[a1].arrival == 1
    assert st.arrivals == 2


def test_gone_removes_an_answer(room: Room) -> None:
    """A hidden or withdrawn answer leaves a screen's state."""
    a = room.answer(1, "q1", "weg")
    st = apply_message(KioskState(), room.welcome("screen"))
    st = apply_message(st, gone_message(a, 9))
    assert a not in st.answers and st.seq == 9


def test_state_tally_counts_and_items(room: Room) -> None:
    """State, tally, counts and notes/actions update their part only."""
    a = room.answer(1, "q2", "stem")
    st = apply_message(KioskState(), room.welcome())
    room.lead(Focus("f1", "q2"))
    room.lead(SetVoting("v1", "q2", True, 3))
    room.lead(AddNote("n1", "q2", "Een notitie"))
    note = room.session.items["n1"]
    st = apply_messages(
        st,
        [
            state_message(room.session.state, room.session.seq),
            tally_message("q2", {a: 4}),
            room.counts({1: 5}),
            item_message(note, room.session.seq),
        ],
    )
    assert st.status.focus == "q2" and st.status.voting == "q2"
    assert st.votes_of(st.answers[a]) == 4
    assert st.connected == {1: 5}
    assert st.notes["n1"].text == "Een notitie" and st.notes["n1"].question == "q2"
    room.lead(EditItem("e1", "n1", {"text": "Anders"}))
    st = apply_message(st, item_message(room.session.items["n1"], room.session.seq))
    assert st.notes["n1"].text == "Anders"
    room.lead(RemoveItem("r1", "n1"))
    st = apply_message(st, item_message(room.session.items["n1"], room.session.seq))
    assert "n1" not in st.notes


def test_apply_does_not_change_the_old_state(room: Room) -> None:
    """apply_message is pure: the state given stays as it was."""
    st = apply_message(KioskState(), room.welcome())
    a = room.answer(3, "q1", "nieuw")
    after = apply_message(st, room.answer_msg(a))
    assert a in after.answers and a not in st.answers


def test_malformed_messages_are_skipped(room: Room) -> None:
    """A message missing fields changes nothing and breaks nothing after it."""
    st = apply_message(KioskState(), room.welcome())
    a = room.answer(1, "q1", "goed")
    st = apply_messages(
        st,
        [
            {"type": "answer", "id": "x"},
            {"type": "state", "state": "nonsense"},
            {"type": "item"},
            {"type": "counts", "connected": "?"},
            {"type": "tally", "votes": {"a": "many"}},
            {"type": "mystery"},
            room.answer_msg(a),
        ],
    )
    assert list(st.answers) == [a] and st.status.focus == "q1"


def test_nothing_before_the_welcome(room: Room) -> None:
    """An answer before any welcome is ignored: the snapshot comes first."""
    a = room.answer(1, "q1", "te vroeg")
    assert apply_message(KioskState(), room.answer_msg(a)) == KioskState()


def test_themes_and_language_from_a_themed_english_set() -> None:
    """Themes round-robin over tables; language en."""
    room = Room(THEMED, tables=3)
    st = apply_message(KioskState(), room.welcome())
    assert st.language == "en"
    assert dict(st.tables) == {1: "t1", 2: "t2", 3: "t1"}
    assert [q.id for q in st.questions_for(2)] == ["q1", "t2q1"]
