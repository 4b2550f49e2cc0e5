"""The loader: ids, themes, text tidying, and one clear error per kind of mistake."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from dialoogtafel.question_sets import (
    DEFAULT_SET,
    QuestionSetError,
    UnknownSetError,
    load_file,
    load_set,
    load_shipped,
    parse_set,
    shipped_ids,
    shipped_sets,
)
from dialoogtafel.server.domain.model import Question, QuestionSet, Theme

DOCS = Path(__file__).resolve().parents[2] / "docs" / "question-sets.md"
HEAD = 'id = "s"\ntitle = "T"\nlanguage = "nl"\n'
TYPOGRAPHIC = "dilemma\u2019s, \u2018zo\u2019 \u201cof\u201d zo?"  # the seeds' quote marks


def error(text: str, name: str = "set.toml") -> QuestionSetError:
    """The error parse_set raises for this text."""
    with pytest.raises(QuestionSetError) as caught:
        parse_set(text, name)
    return caught.value


def test_a_minimal_set_loads_with_numbered_ids() -> None:
    """Questions without ids get q1, q2, … and the set's fields come through."""
    qs = parse_set(HEAD + '[[questions]]\ntext = "Een?"\n[[questions]]\ntext = "Twee?"\n')
    assert qs == QuestionSet(
        id="s",
        title="T",
        language="nl",
        intro="",
        questions=(Question("q1", "Een?"), Question("q2", "Twee?")),
    )


def test_given_ids_are_kept_and_numbering_counts_positions() -> None:
    """An explicit id stays; the others are numbered by their position."""
    qs = parse_set(HEAD + '[[questions]]\ntext="A?"\n[[questions]]\nid="b"\ntext="B?"\n'
                   '[[questions]]\ntext="C?"\n')  # fmt: skip
    assert [q.id for q in qs.questions] == ["q1", "b", "q3"]


def test_theme_questions_come_after_general_ones_and_carry_their_theme() -> None:
    """[[themes.questions]] belong to their theme; [[questions]] may name one with theme = ."""
    qs = parse_set(
        HEAD
        + '[[questions]]\ntext = "Algemeen?"\n'
        + '[[questions]]\ntheme = "b"\ntext = "Los voor b?"\n'
        + '[[themes]]\nid = "a"\ntitle = "A"\nexplanation = "Uitleg"\n'
        + '[[themes.questions]]\ntext = "Voor a?"\n'
        + '[[themes]]\nid = "b"\ntitle = "B"\n'
        + '[[themes.questions]]\ntext = "Voor b?"\n'
    )
    assert qs.themes == (Theme("a", "A", "Uitleg"), Theme("b", "B"))
    assert [(q.id, q.theme) for q in qs.questions] == [
        ("q1", None),
        ("q2", "b"),
        ("q3", "a"),
        ("q4", "b"),
    ]


def test_themes_without_ids_are_numbered() -> None:
    """A theme without an id is t1, t2, …"""
    qs = parse_set(HEAD + '[[themes]]\ntitle = "A"\n[[themes.questions]]\ntext = "X?"\n')
    assert qs.themes[0].id == "t1" and qs.questions[0].theme == "t1"


def test_text_is_tidied_but_kept_word_for_word() -> None:
    """Line breaks become one space, paragraphs stay in intro, typographic quotes stay."""
    qs = parse_set(
        'id = "s"\ntitle = "  T  "\nlanguage = "en"\n'
        'intro = """\nEen\nzin.\n\nTweede   alinea.\n"""\n'
        '[[questions]]\ntext = """\nTegen welke\n' + TYPOGRAPHIC + '\n"""\n'
    )
    assert qs.title == "T"
    assert qs.intro == "Een zin.\n\nTweede alinea."
    assert qs.questions[0].text == f"Tegen welke {TYPOGRAPHIC}"


