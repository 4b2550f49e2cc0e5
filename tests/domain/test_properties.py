"""Invariants over random sequences of changes from several devices and the leader."""

from __future__ import annotations

from dataclasses import fields, replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialoogtafel.server.domain import LEADER, Ok, Session, apply
from dialoogtafel.server.domain import commands as c
from dialoogtafel.server.domain.codec import COMMANDS, session_from_dict, session_to_dict
from dialoogtafel.server.domain.polls import tallies_of
from dialoogtafel.server.domain.views import Viewer, host_tables, tally, visible_answers, votes_used
from tests.domain.builders import AT, MIXED, ok, session

DEVICES = ("dev-a", "dev-b", "dev-c", "dev-d")
QUESTIONS = ("q1", "q2", "t1", "t2", "p1", "p2")
TEXTS = st.sampled_from(["Meer tijd", "  ", "x" * 1001, "[bold]x[/]", "e\u0301 \x1b", "ok"])
PARTICIPANT_KINDS = (
    c.Sit,
    c.AddAnswer,
    c.AddAnswer,
    c.EditAnswer,
    c.Withdraw,
    c.CastVote,
    c.CastVote,
    c.SetHost,
    c.Respond,
    c.Respond,
)
LEADER_KINDS = (
    c.SetVoting,
    c.OpenQuestion,
    c.Focus,
    c.SetTheme,
    c.Moderate,
    c.SetVoting,
    c.AddNote,
    c.AddAction,
    c.EditItem,
    c.RemoveItem,
    c.GroupMerge,
    c.GroupRename,
    c.End,
    c.RecordExports,
    c.SetTimer,
    c.NextRound,
    c.TopicAdd,
    c.TopicEdit,
    c.TopicRemove,
    c.TopicMove,
    c.Place,
    c.Ask,
    c.Reveal,
)
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _pick(data: st.DataObject, known: list[str]) -> str:
    """Mostly an id that exists, sometimes one that does not."""
    choices = st.sampled_from(known) if known else st.just("missing")
    return data.draw(choices | st.just("missing") if known else choices)


def _command(data: st.DataObject, kind: type, cid: str, s: Session, actor: str) -> c.Command:
    answers, items = list(s.answers), list(s.items)
    own = [a.id for a in s.answers.values() if a.author == actor] or answers
    voting = s.state.voting
    ballot = [
        a.id for a in s.answers.values() if voting is not None and a.question == voting.question
    ] or answers
    question = data.draw(
        st.sampled_from(QUESTIONS) if data.draw(st.integers(0, 9)) else st.just("nope")
    )
    table = data.draw(st.integers(min_value=1, max_value=3) | st.just(9))
    match kind:
        case c.Sit:
            return c.Sit(cid, table)
        case c.AddAnswer:
            return c.AddAnswer(cid, question, data.draw(TEXTS))
        case c.EditAnswer:
            return c.EditAnswer(cid, _pick(data, own), data.draw(TEXTS))
        case c.Withdraw:
            return c.Withdraw(cid, _pick(data, own))
        case c.CastVote:
            return c.CastVote(cid, _pick(data, ballot), data.draw(st.booleans()))
        case c.OpenQuestion:
            return c.OpenQuestion(cid, question, data.draw(st.booleans()))
        case c.Focus:
            return c.Focus(cid, data.draw(st.none() | st.just(question)))
        case c.SetTheme:
            return c.SetTheme(cid, table, data.draw(st.sampled_from([None, "a", "b", "z"])))
        case c.Moderate:
            action = data.draw(st.sampled_from(["hide", "unhide", "highlight", "unhighlight"]))
            return c.Moderate(cid, _pick(data, answers), action)
        case c.SetVoting:
            budget = data.draw(st.integers(min_value=1, max_value=3) | st.just(0))
            on = data.draw(st.integers(0, 4)) != 0
            return c.SetVoting(cid, question, on, budget)
        case c.AddNote:
            return c.AddNote(cid, data.draw(st.none() | st.just(question)), data.draw(TEXTS))
        case c.AddAction:
            return c.AddAction(cid, data.draw(TEXTS), data.draw(TEXTS), data.draw(TEXTS))
        case c.EditItem:
            names = st.sampled_from(["text", "who", "when", "question"])
            values = TEXTS | st.none() | st.sampled_from(QUESTIONS)
            fields_ = data.draw(st.dictionaries(names, values, max_size=2))
            return c.EditItem(cid, _pick(data, items), fields_)
        case c.RemoveItem:
            return c.RemoveItem(cid, _pick(data, items))
        case c.GroupMerge:
            return c.GroupMerge(cid, question, (_pick(data, answers), _pick(data, answers)))
        case c.GroupRename:
            return c.GroupRename(cid, question, (_pick(data, answers),), data.draw(TEXTS))
        case c.End:
            return c.End(cid)
        case c.RecordExports:
            return c.RecordExports(cid, {"md": "/tmp/x.md"})
        case c.SetHost:
            return c.SetHost(cid, data.draw(st.booleans()))
        case c.SetTimer:
            action = data.draw(st.sampled_from(["start", "pause", "resume", "extend", "stop", "x"]))
            seconds = data.draw(st.sampled_from([0, 60, 300, 10**6]))
            return c.SetTimer(cid, action, seconds, data.draw(st.none() | st.just(question)))
        case c.NextRound:
            return c.NextRound(cid)
        case c.TopicAdd:
            picked = data.draw(st.lists(st.just(_pick(data, answers)), max_size=2))
            return c.TopicAdd(cid, question, data.draw(TEXTS), data.draw(TEXTS), tuple(picked))
        case c.TopicEdit:
            return c.TopicEdit(cid, _pick(data, list(s.topics)), data.draw(st.none() | TEXTS))
        case c.TopicRemove:
            return c.TopicRemove(cid, _pick(data, list(s.topics)))
        case c.TopicMove:
            topic = data.draw(st.none() | st.just(_pick(data, list(s.topics))))
            return c.TopicMove(cid, _pick(data, answers), topic)
        case c.Place:
            pairs = (
                (_pick(data, answers), data.draw(st.none() | st.just(_pick(data, list(s.topics))))),
            )
            return c.Place(cid, question, "lexical", pairs)
        case c.Respond:
            if data.draw(st.booleans()):
                picks = data.draw(st.lists(st.integers(0, 3), max_size=3))
                return c.Respond(cid, question, picks=tuple(picks))
            return c.Respond(cid, question, value=data.draw(st.none() | st.integers(0, 6)))
        case c.Ask:
            kind = data.draw(st.sampled_from(["open", "choice", "scale", "x"]))
            options = tuple(data.draw(st.lists(TEXTS, max_size=4)))
            low, high = data.draw(st.integers(0, 3)), data.draw(st.integers(2, 11))
            labels = tuple(data.draw(st.lists(TEXTS, max_size=2)))
            picks = data.draw(st.integers(0, 3))
            return c.Ask(cid, kind, data.draw(TEXTS), options, picks, low, high, labels)
        case c.Reveal:
            return c.Reveal(cid, question, data.draw(st.booleans()))
    raise AssertionError(kind)


