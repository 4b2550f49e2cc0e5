"""SessionStore: the folder it makes, its keys, reopening to the exact state, the database."""

from __future__ import annotations

import asyncio
import json
import stat
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from tinydb import Query, TinyDB

from dialoogtafel.server.domain.commands import (
    AddAnswer,
    EditAnswer,
    Focus,
    Moderate,
    NextRound,
    SetHost,
    SetTimer,
    Sit,
    Withdraw,
)
from dialoogtafel.server.domain.model import LEADER, Session
from dialoogtafel.server.storage import (
    AtomicJSONStorage,
    SessionStore,
    StorageError,
    list_sessions,
    load_session,
)
from dialoogtafel.server.storage import store as store_module
from tests.storage.sample import T0, answer, change, make_session, sit

TIMEOUT = 10.0


def fold_reaching(store: SessionStore, seq: int) -> asyncio.Event:
    """An event set once the store has folded a session at `seq` or later into its database."""
    folded = asyncio.Event()
    fold = store._fold

    async def watched(s: Session) -> float:
        took = await fold(s)
        if s.seq >= seq:
            folded.set()
        return took

    store._fold = watched  # type: ignore[method-assign]
    return folded


async def set_within(event: asyncio.Event, failure: str) -> None:
    """Wait for `event`; AssertionError with `failure` after TIMEOUT seconds."""
    try:
        async with asyncio.timeout(TIMEOUT):
            await event.wait()
    except TimeoutError:
        raise AssertionError(failure) from None


async def _busy_session(store: SessionStore) -> None:
    """Seat two authors and commit a few kinds of change."""
    await sit(store, "a1", 1)
    await sit(store, "a2", 2)
    await answer(store, "a1", "x1", "Meer tijd\nvoor elkaar")
    await answer(store, "a2", "x2", "Ruimte om te leren 🙂")
    await change(store, "a1", EditAnswer("e1", "x1", "Veel meer tijd"), T0 + 10)
    await change(store, "a2", Withdraw("w1", "x2"), T0 + 11)
    await change(store, LEADER, Moderate("m1", "x1", "highlight"), T0 + 12)
    await change(store, LEADER, Focus("f1", "q2"), T0 + 13)


def test_create_makes_the_folder_with_private_tokens(data_dir: Path) -> None:
    """A new session is a folder with database, journal and a 0600 tokens.json."""
    store = SessionStore.create(data_dir, make_session("K7Q2"))
    folder = data_dir / "K7Q2"
    assert store.folder == folder
    names = {p.name for p in folder.iterdir()}
    assert {"session.db.json", "journal.jsonl", "tokens.json"} <= names
    assert stat.S_IMODE((folder / "tokens.json").stat().st_mode) == 0o600
    tokens = json.loads((folder / "tokens.json").read_text())
    assert tokens == {"leader": store.tokens.leader, "screen": store.tokens.screen}
    assert store.tokens.leader not in (folder / "session.db.json").read_text()
    asyncio.run(store.close())


def test_a_second_session_with_the_same_code_is_refused(data_dir: Path) -> None:
    """Creating over an existing session says so instead of overwriting it."""
    asyncio.run(SessionStore.create(data_dir, make_session()).close())
    with pytest.raises(StorageError, match="already exists"):
        SessionStore.create(data_dir, make_session())


async def test_tokens_are_told_apart_and_survive_reopening(data_dir: Path) -> None:
    """Leader and screen tokens are told apart, and come back from tokens.json on open."""
    store = SessionStore.create(data_dir, make_session())
    tokens = store.tokens
    assert store.check_leader(tokens.leader) and not store.check_leader(tokens.screen)
    assert store.check_screen(tokens.screen) and not store.check_screen(tokens.leader)
    assert not store.check_leader("") and not store.check_leader(None)
    await store.close()
    again = SessionStore.open(data_dir, "ABC123")
    assert again.tokens == tokens and again.check_leader(tokens.leader)
    await again.close()


