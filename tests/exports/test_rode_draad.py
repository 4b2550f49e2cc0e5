"""The rode draad in both exports: hidden answers out, escaped, deterministic, leader's choices."""

from __future__ import annotations

import json

from markdown_it import MarkdownIt

from dialoogtafel.exports import render_minutes, session_to_export, to_json_text
from dialoogtafel.exports.groups import question_groups
from dialoogtafel.server.domain import LEADER
from dialoogtafel.server.domain import commands as c
from dialoogtafel.server.domain.codec import session_from_dict, session_to_dict
from tests.exports.fixtures import ZONE, Script, author, realistic
from tests.exports.markdown_tokens import items_by_heading
from tests.server.conftest import THEMED

HOSTILE = "[bold]tijd[/] <b>tijd</b> | # tijd [x](http://e.x) *tijd*"


def room() -> tuple[Script, dict[str, str]]:
    """Eight answers to q1 at three tables: five alike about time, one hidden, one withdrawn."""
    s = Script(THEMED, 3, "RODE")
    for device, table in ((1, 1), (2, 2), (3, 3)):
        s.sit(device, table)
    ids = {
        "t1": s.answer(1, "q1", "Meer tijd voor de cliënt"),
        "t2": s.answer(2, "q1", "Tijd voor de cliënt en de familie"),
        "t3": s.answer(3, "q1", "tijd voor cliënt"),
        "hostile": s.answer(3, "q1", HOSTILE),
        "r1": s.answer(1, "q1", "Minder registratie in het dossier"),
        "r2": s.answer(2, "q1", "minder registratie"),
        "hidden": s.answer(2, "q1", "Tijd tijd tijd cliënt geheim"),
        "gone": s.answer(3, "q1", "Tijd cliënt ingetrokken"),
    }
    s.lead(c.Moderate, ids["hidden"], "hide")
    s.run(author(3), c.Withdraw(s.new_id(), ids["gone"]))
    return s, ids


def test_hidden_and_withdrawn_answers_never_count() -> None:
    """Neither the JSON groups nor the minutes' rode draad hold a hidden or withdrawn answer."""
    s, ids = room()
    export = session_to_export(s.session, 0.0)
    grouped = [
        a for q in export["rode_draad"]["questions"] for g in q["groups"] for a in g["answers"]
    ]
    assert ids["hidden"] not in grouped and ids["gone"] not in grouped
    assert sorted(grouped) == sorted(v for k, v in ids.items() if k not in ("hidden", "gone"))
    minutes = render_minutes(s.session, ZONE)
    assert "geheim" not in minutes and "ingetrokken" not in minutes.split("---")[0]


def test_the_rode_draad_opens_each_question_with_counts_and_escaped_examples() -> None:
    """A rode-draad heading before the tables; "n answers · k of m tables"; plain text."""
    s, _ = room()
    minutes = render_minutes(s.session, ZONE)
    sections = items_by_heading(minutes)
    names = [name for name, _ in sections]
    assert names.index("Common threads") < names.index("Table 1 — Theme A")
    assert "— 4 answers · 3 of 3 tables\n" in minutes and "— 2 answers · 2 of 3 tables\n" in minutes
    html = MarkdownIt("commonmark").render(minutes)
    assert "<a " not in html and "<b>" not in html and html.count("<h1>") == 1


def test_the_same_session_exports_the_same_groups() -> None:
    """Twice, and after a trip through the codec: the same rode draad in JSON and minutes."""
    session = realistic()
    first = session_to_export(session, 0.0)["rode_draad"]
    again = session_from_dict(json.loads(json.dumps(session_to_dict(session))))
    assert session_to_export(again, 0.0)["rode_draad"] == first
    assert render_minutes(again, ZONE) == render_minutes(session, ZONE)
    assert first["method"] and first["version"]


def test_merge_and_rename_appear_in_both_exports() -> None:
    """The leader's merge joins two groups and the rename labels it, in the JSON and the minutes."""
    s, ids = room()
    s.run(LEADER, c.GroupMerge(s.new_id(), "q1", (ids["t1"], ids["r1"])))
    s.run(LEADER, c.GroupRename(s.new_id(), "q1", (ids["t1"], ids["r2"]), "Tijd | *en* minder"))
    (q1,) = question_groups(s.session).values()
    top = q1.groups[0]
    assert top.renamed and top.label == "Tijd | *en* minder"
    assert {ids["t1"], ids["t2"], ids["r1"], ids["r2"]} <= set(top.answers)
    export = session_to_export(s.session, 0.0)
    text = to_json_text(export)
    group = export["rode_draad"]["questions"][0]["groups"][0]
    assert group["label"] == "Tijd | *en* minder" and group["renamed"] is True
    assert [ch["kind"] for ch in export["rode_draad"]["choices"]] == ["merge", "rename"]
    assert "Tijd | *en* minder" in text
    assert "**Tijd \\| \\*en\\* minder**" in render_minutes(s.session, ZONE)


def test_groups_are_kept_in_the_folder_and_used_only_while_they_match(
    tmp_path, monkeypatch
) -> None:
    """The cache file gives the same groups; after a change (a rename) it is not used."""
    import dialoogtafel.exports.groups as groups

    s, ids = room()
    first = groups.question_groups(s.session, tmp_path)
    assert (tmp_path / groups.CACHE_FILE).exists()
    again = Script(THEMED, 3, "RODE")
    again.session = session_from_dict(session_to_dict(s.session))  # another object, same data
    monkeypatch.setattr(groups, "_computed", lambda _s: {})  # grouping now would give nothing
    assert groups.question_groups(again.session, tmp_path) == first
    again.run(LEADER, c.GroupRename("rename-new", "q1", (ids["t1"],), "Nieuw"))
    assert groups.question_groups(again.session, tmp_path) == {}  # stale cache: grouped afresh
