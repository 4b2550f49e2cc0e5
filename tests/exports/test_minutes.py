"""The minutes: sections, order, counts, language, and what never appears in them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dialoogtafel.exports import render_minutes
from dialoogtafel.server.domain import commands as c
from dialoogtafel.server.domain.model import Question, QuestionSet, Theme
from tests.exports.fixtures import ANSWERS, ENGLISH, FIXTURES, ZONE, Script, author, realistic
from tests.exports.markdown_tokens import headings, items_by_heading

EXAMPLE = Path(__file__).parents[2] / "docs" / "voorbeeld-verslag.md"


@pytest.fixture(scope="module")
def minutes() -> str:
    """The realistic session's minutes."""
    return render_minutes(realistic(), ZONE)


def test_the_committed_example_is_the_fresh_render(minutes: str) -> None:
    """docs/voorbeeld-verslag.md is exactly what the realistic fixture renders to."""
    assert EXAMPLE.read_text(encoding="utf-8") == minutes


def test_sections_follow_the_design(minutes: str) -> None:
    """Title, attendance, purpose, the four questions, plenary feedback, follow-up actions."""
    top = [text for level, text in headings(minutes) if level <= 2]
    assert top == [
        "Eigen regie in het verantwoorden van uw toegevoegde waarde",
        "Aanwezigen",
        "Doel en werkwijze",
        "Vraag 1: Vanuit welke verantwoordelijkheid wilt u zich verantwoorden over uw "
        "toegevoegde waarde?",
        "Vraag 2: Hoe zou u dat zelf willen vormgeven?",
        "Vraag 3: Tegen welke dilemma’s verwacht u aan te lopen?",  # noqa: RUF001 (the seed's apostrophe)
        "Vraag 4: Welke ondersteuning heeft u hierbij nodig?",
        "Plenaire terugkoppeling",
        "Vervolgafspraken",
    ]


def test_the_header_gives_date_time_set_and_status(minutes: str) -> None:
    """Date and time in Dutch in the given zone, the set, the code and the final status."""
    assert "- **Datum en tijd:** donderdag 13 maart 2025, 13.30–15.27 uur (CET)" in minutes  # noqa: RUF001
    assert (
        "- **Vragenset:** Eigen regie in het verantwoorden van uw toegevoegde waarde (eigen-regie)"
        in minutes
    )
    assert "- **Status:** definitief" in minutes


def test_attendance_counts_devices_per_table_and_in_all(minutes: str) -> None:
    """25 distinct phones; the one that moved counts at both tables it sat at."""
    assert "25 deelnemers aan 6 tafels" in minutes
    present = dict(items_by_heading(minutes))["Aanwezigen"]
    assert present[:2] == ["Tafel 1: 5 deelnemers", "Tafel 2: 5 deelnemers"]
    assert len(present) == 6


def test_a_table_nobody_joined_is_left_out_of_attendance() -> None:
    """Tables with no devices are not listed; with nobody at all, one line says so."""
    script = Script(ENGLISH, tables=3, code="ABSNT")
    script.sit(1, 2)
    assert dict(items_by_heading(render_minutes(script.session, ZONE)))["Present"] == [
        "Table 2: 1 participant"
    ]
    assert "Nobody joined a table." in render_minutes(Script(ENGLISH, 2, "NOONE").session, ZONE)


def test_answers_go_highlighted_first_then_by_votes_then_oldest() -> None:
    """Within a table: highlighted, then most votes, then the order they came in."""
    script = Script(ENGLISH, tables=1, code="ORDER")
    for device in range(1, 4):
        script.sit(device, 1)
    script.answer(1, "q1", "old, no votes")
    votes_1 = script.answer(2, "q1", "one vote")
    votes_2 = script.answer(3, "q1", "two votes")
    newest = script.answer(1, "q1", "newest, highlighted")
    script.answer(2, "q1", "newest, no votes")
    script.lead(c.Moderate, newest, "highlight")
    script.lead(c.SetVoting, "q1", True, 3)
    for device, answer in ((1, votes_1), (1, votes_2), (2, votes_2)):
        script.run(author(device), c.CastVote(script.new_id(), answer, True))
    items = dict(items_by_heading(render_minutes(script.session, ZONE)))["Table 1"]
    assert items == [
        "★ newest, highlighted",
        "two votes (2 votes)",
        "one vote (1 vote)",
        "old, no votes",
        "newest, no votes",
    ]


def test_labels_follow_an_english_set() -> None:
    """An `en` set gets English labels and no Dutch ones."""
    text = render_minutes(FIXTURES["english"](), ZONE)
    for label in ("## Present", "## Purpose and method", "## Question 1:", "### Table 1",
                  "## Plenary feedback", "## Follow-up actions", "| No. | Action | Who | When |",
                  "**Status:** final", "Thursday 13 March 2025, 13:30"):  # fmt: skip
        assert label in text
    for dutch in ("Aanwezigen", "Tafel", "Vervolgafspraken", "deelnemers", "definitief", "uur"):
        assert dutch not in text


