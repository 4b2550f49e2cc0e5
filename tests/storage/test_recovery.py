"""Opening damaged sessions: torn tails are dropped, damage is named, databases are rebuilt."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from dialoogtafel.server.domain import Session
from dialoogtafel.server.storage import NoSuchSession, SessionStore, StorageError, load_session
from tests.storage.sample import answer, make_session, sit

CODE = "ABC123"


async def _stored(data_dir: Path, answers: int = 6, close: bool = True) -> Session:
    """A session with a few answers, folded into its database at close."""
    store = SessionStore.create(data_dir, make_session(CODE), fold_interval=3600)
    await sit(store, "a1")
    for n in range(answers):
        await answer(store, "a1", f"x{n}")
    if close:
        await store.close()
    else:
        store._commits.journal.close()  # a crash: the database stays at seq 0
    return store.session


def _journal(data_dir: Path) -> Path:
    return data_dir / CODE / "journal.jsonl"


def _db(data_dir: Path) -> Path:
    return data_dir / CODE / "session.db.json"


async def test_a_torn_last_line_is_dropped_and_cut_off(data_dir: Path) -> None:
    """Half a record at the end was never acknowledged: open drops it and truncates the file."""
    before = await _stored(data_dir, close=False)
    journal = _journal(data_dir)
    whole = journal.read_bytes()
    journal.write_bytes(whole + b'{"seq":8,"at":1.0,"actor":"a1","cmd":{"ki')
    store = SessionStore.open(data_dir, CODE)
    assert store.session == before
    assert journal.read_bytes() == whole
    await answer(store, "a1", "after")
    await store.close()
    assert "after" in SessionStore.open(data_dir, CODE).session.answers


async def test_a_torn_last_line_with_its_newline_is_dropped(data_dir: Path) -> None:
    """A last line that is not JSON, newline and all, is a torn write too."""
    before = await _stored(data_dir, close=False)
    journal = _journal(data_dir)
    whole = journal.read_bytes()
    journal.write_bytes(whole + b'{"seq":8,"at":1.0,"act\x00\x00\n')
    assert load_session(data_dir, CODE) == before
    assert journal.read_bytes() != whole  # reading for export repairs nothing
    assert SessionStore.open(data_dir, CODE).session == before
    assert journal.read_bytes() == whole


async def test_a_garbled_middle_line_names_the_file_and_line(data_dir: Path) -> None:
    """Damage before the last line is an error that says where, not a shorter session."""
    await _stored(data_dir, close=False)
    journal = _journal(data_dir)
    lines = journal.read_bytes().split(b"\n")
    lines[3] = lines[3][:20] + b"#" + lines[3][21:]
    journal.write_bytes(b"\n".join(lines))
    with pytest.raises(StorageError, match=r"journal\.jsonl line 4 is damaged") as err:
        SessionStore.open(data_dir, CODE)
    assert str(_journal(data_dir)) in str(err.value)
    with pytest.raises(StorageError, match="line 4"):
        load_session(data_dir, CODE)


async def test_a_forget_mark_that_is_not_true_or_false_is_damage(data_dir: Path) -> None:
    """`forget` (a change id the server made) is true or absent; anything else is damage."""
    await _stored(data_dir, close=False)
    journal = _journal(data_dir)
    lines = journal.read_bytes().split(b"\n")
    lines[3] = lines[3][:-1] + b',"forget":"yes"}'
    journal.write_bytes(b"\n".join(lines))
    with pytest.raises(StorageError, match=r"journal\.jsonl line 4 is damaged"):
        SessionStore.open(data_dir, CODE)


async def test_a_line_out_of_sequence_is_damage(data_dir: Path) -> None:
    """A journal with a line missing in the middle does not open."""
    await _stored(data_dir)
    journal = _journal(data_dir)
    lines = journal.read_bytes().split(b"\n")
    journal.write_bytes(b"\n".join(lines[:3] + lines[4:]))
    with pytest.raises(StorageError, match=r"line 4 is damaged.*seq 4 where 3 belongs"):
        SessionStore.open(data_dir, CODE)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: b"", id="emptied"),
        pytest.param(lambda raw: raw.replace(b'"answers"', b'"answerz"', 1), id="wrong-shape"),
        pytest.param(lambda raw: b"\x00" * len(raw), id="zeroed"),
        pytest.param(lambda raw: raw.replace(b"Meer tijd", b"Minder tijd", 1), id="edited"),
    ],
)
async def test_a_damaged_database_is_rebuilt_from_backup_and_journal(
    data_dir: Path, damage: object, caplog: pytest.LogCaptureFixture
) -> None:
    """A database that does not read is rebuilt, the log says so and names the file."""
    store = SessionStore.create(data_dir, make_session(CODE), fold_interval=3600)
    await sit(store, "a1")
    await answer(store, "a1", "x0")
    await store.close()  # database at seq 2; the next close keeps it as .bak
    store = SessionStore.open(data_dir, CODE, fold_interval=3600)
    await answer(store, "a1", "x1")
    await store.close()
    before = store.session
    db = _db(data_dir)
    db.write_bytes(damage(db.read_bytes()))  # type: ignore[operator]
    with caplog.at_level(logging.WARNING, logger="dialoogtafel.server.storage"):
        again = SessionStore.open(data_dir, CODE)
    assert again.session == before
    log = caplog.text
    assert str(db) in log and "rebuilding session=ABC123 from the backup and the journal" in log
    assert list(db.parent.glob("session.db.json.damaged-*")), "the damaged file is kept aside"
    assert json.loads(db.read_bytes())["meta"]["1"]["seq"] == before.seq  # rewritten
    await again.close()


async def test_without_a_backup_the_journal_alone_rebuilds_the_session(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Database and backup both gone: the journal's creation record starts the rebuild."""
    before = await _stored(data_dir)
    _db(data_dir).write_text("{not json")
    (data_dir / CODE / "session.db.json.bak").unlink(missing_ok=True)
    with caplog.at_level(logging.WARNING, logger="dialoogtafel.server.storage"):
        assert load_session(data_dir, CODE) == before
    assert "from the journal alone" in caplog.text
    store = SessionStore.open(data_dir, CODE)
    assert store.session == before and store.tokens.leader
    await store.close()


