"""kill -9 under load (DESIGN.md, "Numbers to reach"): nothing acked is lost, nothing doubles."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from playwright.sync_api import Page, expect

from dialoogtafel.server.storage import load_session
from tests.browser.harness import TIMEOUT, Serve, leader_view
from tests.browser.phone import join, own_answer, send_answer
from tests.browser.swarm import Swarm

TRIALS = int(os.environ.get("DIALOOG_KILL_TRIALS", "5"))
PHONES = 50
TABLES = 6
RATE = 2.0  # answers per second per protocol phone: 100 a second in all


def test_sigkill_mid_stream_then_resume_loses_and_duplicates_nothing(
    phone: Page, tmp_path: Path
) -> None:
    """50 protocol phones and chromium answer; SIGKILL; --resume: acked kept, drained, once."""
    serve = Serve(tmp_path / "data", tables=TABLES).start()
    swarm = Swarm(serve, PHONES, TABLES, RATE)
    typed: list[str] = []
    unacked_on_disk = 0  # stored, but killed before the ack went out: the resend must not double
    status = phone.locator("#status")
    try:
        swarm.start()
        swarm.wait("every phone connected", lambda s: s.connected() == PHONES)
        join(phone, serve, 1)
        for trial in range(1, TRIALS + 1):
            floor = len(swarm.acked()) + 50
            swarm.produce(True)
            swarm.wait("answers flowing", lambda s, floor=floor: len(s.acked()) >= floor)
            question = f"q{trial % 4 + 1}"  # 20 answers per device and question at most
            typed += [f"telefoon {trial}.1", f"telefoon {trial}.2"]
            expect(send_answer(phone, question, typed[-2])).to_have_attribute("data-state", "saved")
            send_answer(phone, question, typed[-1])  # in flight when the server dies
            burst = swarm.burst()  # and one from each protocol phone; once the first is acked,
            swarm.wait("a burst answer acked", lambda s, b=set(burst): not b.isdisjoint(s.acked()))

            serve.kill()  # ... others are on disk but not acked, or not even read
            acked_at_kill = swarm.acked()
            on_disk = set(load_session(serve.data, serve.code).answers)
            unacked_on_disk += len((set(swarm.made()) - set(acked_at_kill)) & on_disk)
            expect(status).to_have_attribute("data-conn", "reconnecting")
            typed.append(f"telefoon {trial}.3, getypt terwijl de server weg was")
            offline = send_answer(phone, question, typed[-1])
            expect(offline).to_have_attribute("data-state", "pending")

            serve.resume()
            swarm.wait("every phone back", lambda s: s.connected() == PHONES)
            swarm.produce(False)
            swarm.wait("every outbox drained", lambda s: s.pending() == 0, timeout=3 * TIMEOUT)
            expect(status).to_have_attribute("data-pending", "0", timeout=3 * TIMEOUT * 1000)
            expect(status).to_have_attribute("data-conn", "open")

            stored = {a["id"]: a["text"] for a in leader_view(serve)["answers"]}
            lost = {i: t for i, t in acked_at_kill.items() if stored.get(i) != t}
            assert lost == {}, f"trial {trial}: acked before the kill, missing after it"
            twice = {t: n for t, n in Counter(stored.values()).items() if n > 1}
            assert twice == {}, f"trial {trial}: stored more than once"
            made = swarm.made()
            assert set(made.items()) <= set(stored.items()), f"trial {trial}: outbox not stored"
            assert sorted(stored.values()) == sorted([*made.values(), *typed]), f"trial {trial}"
            for text in typed:
                expect(own_answer(phone, text)).to_have_attribute("data-state", "saved")
        assert swarm.errors == []
        assert unacked_on_disk > 0, "no trial killed the server between a write and its ack"
    finally:
        swarm.close()
        serve.terminate()
