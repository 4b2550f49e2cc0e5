"""Polls in the exports: counts overall, per table (fewer than 3 together) and per round; the
minutes' table with hostile option texts kept plain; nothing that names a device."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import jsonschema
import pytest
from PIL import Image

from dialoogtafel.exports import render_minutes
from dialoogtafel.exports.json_export import load_schema, session_to_export, to_json_text
from dialoogtafel.exports.names import chart_name
from dialoogtafel.exports.polls import block_fields, poll_counts
from dialoogtafel.exports.writer import render, write_exports
from dialoogtafel.server.domain import commands as c
from dialoogtafel.server.domain.codec import session_to_dict
from dialoogtafel.server.domain.model import Question, QuestionSet, Session
from tests.exports.fixtures import ZONE, Script, author, realistic
from tests.exports.markdown_tokens import MD, body_cells, plain_text
from tests.exports.test_markdown import HOSTILE
from tests.exports.word import open_docx

OPTIONS = tuple(dict.fromkeys(h for h in HOSTILE if "\n" not in h))[:12]
SET = QuestionSet(
    id="peiling",
    title="Peilingen",
    language="nl",
    intro="",
    questions=(
        Question("q1", "Open?"),
        Question("q2", "Kies?", kind="choice", options=OPTIONS[:3], max_picks=2),
        Question("q3", "Eens?", kind="scale", min=1, max=5, labels=("| oneens", "[eens](x)")),
    ),
)


def polled() -> Session:
    """Table 1: four phones; table 2: two; table 3: one. A change, a take-back, a second round."""
    script = Script(SET, tables=3, code="POLL1")
    seats = {1: 1, 2: 1, 3: 1, 4: 1, 5: 2, 6: 2, 7: 3}
    for device, table in seats.items():
        script.sit(device, table)
    picks = {1: (0,), 2: (0, 1), 3: (2,), 4: (1,), 5: (0,), 6: (2,), 7: (1, 2)}
    for device, chosen in picks.items():
        script.run(author(device), c.Respond(script.new_id(), "q2", picks=chosen))
    for device, value in {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 5, 7: 2}.items():
        script.run(author(device), c.Respond(script.new_id(), "q3", value=value))
    script.run(author(4), c.Respond(script.new_id(), "q2", picks=(2,)))  # changed
    script.run(author(7), c.Respond(script.new_id(), "q3", value=None))  # taken back
    script.lead(c.NextRound)
    script.sit(6, 2)
    script.run(author(6), c.Respond(script.new_id(), "q3", value=3))  # round 2
    return script.session


def test_the_json_export_counts_each_poll_overall_per_table_and_per_round() -> None:
    """Totals, table 1 on its own, tables 2 and 3 together, rounds; valid against the schema."""
    data = session_to_export(polled(), 1_741_870_800.0)
    jsonschema.validate(data, load_schema())
    choice, scale = data["polls"]
    assert choice["labels"] == list(OPTIONS[:3])
    assert choice["total"] == {"responses": 7, "counts": [3, 2, 4]}
    assert choice["tables"] == {"1": {"responses": 4, "counts": [2, 1, 2]}}
    assert choice["other"] == {"responses": 3, "counts": [1, 1, 2], "tables": 2}
    assert choice["rounds"] == {"1": {"responses": 7, "counts": [3, 2, 4]}}
    assert scale["total"] == {"responses": 6, "counts": [1, 1, 2, 1, 1], "mean": 3.0}
    assert scale["other"] == {"responses": 2, "counts": [0, 0, 1, 0, 1], "mean": 4.0, "tables": 1}
    assert scale["rounds"]["2"] == {"responses": 1, "counts": [0, 0, 1, 0, 0], "mean": 3.0}
    q2 = data["question_set"]["questions"][1]
    assert (q2["kind"], q2["options"], q2["max_picks"]) == ("choice", list(OPTIONS[:3]), 2)


def test_no_export_names_a_device_or_an_author() -> None:
    """Neither the JSON nor the minutes carry an author key or a single response."""
    s = polled()
    keys = {r.author for r in s.responses.values()}
    text = to_json_text(session_to_export(s, 1_741_870_800.0)) + render_minutes(s, ZONE)
    assert keys and not [k for k in keys if k in text]
    assert '"responses": [' not in text and "author" not in text
    assert "responses" in json.dumps(session_to_dict(s))  # the database keeps them, the exports not


def test_the_minutes_show_each_poll_as_a_table_with_the_small_tables_together() -> None:
    """Antwoord, Aantal, %, Tafel 1, Overige tafels (2); the chart linked; the scale's mean."""
    minutes = render_minutes(polled(), ZONE)
    head, after = minutes.split("### Uitslag", 1)[1].split("\n\n", 2)[1:]
    assert head.splitlines()[0] == "| Antwoord | Aantal | % | Tafel 1 | Overige tafels (2) |"
    rows = body_cells(head)
    assert [r[1:] for r in rows] == [
        ["3", "43%", "2", "1"],
        ["2", "29%", "1", "1"],
        ["4", "57%", "2", "2"],
    ]
    after = after.split("\n## ", 1)[0]
    assert "7 antwoorden." in after and "hooguit 2" in after and "minder dan 3" in after
    assert "![Grafiek van de uitslag: Kies?](POLL1-2025-03-13-q2.png)" in after
    scale = minutes.split("### Uitslag")[2].split("\n## ", 1)[0]
    assert "6 antwoorden. Gemiddelde: 3,0." in scale
    assert [r[0] for r in body_cells(scale)] == ["1 (| oneens)", "2", "3", "4", "5 ([eens](x))"]