def test_hidden_and_withdrawn_text_never_appears(minutes: str) -> None:
    """Hidden and withdrawn answers are left out; the closing line counts them."""
    for _, _, text, fate in ANSWERS:
        if fate in ("hide", "withdraw"):
            assert text not in minutes
    assert (
        "Niet in dit verslag: 2 antwoorden verborgen door de gespreksleider en 1 antwoord "
        "ingetrokken door de schrijver; de tekst ervan is weggelaten." in minutes
    )


def test_withdrawn_text_stays_out_even_if_a_stored_answer_still_held_it() -> None:
    """The minutes drop a withdrawn answer's text themselves, not only as the domain cleared it."""
    s = realistic()
    gone = next(a for a in s.answers.values() if a.state == "withdrawn")
    s = replace(s, answers={**s.answers, gone.id: replace(gone, text="GEHEIME TEKST")})
    assert "GEHEIME TEKST" not in render_minutes(s, ZONE)


def test_votes_and_highlights_are_marked(minutes: str) -> None:
    """Votes are counted in words after the answer; a highlighted answer starts with a star."""
    assert (
        "- Vrijheid van de bewoner tegenover veiligheid: valrisico en het recht op risico. (9 "
        in minutes
    )
    assert "(1 stem)" in minutes
    assert "- ★ Ruimte van het bestuur om fouten te mogen maken." in minutes


def test_notes_go_under_their_question_and_general_ones_to_the_plenary(minutes: str) -> None:
    """A question's notes follow its answers; a note tied to no question is plenary feedback."""
    sections = items_by_heading(minutes)
    notes = [items for heading, items in sections if heading == "Uit de plenaire bespreking"]
    assert len(notes) == 4
    assert str(notes[0][0]).startswith("Rode draad")
    assert str(dict(sections)["Plenaire terugkoppeling"][0]).startswith("Deelnemers willen maatjes")
    assert "Tst" not in minutes  # a removed note


def test_actions_are_a_numbered_table(minutes: str) -> None:
    """Follow-up actions: nr, what, who, when."""
    assert "| Nr. | Actie | Wie | Wanneer |" in minutes
    row = (
        "| 2 | Pilot met het zorgkantoor verkennen: verhalen als verantwoording | Tafel 3, met de "
    )
    assert row + "kwaliteitsadviseur | Voor 1 juni |" in minutes


def test_a_table_without_answers_to_a_question_is_named(minutes: str) -> None:
    """A table that joined but gave no shown answer to a question is named in one line."""
    assert "Geen antwoorden van tafel 6." in minutes


def test_empty_sections_say_so() -> None:
    """A session without answers, notes or actions says so per section."""
    text = render_minutes(FIXTURES["empty"](), ZONE)
    for line in ("Er heeft niemand aan een tafel aangeschoven.", "Geen antwoorden op deze vraag.",
                 "Geen algemene plenaire aantekeningen.", "Geen vervolgafspraken vastgelegd.",
                 "Alle gegeven antwoorden staan in dit verslag"):  # fmt: skip
        assert line in text


def test_a_running_session_is_a_concept_with_no_end_time() -> None:
    """Until the leader ends it, the status is concept and the time has no end."""
    text = render_minutes(FIXTURES["themed"](), ZONE)
    assert "**Status:** concept" in text
    assert "donderdag 13 maart 2025, vanaf 13.30 uur (CET)" in text


def test_themed_sets_group_questions_under_their_theme() -> None:
    """Each theme gets a heading with its explanation and tables; tables name a different theme."""
    s = FIXTURES["themed"]()
    text = render_minutes(s, ZONE)
    first, second = s.questions.themes[:2]
    assert f"## Thema: {first.title}" in text
    assert "Besproken aan tafel 1." in text  # table 1 answered it before its theme changed
    assert f"#### Tafel 1 — {second.title}" in text


def test_a_theme_question_lists_only_the_tables_that_have_it() -> None:
    """A silent table is named only for questions its theme gives it."""
    themed = QuestionSet(
        id="t",
        title="T",
        language="nl",
        intro="",
        questions=(Question("g", "Algemeen?"), Question("a1", "Bij A?", theme="a")),
        themes=(Theme("a", "A", "Uitleg A"), Theme("b", "B", "Uitleg B")),
    )
    script = Script(themed, tables=2, code="THEME")
    script.sit(1, 1)
    script.sit(2, 2)
    script.answer(1, "a1", "antwoord van tafel 1")
    script.answer(1, "g", "algemeen van tafel 1")
    text = render_minutes(script.session, ZONE)
    assert text.count("Geen antwoorden van tafel 2.") == 1  # for the general question only


def test_answers_are_grouped_per_round_when_there_were_several() -> None:
    """World Café: a table's answers under Round 1 / Round 2; a pending one is left out, counted."""
    text = render_minutes(FIXTURES["world_cafe"](), ZONE)
    table_one = text.split("### Table 1")[1].split("###")[0]
    assert table_one.index("**Round 1**") < table_one.index("Round one at table one")
    assert table_one.index("**Round 2**") < table_one.index("Round two at table one")
    assert "Still waiting" not in text
    assert "1 answer not yet approved" in text
    assert "**Round 1**" not in render_minutes(FIXTURES["english"](), ZONE)
