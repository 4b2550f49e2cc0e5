"""What the minutes say around the participants' text, per language, and how they write a date."""

from __future__ import annotations

from datetime import datetime, tzinfo

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "lead": "Verslag van de dialoogtafels.",
        "date": "Datum en tijd",
        "set": "Vragenset",
        "source": "Bron van de vragen",
        "code": "Sessiecode",
        "status": "Status",
        "concept": "concept (de sessie loopt nog; dit verslag kan nog veranderen)",
        "definitief": "definitief",
        "same_day": "{day}, {start}–{end} uur ({zone})",  # noqa: RUF001 (a typographic en dash)
        "two_days": "{day} {start} uur tot {day2} {end} uur ({zone})",
        "open_end": "{day}, vanaf {start} uur ({zone})",
        "clock": "%H.%M",
        "present": "Aanwezigen",
        "present_total": "{people} aan {tables}, geteld als telefoons die aan een tafel "
        "aanschoven; namen worden niet vastgelegd.",
        "present_moved": "Wie van tafel wisselde, telt bij elke tafel mee.",
        "present_none": "Er heeft niemand aan een tafel aangeschoven.",
        "present_table": "{table}: {people}",
        "purpose": "Doel en werkwijze",
        "method": "De deelnemers bespraken {questions} en typten hun antwoorden anoniem op hun "
        "eigen telefoon. Hieronder staan de antwoorden per vraag en per tafel: eerst wat de "
        "gespreksleider uitlichtte (★), dan op aantal stemmen, dan in volgorde van binnenkomst.",
        "question": "Vraag {n}: {text}",
        "theme": "Thema: {title}",
        "theme_tables": "Besproken aan {tables}.",
        "theme_no_tables": "Aan geen tafel besproken.",
        "table": "Tafel {n}",
        "table_theme": "Tafel {n} — {theme}",
        "no_answers": "Geen antwoorden op deze vraag.",
        "table_one": "tafel {tables}",
        "table_many": "tafels {tables}",
        "silent": "Geen antwoorden van {tables}.",
        "and": "en",
        "question_notes": "Uit de plenaire bespreking",
        "rode_draad": "Rode draad",
        "topic_counts": "{answers} · {n} van {of} tafels",
        "proposal": "voorstel",
        "unplaced": "{answers} passen bij geen onderwerp (zie hieronder per tafel).",
        "unplaced_one": "1 antwoord past bij geen onderwerp (zie hieronder per tafel).",
        "rode_draad_none": "Geen onderwerpen en geen voorstellen; zie hieronder per tafel.",
        "rode_draad_method": "Bovenaan elke open vraag staat de rode draad: de onderwerpen, met "
        "hoeveel antwoorden van hoeveel tafels erbij horen, en hoeveel antwoorden bij geen "
        "onderwerp passen. Een groep die de computer voorstelde en niemand bevestigde, staat er "
        "als voorstel. {how}",
        "placed_model": "De computer plaatste een antwoord alleen als het zeker genoeg was, met "
        "het taalmodel {model} (offline, op de eigen computer); de gespreksleider plaatste {hand} "
        "met de hand.",
        "placed_lexical": "De computer plaatste een antwoord alleen als het zeker genoeg was, met "
        "een eenvoudige woordvergelijking (het taalmodel was niet beschikbaar); de gespreksleider "
        "plaatste {hand} met de hand.",
        "proposed_lexical": "Voorstellen die aan het eind nog gemaakt moesten worden, maakte de "
        "computer met een eenvoudige woordvergelijking.",
        "placed_none": "De computer plaatste zelf geen antwoorden; de gespreksleider plaatste "
        "{hand} met de hand.",
        "plenary": "Plenaire terugkoppeling",
        "plenary_none": "Geen algemene plenaire aantekeningen.",
        "actions": "Vervolgafspraken",
        "actions_head": "Nr.|Actie|Wie|Wanneer",  # the table's column heads, split at |
        "actions_none": "Geen vervolgafspraken vastgelegd.",
        "left_out": "Niet in dit verslag: {parts}; de tekst ervan is weggelaten.",
        "hidden": "{answers} verborgen door de gespreksleider",
        "withdrawn": "{answers} ingetrokken door de schrijver",
        "pending": "{answers} nog niet goedgekeurd",
        "round": "Ronde {n}",
        "left_out_none": "Alle gegeven antwoorden staan in dit verslag: geen verborgen of "
        "ingetrokken antwoorden.",
    },
    "en": {
        "lead": "Minutes of the dialogue tables.",
        "date": "Date and time",
        "set": "Question set",
        "source": "Source of the questions",
        "code": "Session code",
        "status": "Status",
        "concept": "draft (the session is still running; these minutes may change)",
        "definitief": "final",
        "same_day": "{day}, {start}–{end} ({zone})",  # noqa: RUF001
        "two_days": "{day} {start} to {day2} {end} ({zone})",
        "open_end": "{day}, from {start} ({zone})",
        "clock": "%H:%M",
        "present": "Present",
        "present_total": "{people} at {tables}, counted as phones that joined a table; no names "
        "are recorded.",
        "present_moved": "Someone who moved tables counts at each of them.",
        "present_none": "Nobody joined a table.",
        "present_table": "{table}: {people}",
        "purpose": "Purpose and method",
        "method": "The participants discussed {questions} and typed their answers anonymously on "
        "their own phones. Below are the answers per question and per table: first those the "
        "session leader highlighted (★), then by number of votes, then in the order they came in.",
        "question": "Question {n}: {text}",
        "theme": "Theme: {title}",
        "theme_tables": "Discussed at {tables}.",
        "theme_no_tables": "Not discussed at any table.",
        "table": "Table {n}",
        "table_theme": "Table {n} — {theme}",
        "no_answers": "No answers to this question.",
        "table_one": "table {tables}",
        "table_many": "tables {tables}",
        "silent": "No answers from {tables}.",
        "and": "and",
        "question_notes": "From the plenary discussion",
        "rode_draad": "Common threads",
        "topic_counts": "{answers} · {n} of {of} tables",
        "proposal": "proposal",
        "unplaced": "{answers} fit no topic (see per table below).",
        "unplaced_one": "1 answer fits no topic (see per table below).",
        "rode_draad_none": "No topics and no proposals; see per table below.",
        "rode_draad_method": "Each open question opens with its common threads: the topics, with "
        "how many answers from how many tables belong to each, and how many answers fit no topic. "
        "A group the computer proposed and no one confirmed is marked as a proposal. {how}",
        "placed_model": "The computer placed an answer only when it was sure enough, with the "
        "language model {model} (offline, on this computer); the session leader placed {hand} by "
        "hand.",
        "placed_lexical": "The computer placed an answer only when it was sure enough, with a "
        "plain word comparison (the language model was not available); the session leader placed "
        "{hand} by hand.",
        "proposed_lexical": "Proposals that were still to be made at the end, the computer made "
        "with a plain word comparison.",
        "placed_none": "The computer placed no answers itself; the session leader placed {hand} "
        "by hand.",
        "plenary": "Plenary feedback",
        "plenary_none": "No general plenary notes.",
        "actions": "Follow-up actions",
        "actions_head": "No.|Action|Who|When",
        "actions_none": "No follow-up actions recorded.",
        "left_out": "Not in these minutes: {parts}; the text is left out.",
        "hidden": "{answers} hidden by the session leader",
        "withdrawn": "{answers} withdrawn by the writer",
        "pending": "{answers} not yet approved",
        "round": "Round {n}",
        "left_out_none": "Every answer given is in these minutes: none hidden or withdrawn.",
    },
}