@pytest.mark.parametrize("option", OPTIONS)
def test_hostile_option_texts_stay_plain_text_in_the_minutes(option: str) -> None:
    """Each hostile option text is one plain table cell: no heading, link, HTML or extra cell."""
    others = [o for o in ("Ja", "Nee") if o != option]
    qs = QuestionSet(
        id="h",
        title="H",
        language="nl",
        intro="",
        questions=(Question("q1", "Kies?", kind="choice", options=(option, *others)),),
    )
    script = Script(qs, tables=1, code="HOST1")
    for device in (1, 2, 3):
        script.sit(device, 1)
        script.run(author(device), c.Respond(script.new_id(), "q1", picks=(0,)))
    minutes = render_minutes(script.session, ZONE)
    section = minutes.split("### Uitslag", 1)[1].split("\n![", 1)[0]  # the table, up to the chart
    rows = body_cells(section)
    assert [r[0] for r in rows] == [option.strip(), *others]
    assert all(len(r) == 4 for r in rows)  # no pipe made an extra cell
    tokens = MD.parse(section)
    assert not [t for t in tokens if t.type in ("html_block", "heading_open", "link_open")]
    assert all(plain_text(t) is not None for t in tokens if t.type == "inline")


def test_the_fields_for_the_word_exports_poll_hook() -> None:
    """block_fields gives poll_blocks' arguments: labels, counts, and per table with the rule."""
    s = polled()
    fields = block_fields(poll_counts(s, s.questions.question("q3")), "nl")
    assert fields["labels"] == ["1", "2", "3", "4", "5"] and fields["kind"] == "scale"
    assert (fields["counts"], fields["responses"], fields["mean"]) == ([1, 1, 2, 1, 1], 6, 3.0)
    assert fields["poles"] == ("| oneens", "[eens](x)")
    assert fields["tables"] == {"Tafel 1": [1, 1, 1, 1, 0], "Overige tafels (1)": [0, 0, 1, 0, 1]}


def test_the_end_writes_a_chart_per_poll_and_the_word_minutes_hold_the_table(
    tmp_path: Path,
) -> None:
    """write_exports: each poll's PNG beside the minutes, non-empty; the .docx has the table with
    the hostile option texts as literal text and the same chart inside."""
    s = polled()
    paths = write_exports(s, tmp_path)
    charts = sorted(tmp_path.glob("*-q*.png"))
    assert [c.name for c in charts] == [chart_name(s, "q2"), chart_name(s, "q3")]
    for chart in charts:
        image = Image.open(chart)
        assert image.format == "PNG" and image.width > 100 and chart.stat().st_size > 1000
    word = open_docx(paths["docx"])
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert all(option in cells for option in OPTIONS[:3])
    assert len(word.inline_shapes) == 2


def _images(markdown: str) -> list[tuple[str, str]]:
    """Each image a Markdown viewer shows: its alt text and its source."""
    return [
        (child.content, str(child.attrs["src"]))
        for token in MD.parse(markdown)
        if token.type == "inline"
        for child in token.children or []
        if child.type == "image"
    ]


def test_minutes_that_travel_alone_carry_their_charts_inside(tmp_path: Path) -> None:
    """render(alone=True), as the HTTP API and standard output give it: each chart a `data:` PNG
    a viewer shows, the same PNG as the file written beside; no file to write beside it."""
    s = polled()
    alone = render(s, "md", alone=True)
    assert alone.charts == {}
    markdown = alone.data.decode()
    write_exports(s, tmp_path)
    beside = render(s, "md")
    assert set(beside.charts) == {chart_name(s, "q2"), chart_name(s, "q3")}
    images = _images(markdown)
    assert [alt for alt, _ in images] == [alt for alt, _ in _images(beside.data.decode())]
    for (_, src), name in zip(images, [chart_name(s, "q2"), chart_name(s, "q3")], strict=True):
        head, _, data = src.partition(",")
        assert head == "data:image/png;base64"
        assert base64.b64decode(data) == (tmp_path / name).read_bytes()
    # the body reads as the minutes beside their files do, up to the chart references
    body = markdown.split("\n\n[chart-1]: ", 1)[0]
    assert body.replace("][chart-1]", f"]({chart_name(s, 'q2')})").replace(
        "][chart-2]", f"]({chart_name(s, 'q3')})"
    ) == beside.data.decode().rstrip("\n")
    assert render(s, "docx", alone=True).data.startswith(b"PK")  # a .docx has them inside anyway


def test_minutes_without_a_chart_are_the_same_alone() -> None:
    """No poll, no chart: the Markdown that travels alone is the Markdown written to the folder."""
    s = realistic()
    assert render(s, "md", alone=True).data == render(s, "md").data
