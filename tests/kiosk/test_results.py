"""The results screen, the reveal key and the quick-question form, fed as the socket feeds them."""

from __future__ import annotations

from textual.widgets import Input, Static, TextArea

from dialoogtafel.kiosk.screens.ask import AskForm
from dialoogtafel.kiosk.screens.modals import HelpScreen
from dialoogtafel.server.domain import QuestionSet
from dialoogtafel.server.domain.commands import Focus, Respond, Reveal
from dialoogtafel.server.domain.model import Question
from dialoogtafel.server.protocol import results_message
from tests.kiosk.conftest import Kiosk, state_msg, welcomed
from tests.kiosk.roomdata import Room, screen_text, until

HOSTILE = "[bold]vet[/] [link=https://x]klik[/link]"
POLLS = QuestionSet(
    id="polls",
    title="Peilingen",
    language="nl",
    intro="",
    questions=(
        Question("q1", "Open vraag?"),
        Question("q2", "Wat kiest u?", kind="choice", options=("Tijd", "Geld", HOSTILE)),
        Question("q3", "Eens?", kind="scale", min=1, max=5, labels=("oneens", "eens")),
    ),
)


async def submit(pilot, form: AskForm) -> None:
    """Enter in the question field: what the leader presses to ask."""
    form.query_one("#ask-text", Input).focus()
    await pilot.press("enter")


def polled(values: dict[str, list[tuple[int, int]]]) -> Room:
    """A room where devices at these tables responded: poll id -> [(table, pick or value)]."""
    room = Room(POLLS)
    for q, given in values.items():
        for n, (table, value) in enumerate(given):
            device = f"d{n}"
            if room.session.seats.get(device) != table:
                room.sit(device, table)
            body = {"picks": (value,)} if q == "q2" else {"value": value}
            room.change(device, Respond(f"r-{q}-{n}", q, **body))
    return room


async def test_the_results_screen_shows_bars_totals_and_tables(kiosk: Kiosk) -> None:
    """Counts with percentages, the total, table 1 on its own row, tables 2 and 3 together."""
    room = polled({"q2": [(1, 0), (1, 0), (1, 1), (2, 2), (3, 0)]})
    room.lead(Focus("f", "q2"))
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("u")
        text = screen_text(kiosk.app)
        assert "5 reacties" in text and "Wat kiest u?" in text
        assert "3  (60%)" in text and "1  (20%)" in text
        assert HOSTILE in text  # an option's text is never markup
        assert "overige tafels (2)" in text
        assert "Tijd 67%" in text  # table 1: 2 of 3 chose Tijd
        assert "niet op de telefoons" in text


async def test_live_results_redraw_the_screen(kiosk: Kiosk) -> None:
    """A `results` message with more responses is drawn; the same one again changes nothing."""
    room = polled({"q3": [(1, 2), (1, 4)]})
    room.lead(Focus("f", "q3"))
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("u")
        assert "2 reacties" in screen_text(kiosk.app)
        assert "gemiddeld 3,0" in screen_text(kiosk.app)
        for n, value in enumerate((5, 5, 5)):
            room.sit(f"x{n}", 2)
            room.change(f"x{n}", Respond(f"x{n}", "q3", value=value))
        kiosk.feed(results_message(room.session, "q3"))
        await until(pilot, lambda: "5 reacties" in screen_text(kiosk.app), "live results")
        text = screen_text(kiosk.app)
        assert "gemiddeld 4,2" in text and "5,0" in text  # table 2's row: its own mean
        assert "overige tafels (1)" in text  # table 1 has 2 responses: with the others
        body = kiosk.app.screen.query_one("#results-body", Static)
        before = body.content
        kiosk.feed(results_message(room.session, "q3"))
        await pilot.pause()
        assert body.content is before  # not redrawn: no flicker


