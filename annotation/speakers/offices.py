"""Offices before a name: their titles and portfolios (`U.S. Secretary of State`, `Minister of
Economy, Trade and Industry`), and whether a sentence opens with one.
"""

from __future__ import annotations

import re

from annotation.demonyms import country_of
from annotation.words import (
    CANONICAL,
    COUNTRIES,
    NATIONS,
    TITLES,
    Pair,
    unquoted,
)

_MINISTERIAL = frozenset(("minister", "secretary"))  # `The Ministers` of a 2+2 dialogue
_LEADERS = frozenset(("prime", "president", "chancellor", "king", "premier"))


def ministerial(titles: frozenset[str]) -> bool:
    """A minister's or a secretary's office, not a head of government's (`Prime Minister`)."""
    return bool(titles & _MINISTERIAL) and not titles & _LEADERS


def title_follows(text: str, pos: int) -> bool:
    """Does a title follow ``pos`` after a comma (`, Department Spokesperson`)?"""
    m = re.match(r",\s+((?:[A-Z][\w.’'\-]*\s+){0,3}[A-Z][\w.’'\-]*)", text[pos : pos + 80])
    return bool(m) and any(w.lower() in TITLES for w in m.group(1).split())


def titles_before(text: str, pos: int) -> frozenset[str]:
    """The title words of the capitalised phrase right before ``pos``: `U.S. Secretary of State`
    -> {secretary}, `Deputy Secretary` -> {deputy, secretary}."""
    return office_before(text, pos) & TITLES


def office_before(text: str, pos: int) -> frozenset[str]:
    """The words, lowercased, of the office right before ``pos``: `U.S. Secretary of State` ->
    {u.s., secretary, of, state}. An `and` belongs to the office only inside its `of` or `for`
    (`Minister of State for Europe and North America`), not between two people (`Secretary
    Blinken and Foreign Minister`), and so does a comma in a list before such an `and`
    (`Minister of Economy, Trade and Industry`)."""
    found: set[str] = set()
    held: set[str] | None = None  # what was found before an `and`, until an `of` or `for`
    line = text[max(0, pos - 120) : pos].rsplit("\n", 1)[-1]  # an office ends with its line
    words = [unquoted(w) for w in reversed(line.split())]
    for i, word in enumerate(words):
        before = words[i + 1] if i + 1 < len(words) else ""  # the word before it in the text
        if word == "and" and held is None:
            if i and words[i - 1].lower() in TITLES:
                break  # `Blinken and Foreign Minister`: this office begins after the `and`
            held = set(found)
            continue
        if word == "to" and before.lower() in TITLES:
            word = "of"  # `Ambassador to Yemen` names its portfolio like `of`
        listed = word.endswith(",") and held is not None  # `of Economy, Trade and Industry`
        ends = word[-1:] in (".", ",", ";", ":", "!", "?") and not listed
        abbreviation = word.lower() in TITLES or re.fullmatch(r"(?:[A-Z]\.)+", word)
        if not (word[:1].isupper() or word in ("of", "for")) or (ends and not abbreviation):
            break  # a lowercase word or the end of the sentence before
        if held is not None and word.lower() in TITLES and before not in ("of", "for"):
            found = held  # a second person's office before the `and` (not a portfolio's
            break  # `of Foreign Affairs and International Cooperation`)
        if word in ("of", "for"):
            held = None
        found.add(word.lower())
    return frozenset(found if held is None else held)


def place_of_office(text: str, run: list[Pair]) -> bool:
    """Is the capitalised ``run`` the place after a title's `of` or `for` (`Crown Prince of
    Abu Dhabi`), not a person after a `to` (`Adviser to Jake Sullivan`)?"""
    return of_a_title(text, run[0][0]) and not text[: run[0][0]].endswith("to ")


def of_a_title(text: str, pos: int) -> bool:
    """Is the word before ``pos`` the `of`, `for` or `to` of a title (`Prime Minister of`,
    `Ambassador to`)?"""
    lo = max(0, pos - 80)
    before = text[lo:pos].rstrip()
    for word in ("of", "for", "to"):
        if before.endswith(" " + word):
            return bool(titles_before(text, lo + len(before) - len(word)))
    return False


# what makes an office a description: `the` right before it, or `The Secretary and` (one
# article for both offices)
DEFINITE_BEFORE = re.compile(r"(?:\b[Tt]he|\b[Tt]he (?:[A-Z][\w’'\-]* )+and) $")


_MANY_WORD_COUNTRY = re.compile(  # `United States Secretary of State Antony Blinken`
    r"\b(?:" + "|".join(re.escape(c) for c in sorted(COUNTRIES) if " " in c) + r")\b"
)


def opens_with_office(text: str, start: int, pos: int) -> bool:
    """Does the sentence from ``start`` reach the person at ``pos`` through nothing but an
    office: titles, a nation or country (`United States` too), an acronym, `The`, and an `of` or
    `for` with the capitalised portfolio after it (`UK Minister of State for Europe and North
    America`)?"""
    after_of = False
    for word in _MANY_WORD_COUNTRY.sub(" ", text[start:pos]).split():
        w = unquoted(word).rstrip(",")
        low = w.lower()
        after_of = after_of or low in ("of", "for")
        office = low in TITLES or low in NATIONS or w in COUNTRIES or low in ("the", "and")
        acronym = re.fullmatch(r"[A-Z]{2,}|(?:[A-Z]\.)+", w)
        if not (office or acronym or low in ("of", "for") or (after_of and w[:1].isupper())):
            return False
    return True


def with_countries(words: frozenset[str]) -> frozenset[str]:
    """Office words with the words of the countries they name: `u.s.` adds {united, states}."""
    more = [CANONICAL.get(w.upper()) or country_of(w.title()) or "" for w in words]
    return words | frozenset(" ".join(more).lower().split())
