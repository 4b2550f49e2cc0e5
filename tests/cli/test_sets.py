"""`dialoog sets`, `sets show` and `sets check`, each run as a real subprocess."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialoogtafel.question_sets import load_shipped, shipped_ids
from tests.cli.process import dialoog
from tests.question_sets.shipped import SEVEN

HEAD = 'id = "s"\ntitle = "T"\nlanguage = "nl"\n'


def test_sets_lists_the_seven_sets_in_an_aligned_table() -> None:
    """`dialoog sets` lists every shipped set with title, language and question count."""
    run = dialoog("sets")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "LANGUAGE", "QUESTIONS", "THEMES"]
    rows = {line.split()[0]: line for line in lines[1:8]}
    assert set(rows) == set(SEVEN) == set(shipped_ids())
    assert len({line.index(" nl ") for line in rows.values()}) == 1  # one language column
    for set_id, line in rows.items():
        qs = load_shipped(set_id)
        assert qs.title in line and line.split()[-2] == str(len(qs.questions))
    assert "(default)" in rows["eigen-regie"]


def test_show_eigen_regie_prints_the_four_questions_word_for_word() -> None:
    """`sets show eigen-regie` prints each question on its own line after its id."""
    run = dialoog("sets", "show", "eigen-regie")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "eigen-regie: Eigen regie in het verantwoorden van uw toegevoegde waarde"
    for question in load_shipped("eigen-regie").questions:
        assert f"  {question.id}  {question.text}" in lines
    assert "Ga in gesprek en kom met concrete antwoorden" in run.stdout


def test_show_prints_themes_with_their_explanation_and_questions() -> None:
    """A themed set shows each theme's title, explanation and every one of its questions."""
    run = dialoog("sets", "show", "rvs-themas")
    assert run.returncode == 0, run.stderr
    qs = load_shipped("rvs-themas")
    for theme in qs.themes:
        assert f"Theme {theme.id}: {theme.title}" in run.stdout
        assert theme.explanation in run.stdout
    assert all(q.text in run.stdout for q in qs.questions)


def test_show_and_check_take_a_file(tmp_path: Path) -> None:
    """`show FILE` prints a leader's own set; `check FILE` says ok with the count."""
    path = tmp_path / "eigen.toml"
    path.write_text(HEAD + '[[questions]]\ntext = "Wat nu?"\nhelp = "Kort."\n', encoding="utf-8")
    shown = dialoog("sets", "show", path)
    assert shown.returncode == 0 and "  q1  Wat nu?" in shown.stdout and "Kort." in shown.stdout
    checked = dialoog("sets", "check", path)
    assert (checked.returncode, checked.stdout) == (0, f"ok: {path}: 1 questions\n")


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (HEAD + "[[questions]]\ntext = Wat?\n", 5, "TOML syntax error"),
        (HEAD + '[[questions]]\ntext = "A?"\n[[questions]]\nhelp = "h"\n', 6, "missing 'text'"),
        (HEAD + '[[questions]]\nid = "a"\ntext = "A?"\n[[questions]]\nid = "a"\ntext = "B?"\n',
         8, "duplicate question id 'a'"),
        ('id = "s"\ntitle = "T"\nlanguage = "fr"\n[[questions]]\ntext = "A?"\n', 3, "'fr'"),
        (HEAD + '[[questions]]\ntext = "A?"\nkind = "scale"\nmin = 4\nmax = 2\n', 8,
         "'max' in question 1 must be a whole number from 5 to 10"),
    ],
    ids=["syntax", "missing-text", "duplicate-id", "unknown-language", "scale-range"],
)  # fmt: skip
def test_check_reports_one_line_with_file_and_line(
    tmp_path: Path, text: str, line: int, says: str
) -> None:
    """A broken file: exit 2, one line on stderr naming file and line, no traceback."""
    path = tmp_path / "kapot.toml"
    path.write_text(text, encoding="utf-8")
    run = dialoog("sets", "check", path)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith(f"dialoog: {path}:{line}: ") and says in run.stderr


def test_check_of_a_missing_file_is_one_line() -> None:
    """A path that does not exist: exit 2 and one line, no traceback."""
    run = dialoog("sets", "check", "bestaat-niet.toml")
    assert run.returncode == 2
    assert run.stderr == "dialoog: bestaat-niet.toml: no such file: check the path\n"


def test_an_unknown_set_id_lists_the_known_ids() -> None:
    """`sets show` with an unknown id: exit 2, one line with every shipped id."""
    run = dialoog("sets", "show", "eigen-regi")
    assert run.returncode == 2 and run.stderr.count("\n") == 1
    assert run.stderr.startswith("dialoog: eigen-regi: unknown question set")
    assert all(set_id in run.stderr for set_id in SEVEN)


@pytest.mark.parametrize("args", [("sets",), ("sets", "show"), ("sets", "check")])
def test_every_sets_command_has_help(args: tuple[str, ...]) -> None:
    """`--help` works on `sets`, `sets show` and `sets check`."""
    run = dialoog(*args, "--help")
    assert run.returncode == 0 and run.stdout.startswith(f"usage: dialoog {' '.join(args)}")
