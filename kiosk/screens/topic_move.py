"""The dialog that places one answer by hand: its topics and "fits no topic", Escape cancels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.texts import texts
from dialoogtafel.kiosk.topics_state import TopicInfo


class MoveScreen(ModalScreen[str | None]):
    """Pick where an answer goes: a topic's id, "" for no topic, None when cancelled."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, language: str, answer: str, topics: Sequence[TopicInfo]) -> None:
        super().__init__()
        self.t = texts(language)
        self.answer = answer
        self.topics = list(topics)

    def compose(self) -> ComposeResult:
        """The answer, then the choices."""
        options = [Option(plain(tp.name, limit=60), id=f"t:{tp.id}") for tp in self.topics]
        options.append(Option(plain(self.t["rd_nowhere"], "italic"), id="none"))
        with Vertical(classes="dialog"):
            heading = plain(self.t["rd_move"], "bold")
            heading.append("\n")
            heading.append_text(plain(self.answer, limit=200))
            yield Static(heading, classes="dialog-text")
            yield OptionList(*options, id="move-list")

    def on_mount(self) -> None:
        """Choose with the arrows and Enter."""
        self.query_one("#move-list", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """The chosen place."""
        event.stop()
        choice = event.option.id or "none"
        self.dismiss("" if choice == "none" else choice.removeprefix("t:"))

    def action_cancel(self) -> None:
        """Leave the answer where it is."""
        self.dismiss(None)
