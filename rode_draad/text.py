"""Words of an answer for grouping: lower case, stop words out, Dutch or English stems."""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")

# Function words that say nothing about what an answer is about. Kept short and in the open:
# the snowball lists plus words that answers to these questions use everywhere.
_NL = """
aan al alle alles als altijd ander andere ben bij daar dan dat de der deze die dit doen door dus
een eens en er even geen haar had heb hebben heeft hem hen het hier hij hoe hun iets ik in is ja
je jij kan kon kunnen maar me meer men met mij mijn moet moeten na naar niet niets nog nu of om
omdat onder ons onze ook op over te tegen toch toen tot u uit uw van veel voor want waren was wat
we wel welk welke werd wie wij wil willen worden wordt zal ze zelf zich zij zijn zo zoals zonder
zou zouden echt heel graag vooral gaat gaan goed via elkaar dingen iemand ieder iedereen manier
soms steeds zeker denk vind gewoon per
"""
_EN = """
a about all also an and any are as at be been but by can could do does for from had has have he
her his how i if in into is it its me more my no not of on or our so some such than that the
their them then there these they this to too us very was we were what when which who will with
would you your
"""
STOP_WORDS = {"nl": frozenset(_NL.split()), "en": frozenset(_EN.split())}
STEMMERS = {"nl": "dutch", "en": "english"}


@lru_cache(maxsize=2)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(STEMMERS.get(language, "dutch"))


@lru_cache(maxsize=65536)
def stem(word: str, language: str) -> str:
    """The stem of one lower-case word (memoized: answers repeat their words)."""
    return str(_stemmer(language).stemWord(word))


def stop_words(language: str, extra: frozenset[str] = frozenset()) -> frozenset[str]:
    """The language's stop words and the extra ones (the question's own words)."""
    return STOP_WORDS.get(language, STOP_WORDS["nl"]) | extra


def words(text: str, language: str, stops: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """(stem, surface word) for each content word of the text, in order."""
    stops = stop_words(language) if stops is None else stops
    out = []
    for match in WORD.finditer(text):
        surface = match.group(0)
        lower = surface.lower()
        if len(lower) > 1 and lower not in stops:
            out.append((stem(lower, language), lower))
    return out