PLURALS: dict[str, dict[str, tuple[str, str]]] = {
    "nl": {
        "votes": ("{n} stem", "{n} stemmen"),
        "people": ("{n} deelnemer", "{n} deelnemers"),
        "tables": ("{n} tafel", "{n} tafels"),
        "questions": ("{n} vraag", "{n} vragen"),
        "answers": ("{n} antwoord", "{n} antwoorden"),
    },
    "en": {
        "votes": ("{n} vote", "{n} votes"),
        "people": ("{n} participant", "{n} participants"),
        "tables": ("{n} table", "{n} tables"),
        "questions": ("{n} question", "{n} questions"),
        "answers": ("{n} answer", "{n} answers"),
    },
}

DAYS = {
    "nl": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
MONTHS = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def count(language: str, what: str, n: int) -> str:
    """A number with its noun, singular or plural: "1 stem", "3 stemmen"."""
    one, many = PLURALS[language][what]
    return (one if n == 1 else many).format(n=n)


def listing(language: str, items: list[str]) -> str:
    """Items as prose: "2", "2 en 4", "2, 4 en 6"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {TEXTS[language]['and']} {items[-1]}"


def local_time(timestamp: float, tz: tzinfo | None) -> datetime:
    """A POSIX timestamp in the given zone, or in the machine's own zone when none is given."""
    return (
        datetime.fromtimestamp(timestamp, tz)
        if tz
        else datetime.fromtimestamp(timestamp).astimezone()
    )


def _day(language: str, moment: datetime) -> str:
    """ "donderdag 13 maart 2025" or "Thursday 13 March 2025"."""
    day = DAYS[language][moment.weekday()]
    return f"{day} {moment.day} {MONTHS[language][moment.month - 1]} {moment.year}"


def when(language: str, start: datetime, end: datetime | None) -> str:
    """The session's date and time span in words, with the zone's abbreviation."""
    texts = TEXTS[language]
    clock = texts["clock"]
    words = {"day": _day(language, start), "start": start.strftime(clock), "zone": start.tzname()}
    if end is None:
        return texts["open_end"].format(**words)
    words["end"] = end.strftime(clock)
    if end.date() == start.date():
        return texts["same_day"].format(**words)
    return texts["two_days"].format(**words, day2=_day(language, end))