Step = tuple[Session, str, c.Command, Ok]


def run(data: st.DataObject, length: int = 50) -> list[Step]:
    """Draw and apply a sequence against the evolving session; the accepted steps."""
    s = replace(session(qs=MIXED), premoderate=data.draw(st.booleans()))
    accepted: list[Step] = []
    used: list[tuple[str, str, c.Command]] = []
    for n, device in enumerate(DEVICES[:3]):  # most devices sit down first; one may not
        s = ok(s, device, c.Sit(f"seat{n}", data.draw(st.integers(min_value=1, max_value=3))))
    for n in range(length):
        if used and data.draw(st.integers(0, 9)) == 0:
            actor, _cid, cmd = data.draw(st.sampled_from(used))  # a resend, maybe by another
            actor = data.draw(st.sampled_from([actor, *DEVICES]))
        else:
            leader = data.draw(st.integers(0, 3)) == 0
            kinds = LEADER_KINDS if leader else PARTICIPANT_KINDS
            kind = data.draw(st.sampled_from(kinds))
            if kind is c.End and data.draw(st.integers(0, 4)) != 0:
                kind = c.AddNote  # keep most sequences in an open session
            actor = LEADER if leader else data.draw(st.sampled_from(DEVICES))
            if data.draw(st.integers(0, 19)) == 0:
                actor = data.draw(st.sampled_from([LEADER, *DEVICES]))  # maybe the wrong role
            cmd = _command(data, kind, f"id{n}", s, actor)
        result = apply(s, actor, cmd, AT + n)
        if isinstance(result, Ok):
            accepted.append((s, actor, cmd, result))
            used.append((actor, cmd.id, cmd))
            s = result.session
    return accepted


def final(data: st.DataObject) -> Session:
    accepted = run(data)
    return accepted[-1][3].session if accepted else session()


def test_the_generator_covers_every_command_type() -> None:
    """Every command the codec knows is generated."""
    assert set(PARTICIPANT_KINDS) | set(LEADER_KINDS) == set(COMMANDS.values())


@PROPERTY
@given(st.data())
def test_replaying_any_accepted_change_changes_nothing(data) -> None:
    """Every accepted change, sent again by its actor, leaves the session as it was."""
    for _before, actor, cmd, result in run(data):
        again = apply(result.session, actor, cmd, AT + 60)
        assert isinstance(again, Ok) and again.duplicate and again.events == ()
        assert again.session == result.session and again.seq == result.seq