def test_text_is_stored_in_nfc() -> None:
    """A decomposed ë (as some editors save it) becomes the composed one."""
    qs = parse_set(HEAD + '[[questions]]\ntext = "cree\u0308ren?"\n')
    assert qs.questions[0].text == "cre\u00ebren?"


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (HEAD + "[[questions]]\ntext = Wat?\n", 5, "TOML syntax error: Invalid value"),
        (HEAD + '[[questions]]\ntext = "A?"\n[[questions]]\nhelp = "h"\n', 6, "missing 'text'"),
        (HEAD + '[[questions]]\ntext = "   "\n', 5, "'text' in question 1 is empty"),
        (
            HEAD + '[[questions]]\nid = "a"\ntext = "A?"\n[[questions]]\nid = "a"\ntext = "B?"\n',
            8,
            "duplicate question id 'a'",
        ),
        (
            HEAD + '[[questions]]\nid = "q2"\ntext = "A?"\n[[questions]]\ntext = "B?"\n',
            7,
            "duplicate question id 'q2'",
        ),
        ('id = "s"\ntitle = "T"\nlanguage = "de"\n[[questions]]\ntext = "A?"\n', 3, "'de'"),
        (HEAD + '[[qestions]]\ntext = "A?"\n', 4, "did you mean 'questions'?"),
        (HEAD + '[[questions]]\ntxt = "A?"\n', 5, "did you mean 'text'?"),
        (HEAD + '[[questions]]\ntext = "A?"\ntheme = "x"\n', 6, "unknown theme 'x'"),
        ('id = "s"\ntitle = 3\nlanguage = "nl"\n[[questions]]\ntext = "A?"\n', 2, "'title'"),
        (HEAD + 'questions = "A?"\n', 4, "must be a list of [[questions]] tables"),
        (HEAD + '[[questions]]\nid = "een vraag"\ntext = "A?"\n', 5, "is not allowed"),
        (HEAD + '[[themes]]\ntitle = "A"\n[[questions]]\ntext = "B?"\n', 4, "has no questions"),
        (HEAD + 'intro = """\nnooit dicht\n', 4, "Unterminated string"),
        (HEAD + 'title = "Twee"\n', 4, "Cannot overwrite a value"),
    ],
    ids=[
        "syntax",
        "missing-text",
        "empty-text",
        "duplicate-id",
        "duplicate-automatic-id",
        "unknown-language",
        "misspelt-table",
        "misspelt-key",
        "unknown-theme",
        "title-not-text",
        "questions-not-tables",
        "bad-id",
        "theme-without-questions",
        "unclosed-string",
        "key-twice",
    ],
)
def test_each_mistake_gets_one_line_with_file_and_line(text: str, line: int, says: str) -> None:
    """Syntax, missing text, duplicate ids, language, typos, themes, types: file:line: fix."""
    err = error(text)
    assert (err.path, err.line) == ("set.toml", line)
    assert str(err).startswith(f"set.toml:{line}: ")
    assert says in str(err) and "\n" not in str(err)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('title = "T"\nlanguage = "nl"\n[[questions]]\ntext = "A?"\n', "missing 'id'"),
        ('id = "s"\nlanguage = "nl"\n[[questions]]\ntext = "A?"\n', "missing 'title'"),
        ('id = "s"\ntitle = "T"\n[[questions]]\ntext = "A?"\n', "missing 'language'"),
        (HEAD, "no questions"),
        (HEAD + 'questions = [{text = "A?"}, {text = ""}]\n', "'text' in question 2 is empty"),
    ],
    ids=["no-id", "no-title", "no-language", "no-questions", "inline-tables"],
)
def test_mistakes_without_a_line_name_the_file(text: str, says: str) -> None:
    """Where nothing in the file points at the mistake, the message names only the file."""
    err = error(text)
    assert err.line is None and str(err).startswith("set.toml: ") and says in str(err)


