"""The leader's steering: open, close, focus, themes, the end and where its files went."""

from __future__ import annotations

from dataclasses import replace

from dialoogtafel.server.domain.commands import End, Focus, OpenQuestion, RecordExports, SetTheme
from dialoogtafel.server.domain.events import Ok, Rejected, StateChanged, TableChanged
from dialoogtafel.server.domain.model import Session


def open_question(s: Session, cmd: OpenQuestion) -> Ok | Rejected:
    """Open or close a question for new answers at every table that has it."""
    if s.questions.question(cmd.question) is None:
        return Rejected("bad_message", cmd.id)
    opened = s.state.open | {cmd.question} if cmd.open else s.state.open - {cmd.question}
    state = replace(s.state, open=opened)
    return Ok(replace(s, state=state), (StateChanged(state),))


def focus(s: Session, cmd: Focus) -> Ok | Rejected:
    """Put one question first on the wall and the phones, or none."""
    if cmd.question is not None and s.questions.question(cmd.question) is None:
        return Rejected("bad_message", cmd.id)
    state = replace(s.state, focus=cmd.question)
    return Ok(replace(s, state=state), (StateChanged(state),))


def set_theme(s: Session, cmd: SetTheme) -> Ok | Rejected:
    """Give a table one of the set's themes, or none."""
    if cmd.table not in s.tables:
        return Rejected("no_table", cmd.id)
    if cmd.theme is not None and s.questions.theme(cmd.theme) is None:
        return Rejected("bad_message", cmd.id)
    tables = {**s.tables, cmd.table: cmd.theme}
    return Ok(replace(s, tables=tables), (TableChanged(cmd.table, cmd.theme),))


def end(s: Session, cmd: End, at: float) -> Ok:
    """End the session: no change is accepted after this one."""
    state = replace(s.state, ended=True, ended_at=at, voting=None)
    return Ok(replace(s, state=state), (StateChanged(state),))


def record_exports(s: Session, cmd: RecordExports) -> Ok | Rejected:
    """Note where the session's JSON and minutes were written."""
    if not s.state.ended:
        return Rejected("not_allowed", cmd.id)
    state = replace(s.state, exports=dict(cmd.paths))
    return Ok(replace(s, state=state), (StateChanged(state),))
