"""Key bindings: each id names its label in TEXTS, so the footer speaks the session's language.

Textual reads a class's BINDINGS once, when the class is made. So `key()` labels a binding in
Dutch (the default), and `localized(Screen, "en")` is the same screen as a subclass whose
BINDINGS carry the English labels; the app shows that class once a session's welcome says English.
The subclass lists a screen's own keys before the keys every screen has, so the footer does too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from textual.binding import Binding, BindingType
from textual.dom import DOMNode

from dialoogtafel.kiosk.texts import texts

Node = TypeVar("Node", bound=DOMNode)

# Actions that change the session (or only make sense for one who can): leader only.
LEADER_ACTIONS = frozenset(
    {
        "step_question",
        "toggle_open",
        "toggle_voting",
        "end_session",
        "select",
        "clear_selection",
        "toggle_hidden",
        "toggle_highlight",
        "add_note",
        "add_plenary",
        "add_action",
        "edit_item",
        "remove_item",
        "select_item",
        "timer_toggle",
        "timer_extend",
        "timer_stop",
        "next_round",
        "approve",
        "hide_pending",
        "select_pending",
        "add_topic",
        "edit_topic",
        "remove_topic",
        "move_answer",
        "accept_suggestion",
        "toggle_reveal",
        "ask_question",
    }
)

SELECT = "select"  # the label of the wall's arrow keys, grouped in the footer


def key(keys: str, action: str, label: str, **kwargs: object) -> Binding:
    """A binding whose description is the Dutch label of `label` (its id)."""
    return Binding(keys, action, texts("nl")["keys"][label], id=label, **kwargs)  # type: ignore[arg-type]


def group(label: str) -> Binding.Group:
    """A footer group (keys shown together under one label), in Dutch."""
    return Binding.Group(texts("nl")["keys"][label], compact=True)


# The keys of every kiosk screen (each screen adds its own; a screen's own key wins): the
# screens, questions, voting, the timer and rounds, the end, quit. One binding per key, so
# help lists every key. Their actions are the app's.
APP_KEYS: list[BindingType] = [
    key("ctrl+q", "app.request_quit", "quit", priority=True),
    key("question_mark", "app.help", "help", key_display="?"),
    key("q", "app.show('lobby')", "qr"),
    key("w", "app.show('wall')", "wall"),
    key("t", "app.show('overview')", "overview"),
    key("v", "app.show('votes')", "votes"),
    key("n", "app.show('notes')", "notes"),
    key("r", "app.show('rode_draad')", "rode_draad"),
    key("g", "app.show('queue')", "queue"),
    key("pagedown", "app.step_question(1)", "next", key_display="PgDn"),
    key("full_stop", "app.step_question(1)", "next", key_display="."),
    key("pageup", "app.step_question(-1)", "previous", key_display="PgUp"),
    key("comma", "app.step_question(-1)", "previous", key_display=","),
    key("o", "app.toggle_open", "open_close"),
    key("s", "app.toggle_voting", "voting"),
    key("k", "app.timer_toggle", "timer"),
    key("ctrl+k", "app.timer_toggle(True)", "timer_question"),
    key("plus", "app.timer_extend(60)", "timer_plus1", key_display="+"),
    key("equals_sign", "app.timer_extend(60)", "timer_plus1", key_display="="),
    key("5", "app.timer_extend(300)", "timer_plus5"),
    key("K", "app.timer_stop", "timer_stop", key_display="K"),
    key("N", "app.next_round", "next_round", key_display="N"),
    key("ctrl+e", "app.end_session", "end"),
    # the poll keys: in `?`, not in the footer (it is full at 160 columns)
    key("u", "app.show('results')", "results", show=False),
    key("z", "app.toggle_reveal", "reveal", show=False),
    key("f", "app.ask_question", "ask", show=False),
]

_made: dict[tuple[type[DOMNode], str], type[DOMNode]] = {}


def localized(node: type[Node], language: str) -> type[Node]:
    """The class with its keys labelled in `language`: a subclass binding the same keys."""
    made = _made.get((node, language))
    if made is None:
        namespace = {
            "BINDINGS": relabelled(node, language),
            "__module__": node.__module__,  # CSS_PATH stays relative to the screen's own file
            "__doc__": node.__doc__,
            "__qualname__": node.__qualname__,
        }
        made = type(node.__name__, (node,), namespace, inherit_bindings=False)
        _made[node, language] = made
    return made  # type: ignore[return-value]


def relabelled(node: type[DOMNode], language: str) -> list[BindingType]:
    """Every binding of the class and its bases, labelled in `language`; the first per key wins.

    Read from the most derived class up, as a subclass's binding of a key replaces its base's
    in Textual: the screen's own keys come first, then those of every screen, then Textual's.
    """
    labels = texts(language)["keys"]
    groups = {text: name for name, text in texts("nl")["keys"].items()}
    seen: set[str] = set()
    out: list[BindingType] = []
    for cls in node.__mro__:
        for binding in Binding.make_bindings(vars(cls).get("BINDINGS", ())):
            if binding.key in seen:
                continue
            seen.add(binding.key)
            if binding.id not in labels:
                out.append(binding)  # not ours (Textual's own): as it is
                continue
            label_group = None
            if binding.group is not None:
                name = groups[binding.group.description]
                label_group = replace(binding.group, description=labels[name])
            out.append(replace(binding, description=labels[binding.id], group=label_group))
    return out