@PROPERTY
@given(st.data())
def test_a_participant_never_changes_anothers_answer_or_vote(data) -> None:
    """A device's change touches only its own answers and its own votes.

    The one exception PROTOCOL.md makes: withdrawing one's own answer takes the votes on it.
    """
    for before, actor, cmd, result in run(data):
        if actor == LEADER:
            continue
        after = result.session
        for answer_id, answer in before.answers.items():
            if answer.author != actor:
                assert after.answers[answer_id] == answer
        withdrawn = {cmd.answer} if isinstance(cmd, c.Withdraw) else set()
        for answer_id in (set(before.votes) | set(after.votes)) - withdrawn:
            old = before.votes.get(answer_id, frozenset()) - {actor}
            new = after.votes.get(answer_id, frozenset()) - {actor}
            assert old == new


@PROPERTY
@given(st.data())
def test_no_device_exceeds_its_vote_budget(data) -> None:
    """After any accepted vote, the voter is within the open budget."""
    for _before, actor, cmd, result in run(data):
        if isinstance(cmd, c.CastVote) and cmd.on:
            s = result.session
            answer = s.answers[cmd.answer]
            assert s.state.voting is not None
            assert votes_used(s, actor, answer.question) <= s.state.voting.votes_per_device


@PROPERTY
@given(st.data())
def test_vote_totals_equal_the_votes_recorded(data) -> None:
    """Tallies add up to the recorded votes, and only shown answers hold votes."""
    s = final(data)
    for answer_id, voters in s.votes.items():
        assert s.answers[answer_id].state == "shown" and voters
    for q in ("q1", "q2", "t1", "t2"):
        recorded = sum(len(v) for a, v in s.votes.items() if s.answers[a].question == q)
        assert sum(tally(s, q).values()) == recorded


@PROPERTY
@given(st.data())
def test_a_participant_sees_only_its_own_and_shown_answers_of_its_own_table(data) -> None:
    """A device sees its own answers (shown or pending) and the shown ones of its table:
    never another's hidden, pending or withdrawn one, nor another table's."""
    s = final(data)
    for device in DEVICES:
        for answer in visible_answers(s, Viewer("participant", device)):
            if answer.author == device:
                assert answer.state in ("shown", "pending")
                continue
            assert answer.state == "shown"
            assert answer.table == s.seats.get(device)
            assert answer.round == s.state.round or answer.table in host_tables(s)


@PROPERTY
@given(st.data())
def test_screens_see_only_approved_answers(data) -> None:
    """A screen never sees a pending, hidden or withdrawn answer; with premoderation, no
    answer is shown unless the leader approved or unhid it after its last text change."""
    accepted = run(data)
    s = accepted[-1][3].session if accepted else session()
    for answer in visible_answers(s, Viewer("screen")):
        assert answer.state == "shown"
    if s.premoderate:
        for _before, _actor, cmd, result in accepted:
            if isinstance(cmd, (c.AddAnswer, c.EditAnswer)) and not result.duplicate:
                key = cmd.id if isinstance(cmd, c.AddAnswer) else cmd.answer
                changed = result.session.answers[key]
                assert changed.state == "pending"


@PROPERTY
@given(st.data())
def test_every_session_survives_the_codec(data) -> None:
    """Whatever happened, the session comes back equal from its dict."""
    s = final(data)
    assert session_from_dict(session_to_dict(s)) == s


@PROPERTY
@given(st.data())
def test_seq_counts_accepted_changes(data) -> None:
    """seq grows by one with every accepted change and nothing else."""
    for before, _actor, _cmd, result in run(data):
        assert result.seq <= before.seq if result.duplicate else result.seq == before.seq + 1
        assert result.seq == result.session.seq or result.duplicate


def test_commands_are_plain_frozen_values() -> None:
    """Every command is a frozen dataclass whose first field is the change id."""
    for cls in COMMANDS.values():
        assert fields(cls)[0].name == "id"
        assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]


@given(st.data())
def test_poll_counts_kept_per_response_equal_a_count_afresh(data) -> None:
    """The tallies kept response by response equal the responses counted from scratch."""
    s = final(data)
    kept = {k: t for k, t in s.tallies.items() if t.responses}
    assert kept == {k: t for k, t in tallies_of(s).items() if t.responses}
    for (question, _table), t in s.tallies.items():
        q = s.questions.question(question)
        assert q is not None and len(t.counts) == q.choices and t.responses >= 0


@given(st.data())
def test_one_response_per_device_and_poll(data) -> None:
    """However often a device responds, changes or takes back, it counts at most once."""
    s = final(data)
    for question in {q for q, _table in s.tallies}:
        given_ = [r for r in s.responses.values() if r.question == question and r.given]
        assert sum(x.responses for (q, _), x in s.tallies.items() if q == question) == len(given_)
