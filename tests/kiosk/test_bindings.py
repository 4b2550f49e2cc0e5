"""The kiosk's keys as declared: labelled in both languages, documented, named right in the texts,
and bound with Textual's public API only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from textual.app import App
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    DataTable,
    Digits,
    Footer,
    Input,
    Label,
    OptionList,
    Static,
)

from dialoogtafel.kiosk.app import VIEWS, KioskApp
from dialoogtafel.kiosk.keys import localized
from dialoogtafel.kiosk.screens.topics import RodeDraadScreen
from dialoogtafel.kiosk.screens.votes import VotesScreen
from dialoogtafel.kiosk.texts import texts

KIOSK = Path(__file__).parents[2] / "kiosk"
DOCS = Path(__file__).parents[2] / "docs" / "kiosk.md"


def bindings(view: type[Screen[None]], language: str = "nl") -> list[Binding]:
    """The bindings of a kiosk screen as the app shows it, ours only (they have an id)."""
    made = localized(view, language)
    own = Binding.make_bindings(made.BINDINGS)
    return [b for b in own if b.id]


def doc_keys() -> set[str]:
    """Every key named in docs/kiosk.md's table of keys."""
    text = DOCS.read_text("utf-8")
    table = text[text.index("## Keys") :]
    table = table[: table.index("\n## ", 1)]
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    return {key for row in rows for key in re.findall(r"`([^`]+)`", row.split(" | ")[0])}


@pytest.mark.parametrize("mode", sorted(VIEWS))
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_key_is_labelled_in_the_language(mode: str, language: str) -> None:
    """Each binding's label is the one for its id in that language, and not empty."""
    labels = texts(language)["keys"]
    for b in bindings(VIEWS[mode], language):
        assert b.id in labels, (mode, b.id)
        assert b.description == labels[b.id] != ""


@pytest.mark.parametrize("mode", sorted(VIEWS))
def test_every_key_is_in_the_docs(mode: str) -> None:
    """docs/kiosk.md's table names every key of every screen, as the footer shows it."""
    documented = doc_keys()
    for b in bindings(VIEWS[mode]):
        assert (b.key_display or b.key) in documented, (mode, b.key)


def test_a_screens_own_keys_come_before_the_keys_of_every_screen() -> None:
    """The footer shows the wall's arrows, h and m before the keys to other screens."""
    keys = [b.key for b in bindings(VIEWS["wall"])]
    assert keys.index("h") < keys.index("w") and keys.index("up") < keys.index("question_mark")
    assert keys.count("n") == 1  # a screen's own key replaces the shared one


@pytest.mark.parametrize("language", ["nl", "en"])
def test_texts_that_name_a_key_name_the_key_that_does_it(language: str) -> None:
    """The sentences that tell the leader which key to press name the key bound to it."""
    t = texts(language)
    named = [
        ("votes_none", VotesScreen, "app.toggle_voting"),
        ("rd_suggestions", RodeDraadScreen, "accept_suggestion"),
    ]
    for text_key, view, action in named:
        (key,) = {b.key for b in bindings(view, language) if b.action == action}
        assert re.search(rf"\b{re.escape(key)}\b", t[text_key]), (text_key, key)


def textual_private_names() -> set[str]:
    """The private names of the Textual classes the kiosk uses, on the class or the instance."""
    classes: list[type] = [
        App,
        Screen,
        ModalScreen,
        OptionList,
        DataTable,
        Static,
        Digits,
        Footer,
        Input,
        Button,
        Label,
        Horizontal,
        Vertical,
        Grid,
        VerticalScroll,
        Binding,
    ]
    names = {n for c in classes for k in c.__mro__ for n in vars(k)}
    for instance in (App(), Screen(), OptionList(), DataTable(), Static(), Digits()):
        names |= set(vars(instance))
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def test_no_private_textual_attribute_is_read_written_or_shadowed() -> None:
    """No kiosk module touches (or defines) a name that Textual keeps private."""
    private = textual_private_names()
    assert "_bindings" in private  # the check sees instance attributes too
    found = []
    for path in sorted(KIOSK.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            name = None
            if isinstance(node, ast.Attribute):
                name = node.attr
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                name = node.name
            if name in private:
                found.append(f"{path.name}:{node.lineno} {name}")
    assert found == []


def test_the_app_binds_only_quit_itself() -> None:
    """The screens bind the keys (labelled per language); the app only quits from a dialog."""
    (quit_,) = Binding.make_bindings(KioskApp.BINDINGS)
    assert (quit_.key, quit_.action, quit_.priority) == ("ctrl+q", "request_quit", True)
