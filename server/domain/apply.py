"""The one entry point: apply a command from an actor, with idempotency, the end and seq."""

from __future__ import annotations

import hashlib

from dialoogtafel.server.domain import (
    answers,
    control,
    grouping,
    items,
    polls,
    rounds,
    seats,
    timer,
    topics,
    voting,
)
from dialoogtafel.server.domain.changerecord import ChangeRecord
from dialoogtafel.server.domain.codec import command_to_dict
from dialoogtafel.server.domain.commands import (
    PARTICIPANT_COMMANDS,
    AddAction,
    AddAnswer,
    AddNote,
    Ask,
    CastVote,
    Command,
    EditAnswer,
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
    Respond,
    Reveal,
    SetHost,
    SetTheme,
    SetTimer,
    SetVoting,
    Sit,
    TopicAdd,
    TopicEdit,
    TopicMove,
    TopicRemove,
    Withdraw,
)
from dialoogtafel.server.domain.events import Ok, Rejected
from dialoogtafel.server.domain.fastvalues import evolve
from dialoogtafel.server.domain.frozenmap import put
from dialoogtafel.server.domain.jsontext import text_encoder
from dialoogtafel.server.domain.model import LEADER, Session

_CANONICAL = text_encoder(sort_keys=True, ensure_ascii=False)  # as json.dumps(...) with these


def digest(cmd: Command) -> int:
    """A short fingerprint of what a command says, to tell a resend from a reused id: the first
    64 bits of a SHA-256, as an int (the files hold it as 16 hex digits).

    Made from the command's plain dict with sorted keys, so it is the same for a command read
    back from the journal and for one whose fields came in another order.
    """
    canonical = _CANONICAL(command_to_dict(cmd))
    # surrogatepass: text may still hold a lone surrogate here (the rules strip it later)
    sha = hashlib.sha256(canonical.encode("utf-8", "surrogatepass"))
    return int.from_bytes(sha.digest()[:8], "big")


def _participant(s: Session, author: str, cmd: Command, at: float) -> Ok | Rejected:
    match cmd:
        case Sit():
            return seats.sit(s, author, cmd)
        case AddAnswer():
            return answers.add_answer(s, author, cmd, at)
        case EditAnswer():
            return answers.edit_answer(s, author, cmd, at)
        case Withdraw():
            return answers.withdraw(s, author, cmd, at)
        case CastVote():
            return voting.cast_vote(s, author, cmd)
        case SetHost():
            return rounds.set_host(s, author, cmd)
        case Respond():
            return polls.respond(s, author, cmd, at)
    return Rejected("not_allowed", cmd.id)


def _leader(s: Session, cmd: Command, at: float) -> Ok | Rejected:
    match cmd:
        case OpenQuestion():
            return control.open_question(s, cmd)
        case Focus():
            return control.focus(s, cmd)
        case SetTheme():
            return control.set_theme(s, cmd)
        case Moderate():
            return answers.moderate(s, cmd, at)
        case SetVoting():
            return voting.set_voting(s, cmd)
        case AddNote():
            return items.add_note(s, cmd, at)
        case AddAction():
            return items.add_action(s, cmd, at)
        case EditItem():
            return items.edit_item(s, cmd)
        case RemoveItem():
            return items.remove_item(s, cmd)
        case GroupMerge() | GroupRename():
            return grouping.choose(s, cmd)
        case End():
            return control.end(s, cmd, at)
        case RecordExports():
            return control.record_exports(s, cmd)
        case SetTimer():
            return timer.set_timer(s, cmd, at)
        case NextRound():
            return rounds.next_round(s, cmd)
        case TopicAdd():
            return topics.add_topic(s, cmd)
        case TopicEdit():
            return topics.edit_topic(s, cmd)
        case TopicRemove():
            return topics.remove_topic(s, cmd)
        case TopicMove():
            return topics.move_answer(s, cmd)
        case Place():
            return topics.place(s, cmd)
        case Ask():
            return polls.ask(s, cmd)
        case Reveal():
            return polls.reveal(s, cmd)
    return Rejected("not_allowed", cmd.id)


def apply(
    s: Session, actor: str, cmd: Command, at: float, *, remember: bool = True
) -> Ok | Rejected:
    """Apply one change from `actor` (an author key, or LEADER) at time `at`.

    A change id seen before is the same change when the same actor sent the same content:
    Ok with no events, `duplicate` set and the first seq; otherwise `not_allowed`.
    Every accepted change, even one that changes nothing, gets the next seq.
    `remember=False`: a change id the server made and never sent anyone (a seat at hello), so
    no one can send it again; the session keeps no record of it (a record a change, for the
    whole session, is most of what a seat costs).
    """
    seen = s.changes.get(cmd.id)
    if seen is not None:
        if seen.actor == actor and seen.fingerprint == digest(cmd):
            return Ok(s, (), seq=seen.seq, duplicate=True)
        return Rejected("not_allowed", cmd.id)
    is_participant_cmd = isinstance(cmd, PARTICIPANT_COMMANDS)
    if is_participant_cmd == (actor == LEADER):
        return Rejected("not_allowed", cmd.id)
    if s.state.ended and not isinstance(cmd, RecordExports):
        return Rejected("closed", cmd.id)
    result = _participant(s, actor, cmd, at) if is_participant_cmd else _leader(s, cmd, at)
    if isinstance(result, Rejected):
        return result
    seq = s.seq + 1
    if not remember:
        return Ok(evolve(result.session, seq=seq), result.events, seq=seq)
    record = ChangeRecord.later(actor, digest, cmd, seq)  # its digest made when asked for
    new = evolve(result.session, seq=seq, changes=put(s.changes, cmd.id, record))
    return Ok(new, result.events, seq=seq)
