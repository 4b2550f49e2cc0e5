"""Every shipped set against the seed text it comes from: no wording may drift."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from dialoogtafel.question_sets import load_shipped, shipped_ids
from dialoogtafel.server.domain.model import QuestionSet

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / ".." / "shared" / "seeds"
DESIGN = REPO / ".." / "shared" / "DESIGN.md"
DOCS = REPO / "docs" / "question-sets.md"

SOURCES = {  # set id -> the seed file it is taken from
    "eigen-regie": "000_6dadcbf9adb7d11b.txt",
    "anders-verantwoorden-netwerk": "000_6dadcbf9adb7d11b.txt",
    "rvs-themas": "000_6dadcbf9adb7d11b.txt",
    "leren-en-rekenschap": "001_8c3dd8172e3ba875.txt",
    "polariteiten": "003_566f95150fb1323c.txt",
    "handelingsperspectieven": "003_566f95150fb1323c.txt",
    "kennismaking": "004_56c40900c3eea574.txt",
}
OWN_INTROS = {"rvs-themas"}  # docs/question-sets.md says these intros are ours, not the seed's
JOIN = "\x00"  # marks where a word broken by a hyphen at a line end was joined
_LINE_END_HYPHEN = re.compile(r"(\w)-[ \t]*\n\s*(\w)")


@dataclass(frozen=True)
class Mend:
    """One row of the mends table in docs/question-sets.md."""

    set_id: str
    where: str
    seed: str
    shipped: str

    @property
    def is_join(self) -> bool:
        """A word broken by a hyphen at a line end, written `part-⏎part` in the docs."""
        return "-⏎" in self.seed


def documented_mends() -> list[Mend]:
    """The mends table of docs/question-sets.md."""
    text = DOCS.read_text(encoding="utf-8").split("\n## Mends\n", 1)[1]
    row = re.compile(r"^\|\s*`([a-z0-9-]+)`\s*\|\s*([^|]*?)\s*\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|")
    return [Mend(*m.groups()) for line in text.splitlines() if (m := row.match(line))]


def seed_text(set_id: str) -> str:
    """The seed of a set, normalized: hyphen joins marked, whitespace collapsed, mends applied."""
    assert SEEDS.is_dir(), f"seed folder missing: {SEEDS} (the test needs it, it must not skip)"
    text = (SEEDS / SOURCES[set_id]).read_text(encoding="utf-8")
    text = _LINE_END_HYPHEN.sub(rf"\1{JOIN}\2", text)
    text = re.sub(r"\s+", " ", text)
    for mend in documented_mends():
        if mend.set_id == set_id and not mend.is_join:
            text = text.replace(mend.seed, mend.shipped)
    return text


def find(text: str, seed: str, *, ignore_case: bool = False) -> str | None:
    """The stretch of the seed that reads as `text` (joins allowed anywhere), or None."""
    pattern = f"{JOIN}?".join(re.escape(c) for c in text)
    found = re.search(pattern, seed, re.IGNORECASE if ignore_case else 0)
    return found[0] if found else None


def own_sentences() -> set[tuple[str, str]]:
    """(set id, question text) of the poll questions whose sentence is ours, from the docs."""
    text = DOCS.read_text(encoding="utf-8").split("\n## Our own sentences\n", 1)[1]
    text = text.split("\n## ", 1)[0]
    row = re.compile(r"^\|\s*`([a-z0-9-]+)`\s*\|\s*`?(q\d+)`?\s*\|\s*(.+?)\s*\|\s*$")
    return {(m[1], m[3]) for line in text.splitlines() if (m := row.match(line))}


def texts_from_seed(qs: QuestionSet) -> list[tuple[str, str]]:
    """(where, text) for everything of a set that must be in its seed word for word.

    A poll's own sentence may be ours (listed in the docs); its options and labels are not.
    """
    ours = own_sentences()
    items = [(q.id, q.text) for q in qs.questions if (qs.id, q.text) not in ours]
    items += [(f"{q.id} option", o) for q in qs.questions for o in (*q.options, *q.labels)]
    items += [(f"theme {t.id}", t.title) for t in qs.themes]
    items += [(f"theme {t.id} explanation", t.explanation) for t in qs.themes if t.explanation]
    if qs.id not in OWN_INTROS:
        items.append(("intro", qs.intro))
    return items


def joins_used(qs: QuestionSet) -> set[str]:
    """Every hyphen join the set's texts need, as `part-⏎part`."""
    seed = seed_text(qs.id)
    used: set[str] = set()
    for _, text in texts_from_seed(qs):
        stretch = find(text, seed) or ""
        used |= {j.replace(JOIN, "-⏎") for j in re.findall(rf"\w+{JOIN}\w+", stretch)}
    return used


