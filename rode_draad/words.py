"""Readable words for labels and the lexical fallback: lemmas (simplemma), Dutch and English stop
lists, and the question's own words left out in every form (by lemma and by stem)."""

from __future__ import annotations

from functools import lru_cache

from dialoogtafel.rode_draad.text import WORD, stem

# Lemmas that say nothing about what an answer is about: function words, "ja" and "nee" alike,
# and everyday verbs and words that glue unrelated answers ("staan", "komen", "vraag", "goed").
_NL = """
aan al alle alles als altijd ander andere anders ben bij daar daarom dan dat de der deze die dit
doen door dus een eens en er even geen haar had hebben heel hem hen het hier hij hoe hun iets ik
in is ja nee jawel neen nou je jij jullie kan kunnen maar me meer men met mij mijn moeten na naar
niet niets nog nu of om omdat onder ons onze ook op over te tegen toch toen tot u uit uw van veel
voor want waren was wat we wel welk welke werd wie wij willen worden zal zullen ze zelf zich zij
zijn zo zoals zonder zou echt graag vooral gaan goed via elkaar ding iemand ieder iedereen manier
soms steeds zeker denken vinden gewoon per staan komen vraag vragen maken krijgen geven zien laten
keer plaats weten zeggen nemen houden liggen zitten blijven beetje erg wel eigenlijk misschien
hoor oke ok oké idee weet vind wordt heb heeft hebt gaat komt staat doet zit ligt
"""
_EN = """
a about all also an and any are as at be been but by can could do does for from had has have he
her his how i if in into is it its me more my no yes not of on or our so some such than that the
their them then there these they this to too us very was we were what when which who will with
would you your get got make go come good
"""
STOPS = {"nl": frozenset(_NL.split()), "en": frozenset(_EN.split())}


@lru_cache(maxsize=65536)
def lemma(word: str, language: str) -> str:
    """The dictionary form of one lower-case word (simplemma; the word itself if unknown)."""
    import simplemma

    found = simplemma.lemmatize(word, lang=language if language in STOPS else "nl")
    return str(found).lower().replace("_", "")  # separable verbs: "af_leggen" -> "afleggen"


def tokens(text: str) -> list[str]:
    """The lower-case words of a text, in order."""
    return [m.group(0).lower() for m in WORD.finditer(text)]


def question_forms(question: str, language: str) -> frozenset[str]:
    """The question's words in every form: each word, its lemma and its stem."""
    out: set[str] = set()
    for w in tokens(question):
        out |= {w, lemma(w, language), stem(w, language)}
    return frozenset(out)


def content(text: str, language: str, banned: frozenset[str] = frozenset()) -> list[str]:
    """The lemmas of a text's content words: no stop words, no form of a banned (question) word."""
    stops = STOPS.get(language, STOPS["nl"])
    out = []
    for w in tokens(text):
        if len(w) < 2 or w in stops:
            continue
        lem = lemma(w, language)
        if lem in stops or _is_banned(w, lem, language, banned):
            continue
        out.append(lem)
    return out


def _is_banned(word: str, lem: str, language: str, banned: frozenset[str]) -> bool:
    """A form of a banned word: the same word, lemma or stem, or a derived form of a long stem
    ("verantwoording" where the question says "verantwoorden")."""
    if {word, lem, stem(word, language), stem(lem, language)} & banned:
        return True
    return any(len(b) >= 6 and (word.startswith(b) or lem.startswith(b)) for b in banned)