def test_a_syntax_error_keeps_tomllibs_column() -> None:
    """tomllib's '(at line N, column M)' becomes the line and a column in the message."""
    err = error(HEAD + "[[questions]]\ntext = Wat?\n")
    assert err.line == 5 and "(column 8)" in err.message and "at line" not in err.message


def test_an_unknown_key_lists_the_allowed_ones() -> None:
    """A typo gets a suggestion and the keys that are allowed there."""
    err = error(HEAD + '[[questions]]\ntekst = "A?"\n')
    assert "'tekst'" in str(err) and "allowed keys: id, text, help, theme" in str(err)


def test_files_errors_name_the_path(tmp_path: Path) -> None:
    """Missing file, folder and non-UTF-8 file: one line each, with the path."""
    bad = tmp_path / "latin1.toml"
    bad.write_bytes((HEAD + '[[questions]]\ntext = "Cre\xe9er?"\n').encode("latin-1"))
    for path, says in [
        (tmp_path / "none.toml", "no such file"),
        (tmp_path, "is a folder"),
        (bad, "not UTF-8"),
    ]:
        with pytest.raises(QuestionSetError, match=re.escape(f"{path}: {says}")):
            load_file(path)


def test_a_file_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark at the start (Windows editors) is not an error."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + '[[questions]]\ntext = "A?"\n').encode())
    assert load_file(path).questions[0].text == "A?"


def test_load_set_takes_an_id_or_a_path(tmp_path: Path) -> None:
    """An id loads the shipped set; a path (str or Path) loads the file."""
    path = tmp_path / "eigen.toml"
    path.write_text(HEAD + '[[questions]]\ntext = "A?"\n', encoding="utf-8")
    assert load_set("eigen-regie") == load_shipped("eigen-regie")
    assert load_set(str(path)).id == "s" == load_set(path).id


def test_an_unknown_id_lists_the_known_ones() -> None:
    """An id that names no set says which ids exist; it is a QuestionSetError too."""
    with pytest.raises(UnknownSetError) as caught:
        load_set("eigen-regi")
    assert caught.value.known == tuple(sorted(shipped_ids()))
    assert str(caught.value).startswith("eigen-regi: unknown question set")
    assert "eigen-regie" in str(caught.value) and isinstance(caught.value, QuestionSetError)


def test_shipped_sets_are_listed_default_first_and_ids_match_file_names() -> None:
    """shipped_ids() puts the default first; each file's id is its file name."""
    ids = shipped_ids()
    assert ids[0] == DEFAULT_SET == "eigen-regie"
    assert [qs.id for qs in shipped_sets()] == list(ids)


def test_shipped_sets_are_dutch_with_intro_and_source() -> None:
    """Every shipped set is nl and has an intro and a source."""
    for qs in shipped_sets():
        assert qs.language == "nl" and qs.intro and qs.source, qs.id


def test_the_error_pickles_and_keeps_its_parts() -> None:
    """QuestionSetError survives a round trip (e.g. out of a worker process)."""
    err = QuestionSetError("a.toml", 3, "what to fix")
    back = pickle.loads(pickle.dumps(err))
    assert (back.path, back.line, back.message, str(back)) == (
        "a.toml",
        3,
        "what to fix",
        "a.toml:3: what to fix",
    )


def test_the_docs_example_loads_as_documented() -> None:
    """The complete example in docs/question-sets.md is a valid set with the ids it promises."""
    docs = DOCS.read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", docs, re.DOTALL)
    assert example is not None
    qs = parse_set(example[1], "teamdag.toml")
    assert [(q.id, q.theme) for q in qs.questions] == [
        ("q1", None),
        ("afspraak", None),
        ("q3", "clienten"),
        ("q4", "organisatie"),
        ("q5", "organisatie"),
    ]
    assert qs.intro.count("\n\n") == 1 and qs.themes[1].explanation.count("\n") == 0


def test_the_docs_list_every_shipped_set() -> None:
    """docs/question-sets.md names each shipped set."""
    docs = DOCS.read_text(encoding="utf-8")
    assert [i for i in shipped_ids() if f"`{i}`" not in docs] == []