def test_the_seven_sets_ship() -> None:
    """The shipped sets are exactly the seven taken from the seeds."""
    assert set(shipped_ids()) == set(SOURCES)


@pytest.mark.parametrize("set_id", sorted(SOURCES))
def test_every_text_is_found_in_its_seed(set_id: str) -> None:
    """Each question, theme title, explanation and intro reads as in the seed."""
    qs = load_shipped(set_id)
    seed = seed_text(set_id)
    missing = [(where, text) for where, text in texts_from_seed(qs) if find(text, seed) is None]
    assert missing == []


@pytest.mark.parametrize("set_id", sorted(SOURCES))
def test_the_title_is_found_in_its_seed(set_id: str) -> None:
    """The title is a heading or phrase of the seed (headings in capitals are recased)."""
    qs = load_shipped(set_id)
    assert find(qs.title, seed_text(set_id), ignore_case=True) is not None


@pytest.mark.parametrize("set_id", sorted(SOURCES))
def test_every_hyphen_join_is_listed_in_the_docs(set_id: str) -> None:
    """Each word joined across a line-end hyphen is in the docs' mends table, and vice versa."""
    listed = {m.seed for m in documented_mends() if m.set_id == set_id and m.is_join}
    assert joins_used(load_shipped(set_id)) == listed


def test_every_listed_mend_is_used() -> None:
    """Each non-join mend in the docs occurs in its seed and in a text of its set."""
    mends = [m for m in documented_mends() if not m.is_join]
    assert mends, "the mends table in docs/question-sets.md was not found"
    for mend in mends:
        raw = re.sub(r"\s+", " ", (SEEDS / SOURCES[mend.set_id]).read_text(encoding="utf-8"))
        qs = load_shipped(mend.set_id)
        assert mend.seed in raw, mend
        assert any(mend.shipped in text for _, text in texts_from_seed(qs)), mend


def test_eigen_regie_has_exactly_the_four_questions_of_the_design() -> None:
    """The default set's questions equal the four numbered ones in DESIGN.md."""
    design = DESIGN.read_text(encoding="utf-8")
    listed = re.search(r"^1\. (.+)\n2\. (.+)\n3\. (.+)\n4\. (.+)$", design, re.MULTILINE)
    assert listed is not None, "DESIGN.md no longer lists the four eigen regie questions"
    qs = load_shipped("eigen-regie")
    assert [q.text for q in qs.questions] == list(listed.groups())
    assert [q.id for q in qs.questions] == ["q1", "q2", "q3", "q4"]


def test_rvs_themas_has_the_four_themes_in_order() -> None:
    """rvs-themas: four themes in the seed's order, every question belongs to one."""
    qs = load_shipped("rvs-themas")
    assert [t.title for t in qs.themes] == [
        "Primaire verantwoordelijkheid bij zorgverleners",
        "Externe verantwoording sluit aan op de context van de praktijk",
        "Samen komen tot gedeelde principes en verantwoorde opstelling",
        "Andere houding van betrokkenen",
    ]
    assert [sum(q.theme == t.id for q in qs.questions) for t in qs.themes] == [6, 6, 6, 3]


def test_nothing_comes_from_seed_002() -> None:
    """No line of seed 002 (personal contact details) appears in a shipped set file."""
    seed = (SEEDS / "002_1649d74952e8b45e.txt").read_text(encoding="utf-8")
    lines = {" ".join(line.split()) for line in seed.splitlines() if len(line.strip()) >= 12}
    shipped = " ".join((REPO / "question_sets").joinpath(f"{i}.toml").read_text() for i in SOURCES)
    shipped = " ".join(shipped.split())
    assert [line for line in lines if line in shipped] == []


def test_every_own_sentence_is_a_poll_of_its_set_and_the_poles_are_the_seeds() -> None:
    """Each of our sentences is a poll's; polariteiten has a scale per polarity, poles as labels."""
    ours = own_sentences()
    assert ours, "the 'Our own sentences' table in docs/question-sets.md was not found"
    for set_id, text in ours:
        polls = [q.text for q in load_shipped(set_id).questions if q.is_poll]
        assert text in polls, (set_id, text)
    scales = [q for q in load_shipped("polariteiten").questions if q.kind == "scale"]
    assert [q.labels for q in scales] == [
        ("Inwonersbehoeften", "inrichting gezondheid en zorg"),
        ("Top-down sturen", "bottom-up ontwikkelen"),
        ("Domeinoverstijgend samenwerken", "gescheiden kaders en financiering"),
        ("Investeren in preventie", "kostenbeheersing"),
    ]
