"""Key bindings: each id names its label in TEXTS, so the footer speaks the session's language."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap, BindingType
from textual.dom import DOMNode

from dialoogtafel.kiosk.texts import texts

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


def key(keys: str, action: str, label: str, **kwargs: object) -> Binding:
    """A binding whose description is the Dutch label until relabel() sets the session's."""
    return Binding(keys, action, texts("nl")["keys"][label], id=label, **kwargs)  # type: ignore[arg-type]


# The app's own keys, on every screen (each screen adds its own): views, questions, voting, the
# timer and rounds, the end, quit.
APP_KEYS: list[BindingType] = [
    key("question_mark", "help", "help", key_display="?"),
    key("q", "show('lobby')", "qr"),
    key("w", "show('wall')", "wall"),
    key("t", "show('overview')", "overview"),
    key("v", "show('votes')", "votes"),
    key("n", "show('notes')", "notes"),
    key("r", "show('rode_draad')", "rode_draad"),
    # the poll keys: in `?`, not in the footer (it is full at 160 columns)
    key("u", "show('results')", "results", show=False),
    key("z", "toggle_reveal", "reveal", show=False),
    key("f", "ask_question", "ask", show=False),
    key("pagedown", "step_question(1)", "next", key_display="PgDn"),
    key("full_stop", "step_question(1)", "next", key_display="."),
    key("pageup", "step_question(-1)", "previous", key_display="PgUp"),
    key("comma", "step_question(-1)", "previous", key_display=","),
    key("o", "toggle_open", "open_close"),
    key("s", "toggle_voting", "voting"),
    key("k", "timer_toggle", "timer"),
    key("ctrl+k", "timer_toggle(True)", "timer_question"),
    key("plus,equals_sign", "timer_extend(60)", "timer_plus1", key_display="+"),
    key("5", "timer_extend(300)", "timer_plus5"),
    key("K", "timer_stop", "timer_stop", key_display="K"),
    key("N", "next_round", "next_round", key_display="N"),
    key("g", "show('queue')", "queue"),
    key("ctrl+e", "end_session", "end"),
    key("ctrl+q", "request_quit", "quit", priority=True),
]

SELECT = Binding.Group(texts("nl")["keys"]["select"], compact=True)


def relabel(node: DOMNode, language: str) -> None:
    """Give the node's bindings (those with an id) their labels in this language."""
    labels = texts(language)["keys"]
    group = replace(SELECT, description=labels["select"])

    def one(b: Binding) -> Binding:
        if b.id not in labels:
            return b
        return replace(b, description=labels[b.id], group=group if b.group else None)

    bindings = node._bindings  # Textual keeps a node's bindings here; no public setter exists
    node._bindings = BindingsMap.from_keys(
        {k: [one(b) for b in bs] for k, bs in bindings.key_to_bindings.items()}
    )