async def test_z_reveals_and_hides_the_focused_poll(kiosk: Kiosk) -> None:
    """z sends reveal on, and (once the state says it is revealed) reveal off."""
    room = polled({})
    room.lead(Focus("f", "q3"))
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("u", "z")
        assert kiosk.controls()[-1] | {"id": ""} == {
            "type": "control",
            "id": "",
            "action": "reveal",
            "question": "q3",
            "on": True,
        }
        room.lead(Reveal("v", "q3", True))
        kiosk.feed(state_msg(room))
        await until(pilot, lambda: "q3" in kiosk.app.state.status.revealed, "revealed")
        assert "zichtbaar op de telefoons" in screen_text(kiosk.app)
        await pilot.press("z")
        assert kiosk.controls()[-1]["on"] is False
        sent = len(kiosk.controls())
        await pilot.press("s")  # voting is for answers: on a poll the key sends nothing
        assert len(kiosk.controls()) == sent


async def test_the_ask_form_sends_a_quick_poll(kiosk: Kiosk) -> None:
    """f opens the form; a choice with two options and a scale go out as `control ask`."""
    room = Room(POLLS)
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("f")
        form = kiosk.app.screen
        assert isinstance(form, AskForm)
        form.query_one("#ask-text", Input).value = "Koffie of thee?"
        form.query_one("#ask-options", TextArea).text = "Koffie"
        await submit(pilot, form)
        assert "2 tot 12" in str(form.query_one("#ask-problem", Static).content)
        assert not [c for c in kiosk.controls() if c["action"] == "ask"]
        form.query_one("#ask-options", TextArea).text = "Koffie\nThee\n\n"
        await submit(pilot, form)
        await until(pilot, lambda: not isinstance(kiosk.app.screen, AskForm), "form closed")
        ask = kiosk.controls()[-1]
        assert (ask["action"], ask["kind"], ask["text"]) == ("ask", "choice", "Koffie of thee?")
        assert (ask["options"], ask["max_picks"]) == (["Koffie", "Thee"], 1)

        await pilot.press("f")
        form = kiosk.app.screen
        await pilot.click("#kind-scale")
        assert form.query_one("#ask-scale").display and not form.query_one("#ask-choice").display
        form.query_one("#ask-text", Input).value = "Hoe moe?"
        form.query_one("#ask-low", Input).value = "fris"
        await submit(pilot, form)
        assert "beide woorden" in str(form.query_one("#ask-problem", Static).content)
        form.query_one("#ask-high", Input).value = "op"
        form.query_one("#ask-max", Input).value = "10"
        await submit(pilot, form)
        await until(pilot, lambda: not isinstance(kiosk.app.screen, AskForm), "form closed")
        assert kiosk.controls()[-1] | {"id": ""} == {
            "type": "control",
            "id": "",
            "action": "ask",
            "kind": "scale",
            "text": "Hoe moe?",
            "min": 1,
            "max": 10,
            "labels": ["fris", "op"],
        }


async def test_overview_and_wall_show_how_many_responded_per_table(kiosk: Kiosk) -> None:
    """The poll's column counts responses per table; the wall names them for the focused poll."""
    room = polled({"q2": [(1, 0), (2, 1), (2, 2)]})
    room.lead(Focus("f", "q2"))
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, room, pilot)
        await pilot.press("w")
        text = screen_text(kiosk.app)
        assert "peiling  ·  3 reacties" in text
        assert "Tafel 1: 1, Tafel 2: 2" in text
        await pilot.press("t")
        text = screen_text(kiosk.app)
        rows = [" ".join(line.split()) for line in text.splitlines()]
        assert "1 0 nu / 1 ooit 0 1 0 ⚠ minder dan 3" in rows  # q2 (a poll): 1 responded
        assert "2 0 nu / 2 ooit 0 2 0 ⚠ minder dan 3" in rows
        assert "reacties per tafel" in screen_text(kiosk.app)


async def test_help_lists_the_poll_keys(kiosk: Kiosk) -> None:
    """? names the results screen, the reveal and the quick question."""
    async with kiosk.app.run_test(size=(160, 50)) as pilot:
        await welcomed(kiosk, Room(POLLS), pilot)
        await pilot.press("question_mark")
        assert isinstance(kiosk.app.screen, HelpScreen)
        described = {does for _, does in kiosk.app.screen.rows}
        assert {"uitslag", "uitslag op telefoons aan/uit", "snelle vraag"} <= described
