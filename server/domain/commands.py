"""Every change of PROTOCOL.md as a plain command; each carries the client's change id.

Who may send a command is what splits them: a participant's own changes are in
participant_commands.py, the leader's (and the server's, for the session) in leader_commands.py.
This module is where the rest of the code takes them from, with the unions `apply` dispatches on.
"""

from __future__ import annotations

from dialoogtafel.server.domain.leader_commands import (
    AddAction,
    AddNote,
    Ask,
    EditItem,
    End,
    Focus,
    GroupMerge,
    GroupRename,
    Moderate,
    NextRound,
    OpenQuestion,
    Place,
    RecordExports,
    RemoveItem,
    Reveal,
    SetTheme,
    SetTimer,
    SetVoting,
    TopicAdd,
    TopicEdit,
    TopicMove,
    TopicRemove,
)
from dialoogtafel.server.domain.participant_commands import (
    AddAnswer,
    CastVote,
    EditAnswer,
    Respond,
    SetHost,
    Sit,
    Withdraw,
)

__all__ = [
    "PARTICIPANT_COMMANDS",
    "AddAction",
    "AddAnswer",
    "AddNote",
    "Ask",
    "CastVote",
    "Command",
    "EditAnswer",
    "EditItem",
    "End",
    "Focus",
    "GroupMerge",
    "GroupRename",
    "LeaderCommand",
    "Moderate",
    "NextRound",
    "OpenQuestion",
    "ParticipantCommand",
    "Place",
    "RecordExports",
    "RemoveItem",
    "Respond",
    "Reveal",
    "SetHost",
    "SetTheme",
    "SetTimer",
    "SetVoting",
    "Sit",
    "TopicAdd",
    "TopicEdit",
    "TopicMove",
    "TopicRemove",
    "Withdraw",
]

ParticipantCommand = Sit | AddAnswer | EditAnswer | Withdraw | CastVote | SetHost | Respond
LeaderCommand = (
    OpenQuestion
    | Focus
    | SetTheme
    | Moderate
    | SetVoting
    | AddNote
    | AddAction
    | EditItem
    | RemoveItem
    | GroupMerge
    | GroupRename
    | End
    | RecordExports
    | SetTimer
    | NextRound
    | TopicAdd
    | TopicEdit
    | TopicRemove
    | TopicMove
    | Place
    | Ask
    | Reveal
)
Command = ParticipantCommand | LeaderCommand
PARTICIPANT_COMMANDS = (Sit, AddAnswer, EditAnswer, Withdraw, CastVote, SetHost, Respond)
