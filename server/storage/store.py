"""SessionStore: one session's folder, its journal with group commit, its database and keys."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from pathlib import Path

from dialoogtafel.server.domain import Session
from dialoogtafel.server.domain.commands import Command
from dialoogtafel.server.storage.database import write_database
from dialoogtafel.server.storage.encoder import DatabaseEncoder
from dialoogtafel.server.storage.errors import StorageError
from dialoogtafel.server.storage.files import fsync_dir, set_aside, stale_temp_files
from dialoogtafel.server.storage.groupcommit import CommitStats, GroupCommit
from dialoogtafel.server.storage.journal import JournalFile, creation_line, record_line
from dialoogtafel.server.storage.keys import (
    Keys,
    Tokens,
    author_key,
    keys_for,
    matches,
    new_tokens,
    read_tokens,
    write_tokens,
)
from dialoogtafel.server.storage.loading import load
from dialoogtafel.server.storage.paths import (
    BACKUP_FILE,
    DB_FILE,
    JOURNAL_FILE,
    TOKENS_FILE,
    session_folder,
)

log = logging.getLogger(__name__)

# While changes keep coming the database is brought up to date every FOLD_INTERVAL seconds, or
# sooner once FOLD_RECORDS changes wait in the journal (a fold rewrites the whole file with two
# fsyncs: at 1 s it was the largest cost of a live answer that a bare journal does not have).
FOLD_INTERVAL = 15.0  # seconds the database may lag while changes arrive
FOLD_RECORDS = 1000  # changes past the database that make a fold due at once
FOLD_SHARE = 0.05  # at most this share of the time goes to folding (big sessions fold less often)
FOLD_MAX_WAIT = 30.0  # but a database is never more than this many seconds behind


class SessionStore:
    """A session on disk. Create or open it (blocking: use asyncio.to_thread in a server),
    `await commit(...)` each applied change, `await close()` at the end.

    `session` is the latest durable session; `head` the latest one handed to commit.
    """

    def __init__(
        self,
        folder: Path,
        journal: JournalFile,
        session: Session,
        keys: Keys,
        tokens: Tokens,
        encoder: DatabaseEncoder,
        folded_seq: int,
        fold_interval: float,
    ) -> None:
        """Use SessionStore.create or SessionStore.open."""
        self.folder = folder
        self.tokens = tokens
        self._keys = keys
        self._encoder = encoder
        self._commits = GroupCommit(journal, session)
        self._folded_seq = folded_seq
        self._fold_interval = fold_interval
        self._last_fold = time.monotonic()
        self._fold_wait = fold_interval  # seconds from one fold to the next while changes come
        self._fold_gap = 0.0  # but never sooner than this (FOLD_SHARE of the last fold's time)
        self._poke = asyncio.Event()  # FOLD_RECORDS changes wait, or the store is closing
        self._fold_task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._folding = asyncio.Lock()
        self._closed = False

    # -- making and opening ------------------------------------------------------------------

    @classmethod
    def create(
        cls, data_dir: Path, session: Session, *, fold_interval: float = FOLD_INTERVAL
    ) -> SessionStore:
        """Make `<data_dir>/<code>/` for a new session: tokens, secret, journal, database."""
        if session.seq != 0 or session.changes:
            raise ValueError("a new session has no changes yet")
        folder = session_folder(data_dir, session.code)
        try:
            Path(data_dir).mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=0o700)
        except FileExistsError:
            raise StorageError(f"a session {session.code} already exists in {data_dir}") from None
        except OSError as err:
            raise StorageError(f"cannot make {folder}: {err.strerror}") from None
        tokens = new_tokens()
        keys = keys_for(tokens)
        try:
            write_tokens(folder / TOKENS_FILE, tokens)
            journal = JournalFile.create(folder / JOURNAL_FILE, creation_line(session, keys))
            encoder = DatabaseEncoder(keys)
            write_database(folder / DB_FILE, None, session, encoder)
            fsync_dir(folder)
            fsync_dir(Path(data_dir))
            fsync_dir(Path(data_dir).parent)  # in case the data folder itself is new
        except OSError as err:
            raise StorageError(f"cannot write session {session.code} in {folder}: {err}") from err
        log.info("session created session=%s", session.code)
        return cls(folder, journal, session, keys, tokens, encoder, 0, fold_interval)

    @classmethod
    def open(
        cls, data_dir: Path, code: str, *, fold_interval: float = FOLD_INTERVAL
    ) -> SessionStore:
        """Bring a stored session back for writing (NoSuchSession, StorageError).

        Drops a torn last journal line, and writes the database when it could not be read or
        was behind the journal.
        """
        folder = session_folder(data_dir, code)
        loaded = load(folder)
        tokens = read_tokens(folder / TOKENS_FILE, loaded.keys)
        content = loaded.journal
        try:
            journal = JournalFile.open(folder / JOURNAL_FILE, content.good_length)
        except OSError as err:
            raise StorageError(f"cannot open {folder / JOURNAL_FILE}: {err.strerror}") from None
        try:
            if content.torn_bytes:
                log.warning(
                    "dropped a torn last line file=%s bytes=%d (never acknowledged)",
                    folder / JOURNAL_FILE,
                    content.torn_bytes,
                )
            for tmp in stale_temp_files(folder):
                tmp.unlink(missing_ok=True)
            encoder = DatabaseEncoder(loaded.keys)
            folded_seq = loaded.db_seq
            if folded_seq is None:
                set_aside(folder / DB_FILE)
                write_database(folder / DB_FILE, None, loaded.session, encoder)
                folded_seq = loaded.session.seq
                log.warning("database rewritten session=%s seq=%d", code, folded_seq)
            elif folded_seq < loaded.session.seq:  # after a crash: fold what was replayed
                bak = folder / BACKUP_FILE
                write_database(folder / DB_FILE, bak, loaded.session, encoder)
                folded_seq = loaded.session.seq
            else:
                encoder.encode(loaded.session)  # warm: the first fold encodes only what changed
        except OSError as err:
            journal.close()
            raise StorageError(f"cannot repair {folder}: {err}") from err
        log.info("session opened session=%s seq=%d", code, loaded.session.seq)
        return cls(
            folder, journal, loaded.session, loaded.keys, tokens, encoder, folded_seq, fold_interval
        )

    # -- what it holds -------------------------------------------------------------------------

    @property
    def code(self) -> str:
        """The session code."""
        return self._commits.durable.code

    @property
    def session(self) -> Session:
        """The latest session whose every change is on disk."""
        return self._commits.durable

    @property
    def head(self) -> Session:
        """The latest session handed to commit (equal to `session` when nothing is pending)."""
        return self._commits.head

    @property
    def stats(self) -> CommitStats:
        """Journal batches, records and bytes written since this store was made."""
        return self._commits.stats

    def author_key(self, device_token: str) -> str:
        """The author key of a device: HMAC-SHA256(session secret, device token), 32 hex.

        Interned: each of a device's answers, change records and its seat hold the one string,
        not a copy per connection (a phone that comes back ten times made ten copies)."""
        return sys.intern(author_key(self._keys.secret, device_token))

    def check_leader(self, token: object) -> bool:
        """Whether `token` is the leader token (constant-time)."""
        return matches(token, self._keys.leader_hash)

    def check_screen(self, token: object) -> bool:
        """Whether `token` is the screen token (constant-time)."""
        return matches(token, self._keys.screen_hash)

    # -- changes -----------------------------------------------------------------------------

    async def commit(
        self, actor: str, cmd: Command, at: float, session_after: Session, *, remember: bool = True
    ) -> None:
        """Store one applied change; returns once it is on disk (JournalFailed if it cannot be).

        `session_after` is what `apply(store.head, actor, cmd, at, remember=remember)` returned;
        its seq must be head's plus one. Commits queue in call order; a cancelled caller's change
        is still stored.
        """
        line = record_line(session_after.seq, at, actor, cmd, remember=remember)
        done = self._commits.submit(line, session_after)
        if self._fold_task is None:
            self._fold_task = asyncio.create_task(self._fold_loop(), name=f"fold {self.code}")
        await done  # a Durable: a cancelled caller is cancelled once its batch is on disk
        if self.session.seq - self._folded_seq >= FOLD_RECORDS and not self._poke.is_set():
            self._poke.set()  # enough on disk past the database: fold now, not at the interval

    async def wait_durable(self, seq: int) -> None:
        """Return once the change with this seq is on disk (e.g. before acking a resend)."""
        done = self._commits.waiting_for(seq)
        if done is not None:
            await done

    async def fold_now(self) -> None:
        """Bring the database up to the durable session now (benches; the server waits)."""
        await self._fold(self.session)

    async def close(self) -> None:
        """Write what is queued, bring the database up to date, release the journal."""
        if self._closed:
            return
        self._closed = True
        try:
            await self._commits.close()
            self._stopping.set()
            self._poke.set()
            self._commits.durable_moved.set()
            if self._fold_task is not None:
                await self._fold_task
            if self._folded_seq < self.session.seq:
                await self._fold(self.session)
        except OSError as err:
            raise StorageError(f"could not update {self.folder / DB_FILE}: {err}") from err
        finally:
            self._commits.journal.close()
            log.info("session closed session=%s seq=%d", self.code, self.session.seq)

    # -- folding the journal into the database -------------------------------------------------

    async def _fold(self, s: Session) -> float:
        """Write the database from a durable session in a thread (sessions are frozen values);
        returns the seconds the write took (encoding, writing and its fsyncs)."""
        db, bak = self.folder / DB_FILE, self.folder / BACKUP_FILE

        def write() -> float:
            started = time.monotonic()
            write_database(db, bak, s, self._encoder)
            return time.monotonic() - started

        async with self._folding:  # one write at a time (the loop, fold_now, close), never older
            if s.seq <= self._folded_seq:
                return 0.0
            writing = asyncio.ensure_future(asyncio.to_thread(write))
            try:
                took = await asyncio.shield(writing)
            except asyncio.CancelledError:
                # the thread runs on: keep the lock until it is done, so no second fold writes
                # beside it (with the same encoder) or renames its file over this one's
                await asyncio.wait({writing})
                if not writing.cancelled():
                    writing.exception()  # seen: the cancellation is what this fold reports
                raise
            self._folded_seq = s.seq
        return took

    async def _fold_loop(self) -> None:
        moved = self._commits.durable_moved
        while not self._stopping.is_set():
            await moved.wait()
            await self._until_due()
            if self._stopping.is_set():
                return
            moved.clear()
            s = self.session
            if s.seq > self._folded_seq:
                try:
                    took = await self._fold(s)
                    self._fold_gap = min(took / FOLD_SHARE, FOLD_MAX_WAIT)
                    self._fold_wait = max(self._fold_interval, self._fold_gap)
                except OSError as err:  # the journal still holds every change: retry later
                    log.error("database update failed file=%s: %s", self.folder / DB_FILE, err)
                except Exception:  # a bug here must not stop later folds (logged in full)
                    log.exception("database update failed file=%s", self.folder / DB_FILE)
            self._last_fold = time.monotonic()

    async def _until_due(self) -> None:
        """Wait until the next fold is due: its interval passed, or FOLD_RECORDS changes wait
        (and the gap the last fold's cost asks for passed), or the store is closing."""
        while not self._stopping.is_set():
            backlog = self.session.seq - self._folded_seq >= FOLD_RECORDS
            due = self._last_fold + (self._fold_gap if backlog else self._fold_wait)
            left = due - time.monotonic()
            if left <= 0:
                return
            try:
                async with asyncio.timeout(left):
                    await self._poke.wait()
            except TimeoutError:
                pass
            self._poke.clear()
