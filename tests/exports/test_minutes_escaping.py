"""Minutes of sessions full of arbitrary text: every answer, note and action stays plain."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialoogtafel.exports import render_minutes
from dialoogtafel.server.domain import commands as c
from dialoogtafel.server.domain.limits import ANSWER_CHARS, FIELD_CHARS
from dialoogtafel.server.domain.model import Question, QuestionSet, Session
from dialoogtafel.server.domain.text import clean_text
from dialoogtafel.server.domain.views import vote_count
from tests.exports.fixtures import ZONE, Script, author
from tests.exports.markdown_tokens import body_cells, expected_line, items_by_heading
from tests.exports.test_markdown import HOSTILE

SET = QuestionSet(
    id="hypo",
    title="Vrije tekst",
    language="nl",
    intro="Alles mag.",
    questions=(Question("q1", "Eerste vraag?"), Question("q2", "Tweede vraag?")),
)
MARKUP = "#|[]()!<>`*_\\&;-+=.)~ \t\n1aé★"
RAW = st.one_of(st.text(), st.text(alphabet=MARKUP), st.sampled_from(HOSTILE))


def _fits(limit: int) -> st.SearchStrategy[str]:
    """Text the domain accepts: something left after cleaning, within the limit."""
    return RAW.filter(lambda t: 0 < len(clean_text(t)) <= limit)


ANSWER = st.tuples(
    _fits(ANSWER_CHARS),
    st.sampled_from(["q1", "q2"]),
    st.integers(1, 2),  # table
    st.sampled_from(["shown", "shown", "hidden", "highlight"]),
    st.integers(0, 3),  # votes
)
Drawn = tuple[str, str, int, str, int]  # text, question, table, fate, votes
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _session(answers: list[Drawn]) -> Session:
    """Two tables of two phones; every answer added, moderated and voted on via the domain."""
    script = Script(SET, tables=2, code="HYPO1")
    for device, table in ((1, 1), (2, 1), (3, 2), (4, 2)):
        script.sit(device, table)
    votes: dict[str, list[str]] = {"q1": [], "q2": []}
    for n, (text, question, table, fate, wanted) in enumerate(answers):
        answer = script.answer(2 * table - 1 + n % 2, question, text)
        if fate != "shown":
            script.lead(c.Moderate, answer, "hide" if fate == "hidden" else "highlight")
        votes[question] += [answer] * wanted * (fate != "hidden")
    for question, ballot in votes.items():
        script.lead(c.SetVoting, question, True, 20)
        for answer in set(ballot):
            for device in range(1, ballot.count(answer) + 1):
                script.run(author(device), c.CastVote(script.new_id(), answer, True))
    return script.session


def _as_rendered(s: Session, answer_id: str) -> str:
    """How an answer's list item should read: mark, its text by the newline rule, its votes."""
    a = s.answers[answer_id]
    votes = vote_count(s, a.id)
    tally = f" ({votes} {'stem' if votes == 1 else 'stemmen'})" if votes else ""
    return f"{'★ ' if a.highlighted else ''}{expected_line(a.text)}{tally}"


@PROPERTY
@given(st.lists(ANSWER, min_size=1, max_size=8))
def test_every_shown_answer_is_plain_text_in_its_own_list_item(answers: list[Drawn]) -> None:
    """Arbitrary answers each render as one list item of plain text under their table."""
    s = _session(answers)
    minutes = render_minutes(s, ZONE)
    found = [
        item
        for heading, items in items_by_heading(minutes)
        if heading and re.fullmatch(r"Tafel \d", heading)
        for item in items
    ]
    want = [_as_rendered(s, a.id) for a in s.answers.values() if a.state == "shown"]
    assert None not in found
    assert Counter(found) == Counter(want)


@PROPERTY
@given(
    st.lists(_fits(500), min_size=1, max_size=4),
    st.lists(st.tuples(_fits(500), _fits(FIELD_CHARS), _fits(FIELD_CHARS)), min_size=1, max_size=3),
)
def test_notes_and_actions_stay_plain_text(
    notes: list[str], actions: list[tuple[str, str, str]]
) -> None:
    """The leader's arbitrary notes are plain list items, actions plain table cells."""
    script = Script(SET, tables=1, code="HYPO2")
    for text in notes:
        script.lead(c.AddNote, None, text)
    for text, who, when in actions:
        script.lead(c.AddAction, text, who, when)
    s = script.session
    minutes = render_minutes(s, ZONE)
    plenary = dict(items_by_heading(minutes))["Plenaire terugkoppeling"]
    assert plenary == [expected_line(clean_text(t)) for t in notes]
    rows = [
        [str(n), *(expected_line(clean_text(f)) for f in fields)]
        for n, fields in enumerate(actions, 1)
    ]
    assert body_cells(minutes) == rows