async def test_author_keys_are_stable_per_session_and_differ_between_sessions(
    data_dir: Path,
) -> None:
    """The same device token gives the same key after reopening, another key elsewhere."""
    one = SessionStore.create(data_dir, make_session("ONE"))
    two = SessionStore.create(data_dir, make_session("TWO"))
    key = one.author_key("device-token-1")
    assert len(key) == 32 and key != one.author_key("device-token-2")
    assert key != two.author_key("device-token-1")
    await one.close()
    await two.close()
    assert SessionStore.open(data_dir, "ONE").author_key("device-token-1") == key


async def test_reopening_after_close_restores_the_exact_session(data_dir: Path) -> None:
    """Close, open: the stored session equals the one in memory, field for field."""
    store = SessionStore.create(data_dir, make_session(), fold_interval=0.01)
    await _busy_session(store)
    before = store.session
    await store.close()
    again = SessionStore.open(data_dir, "ABC123")
    assert again.session == before and again.session.seq == 8
    await again.close()


async def test_reopening_after_a_crash_restores_the_exact_session(data_dir: Path) -> None:
    """Without close (the database lags the journal), opening replays to the same session."""
    store = SessionStore.create(data_dir, make_session(), fold_interval=3600)
    await _busy_session(store)
    before = store.session
    db = json.loads((data_dir / "ABC123" / "session.db.json").read_text())
    assert db["meta"]["1"]["seq"] == 0  # nothing folded yet: all of it comes from the journal
    store._commits.journal.close()  # what a crash leaves: no fold, the lock released
    again = SessionStore.open(data_dir, "ABC123")
    assert again.session == before
    await again.close()


@pytest.mark.parametrize("crash", [False, True])
async def test_a_seat_made_by_the_server_keeps_no_id(data_dir: Path, crash: bool) -> None:
    """A seat stored under a change id the server made (remember=False) comes back from the
    database and from the journal alike, with its seq, and with no record of that id."""
    store = SessionStore.create(data_dir, make_session(), fold_interval=3600)
    await sit(store, "a1", 1)
    moved = await change(store, "a1", Sit("made-here", 2), T0 + 5, remember=False)
    await change(store, "a1", AddAnswer("x1", "q1", "Na de verhuizing"), T0 + 6)
    before = store.session
    assert before.seats["a1"] == 2 and moved.seq == 2 and before.seq == 3
    assert "made-here" not in before.changes and set(before.changes) == {"sit-a1-1", "x1"}
    journal = (data_dir / "ABC123" / "journal.jsonl").read_text().splitlines()
    assert [json.loads(line).get("forget") for line in journal[1:]] == [None, True, None]
    if crash:
        store._commits.journal.close()  # what a crash leaves: the journal alone has the changes
    else:
        await store.close()
    again = SessionStore.open(data_dir, "ABC123")
    assert again.session == before
    await again.close()


async def test_the_database_is_folded_in_the_background(store: SessionStore) -> None:
    """While changes arrive the database catches up without a close."""
    folded = fold_reaching(store, 2)
    await sit(store, "a1")
    await answer(store, "a1", "x1")
    await set_within(folded, "the database was not brought up to date")
    path = store.folder / "session.db.json"
    assert json.loads(path.read_bytes())["meta"]["1"]["seq"] >= 2
    assert (store.folder / "session.db.json.bak").exists()


