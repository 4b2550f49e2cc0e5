"""The kiosk's keys: what each action sends, and when a key works (leader keys, modals)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.screen import ModalScreen

from dialoogtafel.kiosk.keys import LEADER_ACTIONS
from dialoogtafel.kiosk.screens.ask import AskForm
from dialoogtafel.kiosk.screens.minutes import MinutesForm
from dialoogtafel.kiosk.screens.modals import ConfirmScreen, HelpScreen
from dialoogtafel.kiosk.state import KioskState
from dialoogtafel.kiosk.texts import texts
from dialoogtafel.server.protocol import control

DEFAULT_VOTES = 3
DEFAULT_TIMER_MINUTES = 10  # what the timer dialog offers first; then the length used last


class KioskActions(App[None]):
    """The actions behind the kiosk's bindings; every change goes out as a `control` message."""

    role: str
    code: str
    state: KioskState
    resume: str | None = None
    timer_minutes: int = DEFAULT_TIMER_MINUTES
    send: Callable[[dict[str, Any]], None]  # one message to the server: KioskApp.send

    def allowed(self, action: str) -> bool | None:
        """Leader actions for the leader only, and not after the end (then shown disabled)."""
        if action in LEADER_ACTIONS:
            if self.role != "leader":
                return False
            if self.state.status.ended:
                return None
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The screens' keys run the app's actions (`app.…`): leader keys per allowed()."""
        return self.allowed(action)

    def action_show(self, mode: str) -> None:
        """Switch to one of the screens."""
        self.switch_mode(mode)

    def action_help(self) -> None:
        """Every key that works here, with what it does."""
        keys: dict[str, list[str]] = {}  # what it does -> the keys that do it, in footer order
        for active in self.active_bindings.values():
            binding = active.binding
            if active.enabled and binding.id:  # ours, not Textual's own
                shown = keys.setdefault(binding.description, [])
                if (display := self.get_key_display(binding)) not in shown:
                    shown.append(display)
        rows = [(" / ".join(shown), does) for does, shown in keys.items()]
        if not isinstance(self.screen, ModalScreen):
            self.push_screen(HelpScreen(self.state.language, rows))

    def action_step_question(self, delta: int) -> None:
        """Put the next (or previous) question in focus."""
        st = self.state
        if not st.questions:
            return
        index = st.question_index(st.status.focus)
        target = 0 if index is None else min(max(index + delta, 0), len(st.questions) - 1)
        if index != target:
            self.send(control("focus", question=st.questions[target].id))

    def action_toggle_open(self) -> None:
        """Close the focused question, or open it again."""
        focus = self.state.status.focus
        if focus is not None:
            action = "close" if focus in self.state.status.open else "open"
            self.send(control(action, question=focus))

    def action_toggle_voting(self) -> None:
        """Start voting on the focused question, or stop it."""
        status = self.state.status
        if status.voting is not None and status.voting == status.focus:
            self.send(control("voting", question=status.voting, on=False))
        elif status.focus is not None and not self._focus_is_poll():  # a poll has no answers
            self.send(
                control("voting", question=status.focus, on=True, votes_per_device=DEFAULT_VOTES)
            )

    def _focus_is_poll(self) -> bool:
        q = self.state.question(self.state.status.focus)
        return q is not None and q.is_poll

    def action_toggle_reveal(self) -> None:
        """Show the focused poll's results on the phones, or hide them again."""
        q = self.state.question(self.state.status.focus)
        if q is not None and q.is_poll:
            on = q.id not in self.state.status.revealed
            self.send(control("reveal", question=q.id, on=on))

    def action_ask_question(self) -> None:
        """A form for a quick poll (or an open question); sent as `control ask`."""
        if isinstance(self.screen, ModalScreen):
            return

        def asked(fields: dict[str, Any] | None) -> None:
            if fields is not None:
                self.send(control("ask", **fields))

        self.push_screen(AskForm(self.state.language), asked)

    def action_timer_toggle(self, for_focus: bool = False) -> None:
        """Start a timer (for the room, or the focused question), else pause or resume it."""
        timer = self.state.status.timer
        if timer is None or for_focus:
            self.ask_minutes(self.state.status.focus if for_focus else None)
        else:
            self.send(control("timer", timer="pause" if timer.running else "resume"))

    def ask_minutes(self, question: str | None) -> None:
        """Ask how many minutes the new timer runs (the last length offered), then start it."""
        if isinstance(self.screen, ModalScreen):
            return  # a dialog is open already
        t = texts(self.state.language)
        index = self.state.question_index(question)
        heading = t["timer_ask"] if index is None else t["timer_ask_question"].format(i=index + 1)

        def chosen(minutes: int | None) -> None:
            if minutes is not None:
                self.timer_minutes = minutes
                seconds = minutes * 60
                self.send(control("timer", timer="start", seconds=seconds, question=question))

        self.push_screen(MinutesForm(self.state.language, heading, self.timer_minutes), chosen)

    def action_timer_extend(self, seconds: int) -> None:
        """Add time to the timer (one that ran out runs again)."""
        if self.state.status.timer is not None:
            self.send(control("timer", timer="extend", seconds=seconds))

    def action_timer_stop(self) -> None:
        """Take the timer away."""
        if self.state.status.timer is not None:
            self.send(control("timer", timer="stop"))

    def action_next_round(self) -> None:
        """Start the next round, after a confirmation: phones choose a table again."""

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.send(control("next_round"))

        n = str(self.state.status.round + 1)
        self.push_screen(ConfirmScreen(self.state.language, "confirm_round", n=n), confirmed)

    def action_end_session(self) -> None:
        """End the session, after a confirmation."""

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.send(control("end"))

        self.push_screen(ConfirmScreen(self.state.language, "confirm_end"), confirmed)

    def action_request_quit(self) -> None:
        """Close the kiosk, after a confirmation (the session stays resumable)."""
        if isinstance(self.screen, ConfirmScreen):
            return  # already asking

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.exit()

        code = self.state.code or self.code
        resume = (self.resume or "dialoog start --resume {code}").format(code=code)
        self.push_screen(
            ConfirmScreen(self.state.language, "confirm_quit", resume=resume), confirmed
        )