POLL = HEAD + '[[questions]]\ntext = "Hoe eens?"\n'


def test_a_choice_and_a_scale_load_with_their_fields() -> None:
    """kind = "choice" with options and max_picks; kind = "scale" with min, max and labels."""
    qs = parse_set(
        HEAD
        + '[[questions]]\ntext = "Open?"\n'
        + '[[questions]]\ntext = "Kies?"\nkind = "choice"\noptions = ["A", "B", "C"]\n'
        + "max_picks = 2\n"
        + '[[questions]]\ntext = "Eens?"\nkind = "scale"\nmin = 1\nmax = 5\n'
        + 'labels = ["oneens", "eens"]\n'
    )
    open_, choice, scale = qs.questions
    assert open_.kind == "open" and not open_.is_poll
    assert (choice.kind, choice.options, choice.max_picks) == ("choice", ("A", "B", "C"), 2)
    assert (scale.kind, scale.min, scale.max, scale.labels) == ("scale", 1, 5, ("oneens", "eens"))


def test_max_picks_defaults_to_one_and_labels_are_optional() -> None:
    """A choice picks one unless told; a scale may go without labels."""
    qs = parse_set(
        POLL + 'kind = "choice"\noptions = ["A", "B"]\n'
        '[[questions]]\ntext = "S?"\nkind = "scale"\nmin = 0\nmax = 10\n'
    )
    assert qs.questions[0].max_picks == 1 and qs.questions[1].labels == ()


@pytest.mark.parametrize(
    ("lines", "line", "words"),
    [
        ('kind = "quiz"', 6, "unknown kind 'quiz'"),
        ('kind = "choice"', 4, "missing 'options'"),
        ('kind = "choice"\noptions = ["A"]', 7, "has 1: a choice needs 2 to 12"),
        ('kind = "choice"\noptions = ' + str([f"o{i}" for i in range(13)]), 7, "has 13"),
        ('kind = "choice"\noptions = "A, B"', 7, "must be a list of texts"),
        ('kind = "choice"\noptions = ["A", "A"]', 7, "'A' twice"),
        ('kind = "choice"\noptions = ["A", " "]', 7, "an empty text"),
        ('kind = "choice"\noptions = ["A", "B"]\nmax_picks = 3', 8, "from 1 to 2"),
        ('kind = "choice"\noptions = ["A", "B"]\nmin = 1', 8, "belongs to a scale question"),
        ('options = ["A", "B"]', 6, "belongs to a choice question"),
        ('kind = "scale"\nmax = 5', 4, "missing 'min'"),
        ('kind = "scale"\nmin = 1', 4, "missing 'max'"),
        (
            'kind = "scale"\nmin = 5\nmax = 5',
            8,
            "'max' in question 1 must be a whole number from 6",
        ),
        ('kind = "scale"\nmin = 0\nmax = 11', 8, "from 1 to 10"),
        ('kind = "scale"\nmin = -1\nmax = 4', 7, "'min' in question 1 must be"),
        ('kind = "scale"\nmin = 1.5\nmax = 4', 7, "not 1.5"),
        ('kind = "scale"\nmin = 1\nmax = 4\nlabels = ["laag"]', 9, "give the words at both ends"),
        ('kind = "scale"\nmin = 1\nmax = 4\noptions = ["a", "b"]', 9, "belongs to a choice"),
        ('kind = "choice"\noptions = ["A", "B"]\nlabels = ["x", "y"]', 8, "belongs to a scale"),
    ],
)
def test_every_poll_mistake_is_explained_with_its_line(lines: str, line: int, words: str) -> None:
    """Each mistake in a poll question names the file, the line and what to write."""
    err = error(POLL + lines + "\n")
    assert err.path == "set.toml" and err.line == line, str(err)
    assert words in err.message, str(err)
