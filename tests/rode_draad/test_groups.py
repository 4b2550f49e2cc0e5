"""Grouping answers: the real method on the labelled set, labels, merges, renames, determinism."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from dialoogtafel.rode_draad import Choice, Entry
from dialoogtafel.rode_draad.groups import group_answers

EVAL = Path(__file__).resolve().parents[1] / "data" / "rode_draad_eval.json"
QUESTIONS = json.loads(EVAL.read_text(encoding="utf-8"))["questions"]


def entries(question: dict) -> list[Entry]:
    return [Entry(f"a{i:03d}", a["table"], a["text"]) for i, a in enumerate(question["answers"])]


def test_the_evaluation_set_is_big_enough_and_labelled() -> None:
    """At least 300 Dutch answers to eigen-regie and rvs-themas questions, each with a group."""
    answers = [a for q in QUESTIONS for a in q["answers"]]
    assert len(answers) >= 300
    assert {q["set"] for q in QUESTIONS} == {"eigen-regie", "rvs-themas"}
    for q in QUESTIONS:
        assert {a["group"] for a in q["answers"]} <= set(q["groups"])


def test_answers_that_say_the_same_land_together() -> None:
    """On the labelled set, most pairs the labels put together share a group (and few others)."""
    together = apart = pairs_in = pairs_out = 0
    for q in QUESTIONS:
        group_of = {}
        for n, g in enumerate(group_answers(entries(q), question=q["text"])):
            group_of |= dict.fromkeys(g.answers, n)
        truth = {f"a{i:03d}": a["group"] for i, a in enumerate(q["answers"])}
        ids = sorted(truth)
        for i, x in enumerate(ids):
            for y in ids[i + 1 :]:
                if truth[x] == truth[y] and not truth[x].startswith("los"):
                    pairs_in += 1
                    together += group_of[x] == group_of[y]
                elif truth[x] != truth[y]:
                    pairs_out += 1
                    apart += group_of[x] != group_of[y]
    assert together / pairs_in > 0.3 and apart / pairs_out > 0.9


def test_labels_are_made_of_the_answers_own_words() -> None:
    """Every word of every label occurs in one of that group's answers."""
    for q in QUESTIONS:
        text = {e.id: e.text.lower() for e in entries(q)}
        for g in group_answers(entries(q), question=q["text"]):
            for word in re.split(r", ", g.label):
                assert any(word.lower() in text[a] for a in g.answers), (g.label, word)


def test_counts_and_order() -> None:
    """Largest group first; tables are the distinct tables of its answers; 1-2 representatives."""
    groups = group_answers(entries(QUESTIONS[0]), question=QUESTIONS[0]["text"])
    table = {e.id: e.table for e in entries(QUESTIONS[0])}
    sizes = [len(g.answers) for g in groups]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == len(QUESTIONS[0]["answers"])
    for g in groups:
        assert g.tables == tuple(sorted({table[a] for a in g.answers}))
        assert 1 <= len(g.representatives) <= 2 and set(g.representatives) <= set(g.answers)


def test_the_same_answers_in_any_order_give_the_same_groups() -> None:
    """Shuffling the input changes nothing: same groups, labels and order."""
    es = entries(QUESTIONS[1])
    first = group_answers(es, question=QUESTIONS[1]["text"])
    shuffled = es[:]
    random.Random(3).shuffle(shuffled)
    assert group_answers(shuffled, question=QUESTIONS[1]["text"]) == first


def test_a_merge_joins_the_groups_holding_its_answers() -> None:
    """Two groups merged by the leader are one group; it keeps both sets of answers."""
    es = entries(QUESTIONS[2])
    groups = group_answers(es)
    a, b = groups[0], groups[1]
    merged = group_answers(es, [Choice("merge", (a.answers[0], b.answers[0]))])
    assert len(merged) == len(groups) - 1
    assert set(a.answers) | set(b.answers) == set(merged[0].answers)


def test_a_rename_labels_the_group_holding_most_of_its_answers() -> None:
    """The renamed group carries the leader's label; a later rename of it wins."""
    es = entries(QUESTIONS[3])
    target = group_answers(es)[1]
    renames = [Choice("rename", target.answers, "Eerst"), Choice("rename", target.answers, "Tijd")]
    found = [g for g in group_answers(es, renames) if g.renamed]
    assert [(g.label, g.answers) for g in found] == [("Tijd", target.answers)]


def test_a_choice_keeps_its_group_when_new_answers_arrive() -> None:
    """A rename made on the first answers still labels that group after more answers came."""
    es = entries(QUESTIONS[4])
    early = group_answers(es[:25])
    big = next(g for g in early if len(g.answers) > 1)
    later = group_answers(es, [Choice("rename", big.answers, "Onze naam")])
    renamed = next(g for g in later if g.renamed)
    assert renamed.label == "Onze naam" and set(big.answers) & set(renamed.answers)


def test_edge_cases() -> None:
    """No answers, one answer, answers of stop words only, identical answers."""
    assert group_answers([]) == ()
    (one,) = group_answers([Entry("x", 1, "Meer tijd")])
    assert one.answers == ("x",) and one.label == "tijd"
    odd = group_answers([Entry("x", 1, "de het een"), Entry("y", 2, "?!")])
    assert sorted(a for g in odd for a in g.answers) == ["x", "y"]
    same = group_answers([Entry(str(i), i, "Minder administratie") for i in range(1, 6)])
    assert len(same) == 1 and same[0].tables == (1, 2, 3, 4, 5)


def test_past_the_linkage_bound_answers_join_their_nearest_group(monkeypatch) -> None:
    """With the bound at 10 distinct answers, later ones join the alike group or stay alone."""
    import dialoogtafel.rode_draad.lexical as lexical

    monkeypatch.setattr(lexical, "LINKAGE_MAX", 10)
    texts = [f"tijd voor cliënt {w}" for w in "abcdefghijkl"] + ["minder registratie"] * 3
    texts += ["koffie automaat"]
    groups = group_answers([Entry(f"a{i:02d}", 1 + i % 4, t) for i, t in enumerate(texts)])
    sizes = sorted((len(g.answers) for g in groups), reverse=True)
    assert sum(sizes) == len(texts) and sizes[:2] == [12, 3] and sizes[-1] == 1