async def test_a_damaged_database_and_journal_is_an_error_not_an_empty_session(
    data_dir: Path,
) -> None:
    """With nothing to rebuild from, opening fails and says which file is damaged."""
    await _stored(data_dir)
    _db(data_dir).write_text("")
    (data_dir / CODE / "session.db.json.bak").unlink(missing_ok=True)
    _journal(data_dir).write_bytes(b"garbage\n" + _journal(data_dir).read_bytes())
    with pytest.raises(StorageError, match=r"journal\.jsonl line 1 is damaged"):
        SessionStore.open(data_dir, CODE)


async def test_a_journal_cut_short_of_the_database_is_an_error(data_dir: Path) -> None:
    """A journal that ends before the database's seq cannot be trusted to grow again."""
    await _stored(data_dir)
    journal = _journal(data_dir)
    journal.write_bytes(b"".join(journal.read_bytes().splitlines(keepends=True)[:3]))
    with pytest.raises(StorageError, match="cut short"):
        SessionStore.open(data_dir, CODE)


async def test_missing_tokens_file_is_named(data_dir: Path) -> None:
    """Without tokens.json the leader cannot resume: the error says so."""
    await _stored(data_dir, answers=1)
    (data_dir / CODE / "tokens.json").unlink()
    with pytest.raises(StorageError, match=r"tokens\.json is missing"):
        SessionStore.open(data_dir, CODE)


def test_an_unknown_code_is_no_such_session(data_dir: Path) -> None:
    """Codes without a folder, empty folders and unsafe codes are NoSuchSession."""
    (data_dir / "EMPTY").mkdir(parents=True)
    for code in ("NOPE", "EMPTY", "../etc", ""):
        with pytest.raises(NoSuchSession):
            SessionStore.open(data_dir, code)