async def test_enough_changes_waiting_fold_the_database_before_its_interval(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FOLD_RECORDS changes past the database make a fold due at once, not after the interval."""
    monkeypatch.setattr(store_module, "FOLD_RECORDS", 5)
    store = SessionStore.create(data_dir, make_session(), fold_interval=3600)
    folded = fold_reaching(store, 0)
    await sit(store, "a1")
    for n in range(3):
        await answer(store, "a1", f"x{n}")
    assert not folded.is_set() and store._folded_seq == 0  # 4 waiting: not yet
    await answer(store, "a1", "x3")
    await set_within(folded, "5 changes waiting did not fold the database")
    path = store.folder / "session.db.json"
    assert json.loads(path.read_bytes())["meta"]["1"]["seq"] >= 5
    await store.close()


async def test_the_database_is_a_tinydb_database_a_person_can_query(data_dir: Path) -> None:
    """TinyDB opens the file and finds answers, the meta document and the change log."""
    store = SessionStore.create(data_dir, make_session())
    await _busy_session(store)
    await store.close()
    path = data_dir / "ABC123" / "session.db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        shown = db.table("answers").search(Query().state == "shown")
        assert [a["text"] for a in shown] == ["Veel meer tijd"]
        (meta,) = db.table("meta").all()
        assert meta["seq"] == 8 and meta["code"] == "ABC123" and len(meta["secret"]) == 64
        assert len(db.table("changes")) == 8
    with TinyDB(path) as plain:  # TinyDB's own JSONStorage reads it too
        assert len(plain.table("seats")) == 2


async def test_a_commit_out_of_order_is_a_bug(store: SessionStore) -> None:
    """A session that does not follow the head is refused before anything is written."""
    await sit(store, "a1")
    with pytest.raises(ValueError, match="does not follow"):
        await store.commit("a1", Focus("f", None), T0, store.session)


async def test_no_commit_after_close(store: SessionStore) -> None:
    """A closed store refuses changes."""
    await store.close()
    with pytest.raises(StorageError, match="closed"):
        await sit(store, "a1")


async def test_a_session_open_elsewhere_cannot_be_opened_again(store: SessionStore) -> None:
    """Two writers on one journal are refused with a clear message."""
    with pytest.raises(StorageError, match="in use"):
        SessionStore.open(store.folder.parent, "ABC123")


async def test_a_running_session_can_be_read_for_export_and_listing(store: SessionStore) -> None:
    """load_session and list_sessions read what is durable while the store keeps writing."""
    await sit(store, "a1")
    await answer(store, "a1", "x1")
    await answer(store, "a1", "x2")
    await change(store, "a1", Withdraw("w1", "x2"), T0 + 9)
    data_dir = store.folder.parent
    assert load_session(data_dir, "ABC123") == store.session
    (summary,) = list_sessions(data_dir)
    assert (summary.code, summary.set_id, summary.tables, summary.answers) == (
        "ABC123",
        "proef",
        3,
        1,
    )
    assert summary.title == store.session.title and not summary.ended and summary.problem is None


async def test_rounds_hosts_timer_and_premoderation_survive_the_database(data_dir: Path) -> None:
    """Close (the database holds everything), open: premoderate, hosts, round, timer kept."""
    store = SessionStore.create(
        data_dir, replace(make_session(), premoderate=True), fold_interval=0.01
    )
    await sit(store, "a1", 2)
    await change(store, "a1", SetHost("h1", True), T0 + 1)
    await change(store, LEADER, SetTimer("t1", "start", 300, "q1"), T0 + 2)
    await change(store, LEADER, NextRound("r2"), T0 + 3)
    await answer(store, "a1", "x1", "Ronde twee")
    before = store.session
    await store.close()
    again = SessionStore.open(data_dir, "ABC123")
    s = again.session
    assert s == before and s.premoderate and s.hosts == {"a1"} and s.state.round == 2
    assert s.state.timer is not None and s.answers["x1"].state == "pending"
    await again.close()


async def test_a_cancelled_fold_keeps_others_out_until_its_write_is_done(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fold cancelled while its thread writes holds the lock until the write is done: a
    second fold never writes beside it with the same encoder, or renames over its file."""
    store = SessionStore.create(data_dir, make_session(), fold_interval=3600)
    await sit(store, "a1")
    started, release = threading.Event(), threading.Event()
    real = store_module.write_database

    def slow(*args: object) -> None:
        started.set()
        release.wait(TIMEOUT)
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "write_database", slow)
    folding = asyncio.create_task(store._fold(store.session))
    assert await asyncio.to_thread(started.wait, TIMEOUT)
    folding.cancel()
    for _ in range(5):  # let the cancellation arrive (loop turns, not time)
        await asyncio.sleep(0)
    assert store._folding.locked() and not folding.done()
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await folding
    assert not store._folding.locked()
    await store.close()
    again = SessionStore.open(data_dir, "ABC123")
    assert again.session.seats == {"a1": 1}
    await again.close()
