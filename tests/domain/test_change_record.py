"""The change record: one per change the session ever took, small, and the files unchanged."""

from __future__ import annotations

import copy
import hashlib
import json
import pickle
import sys

import pytest

from dialoogtafel.server.domain import Ok, apply
from dialoogtafel.server.domain import commands as c
from dialoogtafel.server.domain.apply import digest
from dialoogtafel.server.domain.changerecord import ChangeRecord
from dialoogtafel.server.domain.codec import command_to_dict, session_from_dict, session_to_dict
from tests.domain.builders import AT, ok, session

ANN = "a" * 32


def test_the_digest_is_the_one_the_files_held_before() -> None:
    """A record's digest is the first 16 hex digits of the SHA-256 of the command's sorted JSON,
    as sessions written before the compact record hold it; its seq is the change's seq."""
    s = ok(session(), ANN, c.Sit("sit-1", 1))
    cmd = c.AddAnswer("a1", "q1", "Meer tijd voor het gesprek, ó ✓")
    result = apply(s, ANN, cmd, AT)
    assert isinstance(result, Ok)
    canonical = json.dumps(command_to_dict(cmd), sort_keys=True, ensure_ascii=False)
    record = result.session.changes["a1"]
    assert record.digest == hashlib.sha256(canonical.encode()).hexdigest()[:16]
    assert (record.actor, record.seq) == (ANN, result.seq)


def test_a_record_reads_back_from_the_files_as_it_was() -> None:
    """Through the codec's dict the records come back equal, with the same digest text."""
    s = ok(ok(session(), ANN, c.Sit("sit-1", 1)), ANN, c.AddAnswer("a1", "q1", "Tijd"))
    back = session_from_dict(json.loads(json.dumps(session_to_dict(s))))
    assert dict(back.changes) == dict(s.changes)
    assert [r.digest for r in back.changes.values()] == [r.digest for r in s.changes.values()]


@pytest.mark.parametrize(
    ("digest", "seq"),
    [
        ("0123456789abcde", 1),  # 15 digits
        ("0123456789abcdeg", 1),  # not hex
        ("+123456789abcdef", 1),  # int() would take it, the files never held it
        ("0123456789ABCDEF", 1),  # the files hold lower case only
        (12345, 1),
        ("0123456789abcdef", -1),
        ("0123456789abcdef", 1 << 40),
        ("0123456789abcdef", "7"),
    ],
)
def test_a_record_the_files_cannot_have_held_is_refused(digest: object, seq: object) -> None:
    """A damaged file gives a ValueError (the loader's clear error), not a wrong record."""
    with pytest.raises(ValueError, match=r"change (digest|seq)"):
        ChangeRecord(ANN, digest, seq)  # type: ignore[arg-type]


def test_a_record_is_frozen_and_compares_by_value() -> None:
    """Records are values: equal when actor, digest and seq are, and never changed."""
    one = ChangeRecord(ANN, "00ff00ff00ff00ff", 7)
    assert one == ChangeRecord(ANN, "00ff00ff00ff00ff", 7)
    assert hash(one) == hash(ChangeRecord(ANN, "00ff00ff00ff00ff", 7))
    assert one != ChangeRecord(ANN, "00ff00ff00ff00ff", 8)
    assert one != ChangeRecord("b" * 32, "00ff00ff00ff00ff", 7)
    assert one != ChangeRecord(ANN, "00ff00ff00ff00fe", 7)
    assert (one.digest, one.seq) == ("00ff00ff00ff00ff", 7)
    with pytest.raises(AttributeError):
        one.actor = "b" * 32  # type: ignore[misc]


def test_a_record_is_small() -> None:
    """The record with its key: 88 bytes (a dataclass with a hex string and a seq took 153)."""
    record = ChangeRecord(ANN, "ffffffffffffffff", 123_456)
    assert sys.getsizeof(record) + sys.getsizeof(record.key) <= 88


def test_a_change_id_the_server_made_is_not_remembered() -> None:
    """remember=False (a seat the server stored at hello under its own id): the change is
    applied and gets the next seq, and the session keeps no record of the id."""
    s = ok(session(), ANN, c.Sit("sit-1", 1))
    result = apply(s, ANN, c.Sit("made-here", 2), AT, remember=False)
    assert isinstance(result, Ok) and not result.duplicate
    assert result.seq == s.seq + 1 and result.session.seats[ANN] == 2
    assert dict(result.session.changes) == dict(s.changes)


def test_a_record_copies_and_pickles_as_a_value() -> None:
    """copy, deepcopy and pickle give an equal record (a session with changes can be copied);
    deleting a field is refused like setting one."""
    one = ChangeRecord(ANN, "0123456789abcdef", 42)
    for again in (copy.copy(one), copy.deepcopy(one), pickle.loads(pickle.dumps(one))):
        assert again == one and (again.digest, again.seq) == ("0123456789abcdef", 42)
    s = ok(ok(session(), ANN, c.Sit("sit-1", 1)), ANN, c.AddAnswer("a1", "q1", "Tijd"))
    assert copy.deepcopy(s) == s
    with pytest.raises(AttributeError):
        del one.actor


def test_a_record_of_the_live_path_makes_its_digest_once_when_first_asked() -> None:
    """apply keeps the command and makes the digest when it is first read (the fold, a resend):
    the same digest as one made at once, made once, and the command let go of then."""
    s = ok(session(), ANN, c.Sit("sit-1", 1))
    cmd = c.AddAnswer("a1", "q1", "Tijd voor het gesprek")
    made: list[c.Command] = []

    def counting(command: c.Command) -> int:
        made.append(command)
        return digest(command)

    result = apply(s, ANN, cmd, AT)
    assert isinstance(result, Ok)
    seq = result.seq
    record = ChangeRecord.later(ANN, counting, cmd, seq)
    assert record.seq == seq and not made  # the seq needs no digest
    assert record == ChangeRecord.of(ANN, digest(cmd), seq) and made == [cmd]
    assert (record.digest, record.fingerprint, hash(record)) == (
        f"{digest(cmd):016x}",
        digest(cmd),
        hash(ChangeRecord.of(ANN, digest(cmd), seq)),
    )
    assert made == [cmd] and record.key == digest(cmd) << 40 | seq  # made once, kept as the int
    assert pickle.loads(pickle.dumps(record)) == record


def test_a_resend_is_told_from_a_reused_id_before_the_digest_was_made() -> None:
    """A resend compares digests: the stored record makes its own then, from the command."""
    s = ok(session(), ANN, c.Sit("sit-1", 1))
    s = ok(s, ANN, c.AddAnswer("a1", "q1", "Tijd"))
    again = apply(s, ANN, c.AddAnswer("a1", "q1", "Tijd"), AT)
    assert isinstance(again, Ok) and again.duplicate
    other = apply(s, ANN, c.AddAnswer("a1", "q1", "Iets anders"), AT)
    assert not isinstance(other, Ok) and other.code == "not_allowed"
