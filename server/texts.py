"""What the server says to people, per language: one sentence for each error code."""

from __future__ import annotations

ERROR_TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "hello_first": "Meld je eerst aan bij een sessie.",
        "bad_json": "Dit bericht is geen geldige JSON.",
        "bad_message": "Dit bericht mist een veld of heeft een verkeerde waarde.",
        "unknown_type": "Dit soort bericht kent de server niet.",
        "no_session": "Er is geen sessie met deze code.",
        "bad_token": "Deze sleutel hoort niet bij deze sessie.",
        "not_allowed": "Dat mag je hier niet doen.",
        "no_table": "Kies eerst een bestaande tafel.",
        "closed": "Dit kan nu niet: de vraag, de stemming of de sessie is gesloten.",
        "too_long": "Dit antwoord is te lang; maak het korter.",
        "too_many": "Je hebt het maximum bereikt.",
        "rate_limited": "Even rustig aan: probeer het zo opnieuw.",
        "too_big": "Dit bericht is te groot.",
        "slow": "De verbinding liep achter en wordt opnieuw opgebouwd.",
        "bad_set": "Deze vragenset kan niet worden gebruikt.",
    },
    "en": {
        "hello_first": "Join a session first.",
        "bad_json": "This message is not valid JSON.",
        "bad_message": "This message lacks a field or has a wrong value.",
        "unknown_type": "The server does not know this kind of message.",
        "no_session": "There is no session with this code.",
        "bad_token": "This token does not belong to this session.",
        "not_allowed": "You may not do that here.",
        "no_table": "Choose an existing table first.",
        "closed": "Not possible now: the question, the voting or the session is closed.",
        "too_long": "This answer is too long; please shorten it.",
        "too_many": "You have reached the maximum.",
        "rate_limited": "Slow down a little and try again shortly.",
        "too_big": "This message is too big.",
        "slow": "The connection fell behind and will be set up again.",
        "bad_set": "This question set cannot be used.",
    },
}
