"""Turn a parsed TOML document into a QuestionSet, or say in one line what to fix and where."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from dialoogtafel.question_sets.errors import QuestionSetError
from dialoogtafel.question_sets.lines import Lines, Where
from dialoogtafel.question_sets.polls import POLL_KEYS, poll_fields
from dialoogtafel.server.domain.model import Language, Question, QuestionSet, SetTopic, Theme

LANGUAGES: tuple[Language, ...] = ("nl", "en")
SET_KEYS = ("id", "title", "language", "intro", "source", "themes", "questions")
THEME_KEYS = ("id", "title", "explanation", "questions")
QUESTION_KEYS = ("id", "text", "help", "theme", *POLL_KEYS, "topics")
TOPIC_KEYS = ("name", "about")
TOPIC_NAME, TOPIC_ABOUT = 60, 200  # PROTOCOL.md, topics
ID_RULE = "letters, digits, - and _, at most 64 characters"
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_SPACES = re.compile(r"[ \t\r\n]+")  # not \s: a non-breaking space in a seed stays one
_PARAGRAPH = re.compile(r"\n[ \t\r]*\n")


class Reader:
    """Reads one parsed file; every complaint names the file and, where it can, the line."""

    def __init__(self, path: str, data: Mapping[str, Any], lines: Lines) -> None:
        self.path = path
        self.data = data
        self.lines = lines

    def fail(self, message: str, where: Where = (), key: str | None = None) -> QuestionSetError:
        """The error for this location (a table, or a key in it)."""
        line = self.lines.key(where, key) if key else self.lines.table(where) if where else None
        return QuestionSetError(self.path, line, message)

    def keys(self, table: Mapping[str, Any], allowed: tuple[str, ...], where: Where) -> None:
        """Reject keys the format does not know: a typo must not silently drop a question."""
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "remove it or fix its name;"
                allowed_list = ", ".join(allowed)
                label = _label(where)
                message = f"unknown key '{key}'{label}: {hint} allowed keys: {allowed_list}"
                raise self.fail(message, where, key)

    def text(
        self,
        table: Mapping[str, Any],
        key: str,
        where: Where,
        *,
        required: bool = False,
        paragraphs: bool = False,
        example: str = "…",
    ) -> str:
        """A text value, tidied; required ones must be present and not empty."""
        value = table.get(key)
        label = _label(where)
        if value is None:
            if required:
                raise self.fail(f"missing '{key}'{label}: add {key} = \"{example}\"", where)
            return ""
        if not isinstance(value, str):
            message = f"'{key}'{label} must be text in quotes, e.g. {key} = \"{example}\""
            raise self.fail(message, where, key)
        tidy = _tidy(value, paragraphs=paragraphs)
        if required and not tidy:
            raise self.fail(f"'{key}'{label} is empty: write it between the quotes", where, key)
        return tidy

    def ident(self, table: Mapping[str, Any], where: Where, default: str) -> str:
        """An id as given (checked against the id rule), or the default."""
        if "id" not in table:
            return default
        value = self.text(table, "id", where, example=default)
        if not _ID.fullmatch(value):
            message = f"id '{value}'{_label(where)} is not allowed: use {ID_RULE}"
            raise self.fail(message, where, "id")
        return value

    def tables(self, table: Mapping[str, Any], key: str, where: Where) -> list[dict[str, Any]]:
        """A list of tables ([[key]] in the file), possibly empty."""
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            header = ".".join([*(str(w) for w in where if isinstance(w, str)), key])
            message = f"'{key}'{_label(where)} must be a list of [[{header}]] tables"
            raise self.fail(message, where, key)
        return value


def build(reader: Reader) -> QuestionSet:
    """The question set the file describes, fully checked."""
    data = reader.data
    reader.keys(data, SET_KEYS, ())
    if "id" not in data:
        raise reader.fail(f"missing 'id': add id = \"my-set\" ({ID_RULE})")
    set_id = reader.ident(data, (), "")
    title = reader.text(data, "title", (), required=True, example="Eigen regie")
    language = _language(reader)
    intro = reader.text(data, "intro", (), paragraphs=True)
    source = reader.text(data, "source", ())
    themes, nested = _themes(reader)
    general = reader.tables(data, "questions", ())
    entries: list[tuple[Where, dict[str, Any], str | None]] = [
        (("questions", i), q, None) for i, q in enumerate(general)
    ]
    entries += nested
    if not entries:
        message = 'no questions: add a [[questions]] table with text = "…" for each question'
        raise reader.fail(message)
    questions = _questions(reader, entries, themes)
    return QuestionSet(
        id=set_id,
        title=title,
        language=language,
        intro=intro,
        questions=questions,
        themes=themes,
        source=source,
    )


def _language(reader: Reader) -> Language:
    value = reader.text(reader.data, "language", (), required=True, example="nl")
    for language in LANGUAGES:
        if value == language:
            return language
    message = f'unknown language \'{value}\': use language = "nl" or language = "en"'
    raise reader.fail(message, (), "language")


def _themes(
    reader: Reader,
) -> tuple[tuple[Theme, ...], list[tuple[Where, dict[str, Any], str | None]]]:
    """The themes, and the questions written under them with the theme each belongs to."""
    themes: list[Theme] = []
    nested: list[tuple[Where, dict[str, Any], str | None]] = []
    for index, table in enumerate(reader.tables(reader.data, "themes", ())):
        where: Where = ("themes", index)
        reader.keys(table, THEME_KEYS, where)
        theme_id = reader.ident(table, where, f"t{index + 1}")
        if any(t.id == theme_id for t in themes):
            message = f"duplicate theme id '{theme_id}': give each theme its own id"
            raise reader.fail(message, where, "id")
        title = reader.text(table, "title", where, required=True, example="Thema")
        explanation = reader.text(table, "explanation", where, paragraphs=True)
        themes.append(Theme(id=theme_id, title=title, explanation=explanation))
        for q_index, question in enumerate(reader.tables(table, "questions", where)):
            nested.append(((*where, "questions", q_index), question, theme_id))
    return tuple(themes), nested


def _questions(
    reader: Reader,
    entries: list[tuple[Where, dict[str, Any], str | None]],
    themes: tuple[Theme, ...],
) -> tuple[Question, ...]:
    """Every question in set order: the general [[questions]], then each theme's own."""
    known = [t.id for t in themes]
    seen: dict[str, str] = {}
    questions: list[Question] = []
    for number, (where, table, under) in enumerate(entries, start=1):
        reader.keys(table, QUESTION_KEYS, where)
        question_id = reader.ident(table, where, f"q{number}")
        if question_id in seen:
            message = (
                f"duplicate question id '{question_id}'{_label(where)}: {seen[question_id]} "
                "has it too; give each question its own id (one without an id gets q and "
                "its position)"
            )
            raise reader.fail(message, where, "id" if "id" in table else None)
        seen[question_id] = _name(where)
        text = reader.text(table, "text", where, required=True, example="Wat …?")
        help_text = reader.text(table, "help", where, paragraphs=True)
        theme = reader.text(table, "theme", where) or under
        if under is not None and theme != under:
            message = f"'theme'{_label(where)} says '{theme}' but it is written under '{under}'"
            raise reader.fail(f"{message}: remove the theme key", where, "theme")
        if theme is not None and theme not in known:
            choices = ", ".join(known) if known else "none defined yet"
            message = (
                f"unknown theme '{theme}'{_label(where)}: use one of the themes' ids "
                f'({choices}) or add a [[themes]] table with id = "{theme}"'
            )
            raise reader.fail(message, where, "theme")
        topics = _topics(reader, table, where)
        poll = poll_fields(reader, table, where, _label(where))
        questions.append(Question(question_id, text, help_text, theme, topics=topics, **poll))
    for theme_id in known:
        if not any(q.theme == theme_id for q in questions):
            message = f"theme '{theme_id}' has no questions: add questions under it or remove it"
            raise reader.fail(message, ("themes", known.index(theme_id)))
    return tuple(questions)


def _topics(reader: Reader, question: dict[str, Any], where: Where) -> tuple[SetTopic, ...]:
    """A question's [[questions.topics]]: each a name (<= 60) and one sentence (<= 200)."""
    out = []
    for index, table in enumerate(reader.tables(question, "topics", where)):
        at: Where = (*where, "topics", index)
        reader.keys(table, TOPIC_KEYS, at)
        name = reader.text(table, "name", at, required=True, example="Tijd")
        about = reader.text(table, "about", at, example="Uren in het rooster.")
        for key, value, limit in (("name", name, TOPIC_NAME), ("about", about, TOPIC_ABOUT)):
            if len(value) > limit:
                message = f"'{key}'{_label(at)} has {len(value)} characters: at most {limit}"
                raise reader.fail(message, at, key)
        if any(t.name == name for t in out):
            raise reader.fail(f"duplicate topic name '{name}'{_label(at)}", at, "name")
        out.append(SetTopic(name, about))
    return tuple(out)


def _name(where: Where) -> str:
    """'question 3', 'theme 2', 'question 1 of theme 2' (counted as written), or ''."""
    match where:
        case ("questions", int(index)):
            return f"question {index + 1}"
        case ("themes", int(index)):
            return f"theme {index + 1}"
        case ("themes", int(theme), "questions", int(index)):
            return f"question {index + 1} of theme {theme + 1}"
        case (*question, "topics", int(index)):
            return f"topic {index + 1} of {_name(tuple(question))}"
        case _:
            return ""


def _label(where: Where) -> str:
    """' in question 3' and the like, for messages; '' at the top level."""
    name = _name(where)
    return f" in {name}" if name else ""


def _tidy(value: str, *, paragraphs: bool) -> str:
    """NFC, line breaks joined with one space; blank lines kept as paragraph breaks if asked."""
    value = unicodedata.normalize("NFC", value).strip()
    parts = _PARAGRAPH.split(value) if paragraphs else [value]
    return "\n\n".join(_SPACES.sub(" ", p).strip() for p in parts if p.strip())
