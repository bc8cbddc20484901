"""What a person's name looks like in news text: its words without titles, initials or
accents (:func:`name_words`), the forms it may be called by, and surnames written in capitals
(`HAYASHI Yoshimasa`).
"""

from __future__ import annotations

import re
import unicodedata

from annotation.words import (
    ADDRESSED_OFFICES,
    CANONICAL,
    GIVEN_ALIASES,
    HONORIFICS,
    MODIFIERS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NON_PERSON,
    NOT_NAME_START,
    TITLES,
    TITLES_IN_NAMES,
    unquoted,
    word_kind,
)

# small words inside an office's portfolio: `Minister of State for Europe and North America`
PORTFOLIO_LINKS = frozenset(("of", "for", "and", "&", "with", "the", "on"))


def name_words(phrase: str) -> list[str]:
    """The name part of a mention: words after the last title or description word and after
    an office's portfolio (`Secretary for Relations with States Paul Gallagher`), before an `of`
    that follows a name (`Ted Cruz of Texas`)."""
    words = [unquoted(w) for w in phrase.split()]
    words = [w for w in words if w]
    last = -1
    portfolio = False  # after an office's `of`: `Affairs` in `Minister of Foreign Affairs`
    for i, w in enumerate(words):
        low = w.lower()
        if low in ("of", "for") and i and (portfolio or words[i - 1].lower() in TITLES):
            portfolio = True
        portfolio = portfolio and (w[:1].isupper() or low in PORTFOLIO_LINKS)
        if portfolio and low in NOT_NAME:
            last = i  # `Secretary for Relations with States Paul Gallagher`
            continue
        honoured = i and words[i - 1].lower() in HONORIFICS
        if honoured and w[:1].isupper() and low not in ADDRESSED_OFFICES:
            continue  # `Mr. King`
        if w in TITLES_IN_NAMES and 0 < i < len(words) - 1 and name_shaped(words[i - 1]):
            continue  # `Hassan Sheikh Mohamud`
        if (
            {low, low.removesuffix("s")} & TITLES
            or word_kind(low) in ("noun", "det")
            or low in MODIFIERS
        ):
            last = i
    name = words[last + 1 :]
    if name[:1] and name[0].lower() in ("of", "for"):  # `Secretary of State Mike Pompeo`
        name = name[2:]
    of = next((i for i, w in enumerate(name) if w in ("of", "for")), len(name))
    if of >= 2 and all(map(name_shaped, name[:of])):
        name = name[:of]  # `Sen. Ted Cruz of Texas`, `Joel Pollak of Breitbart California`
    while name[:1] and name[0].lower() in NOT_NAME_START:  # `Those who seek`
        name = name[1:]
    name = [w for w in name if w[:1].isupper() or w in NAME_PARTICLES]
    while name and name[-1] in NAME_PARTICLES:
        name.pop()
    while name and name[0] in NAME_PARTICLES:
        name.pop(0)
    name = without_middle_initials(name)
    if len(name) >= 2 and name[-1] in NAME_SUFFIXES:  # `Brent Bozell, Jr.`: no comma
        name[-2] = name[-2].rstrip(",")
    return name


INITIAL = re.compile(r"[A-Z]\.$")


def without_middle_initials(words: list[str]) -> list[str]:
    """Name words without their middle initials (`Antony J. Blinken` -> Antony Blinken), but
    initials before a lone surname are the given names and stay (`Dr. S. Jaishankar` ->
    S. Jaishankar, guideline §6: the fullest form, without title and middle initial)."""
    named = [w for w in words if not INITIAL.match(w)]
    return words if named == words[-1:] and len(words) > 1 else named


def fold(word: str) -> str:
    """A name word without its accents, to match `Geoană` with `Geoana`."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def surname(name: str) -> str:
    """A name's last word before any suffix, without accents: `Austin` of `Lloyd Austin III`."""
    words = [w for w in name.split() if w not in NAME_SUFFIXES]
    return fold(words[-1]) if words else ""


def name_forms(name: str) -> list[str]:
    """The words a name may be called by: its own, and the informal given names of the
    guideline's alias table (`Tony` for `Antony Blinken`)."""
    return [*name.split(), *sorted(GIVEN_ALIASES.get(name, ()))]


def normal_name(words: list[str]) -> str:
    """Join name words; a hyphenated given name `Jong-un` is written `Jong Un`."""
    out = " ".join(re.sub(r"-([a-z])", lambda m: " " + m.group(1).upper(), w) for w in words)
    return CANONICAL.get(out, out)


NOT_NAME = NON_PERSON | TITLES


def name_shaped(word: str) -> bool:
    """Capitalised like a name (`Çavuşoğlu`, `O’Brien`) or a middle initial, and no title,
    place or organisation word."""
    head = word[2:] if re.match(r"[A-Z][’']", word) else word  # `O’` of `O’Brien`
    plain = head[:1].isupper() and head[1:2].islower() and re.fullmatch(r"[\w’'\-]+", head)
    low = word.lower()  # a title in the plural too, but `Banks` may be a surname
    named = low not in NOT_NAME and singular(low) not in TITLES
    return bool(plain or INITIAL.match(word)) and named


def singular(word: str) -> str:
    """A plural noun's singular, lowercase (`Ministers` -> minister, `Secretaries` -> secretary):
    an office held by several is no name (`Ministers Hayashi, Hagiuda`)."""
    low = word.lower()
    return low[:-3] + "y" if low.endswith("ies") else low.removesuffix("s")


# a surname in capitals before a given name, the Japanese and Korean order of some statements
CAPS_SURNAME = re.compile(r"\b([A-Z]{4,})(?= [A-Z][a-z])")
_GIVEN_NAME = re.compile(r" ([A-Z][a-z][\w’'\-]*)(?![\w’'\-]| [A-Z])")


def capital_surnames(text: str) -> dict[str, str]:
    """Surnames written in capitals before a given name that ends the name, right after an
    office or `H.E.` (`Minister for Foreign Affairs HAYASHI Yoshimasa and`), with their name
    form. Never an acronym: a word in capitals anywhere else in the text without a given
    name after it (`NATO`), or with fewer than two vowels (`PDAS Busby`, `NSA Lovegrove`)."""
    found: dict[str, str] = {}
    for m in CAPS_SURNAME.finditer(text):
        word = m.group(1)
        given = _GIVEN_NAME.match(text, m.end())
        if sum(c in "AEIOU" for c in word) < 2 or not given or not name_shaped(given.group(1)):
            continue
        if re.search(rf"\b{re.escape(given.group(1).lower())}\b", text):
            continue  # a word, not a given name: `Going To HATE It`
        line = text.rfind("\n", 0, m.start()) + 1
        before = text[max(line, m.start() - 80) : m.start()].split()
        office = {w.lower().rstrip(",") for w in before} & (TITLES | {"h.e."})
        if office and before[-1][:1].isupper() and before[-1] != "The":  # `Affairs HAYASHI`
            found[word] = word.capitalize()
    for word in list(found):
        if any(not _GIVEN_NAME.match(text, m.end()) for m in re.finditer(rf"\b{word}\b", text)):
            del found[word]  # `NATO Allies` here, `NATO` alone there: an acronym
    return found


def honorific_pronouns(text: str) -> dict[str, str]:
    """`he` or `she` for each surname the text gives an honorific (`Mr. Biden`, `Mrs. Clinton`),
    folded; a surname given both (`Mr. and Mrs. Clinton`) is left out."""
    found: dict[str, str] = {}
    for m in re.finditer(r"\b(Mr|Mrs|Ms|Miss)\.?\s+([A-Z][\w’'\-]+)", text):
        name, pronoun = fold(m.group(2)), "he" if m.group(1) == "Mr" else "she"
        found[name] = pronoun if found.get(name, pronoun) == pronoun else ""
    return {k: v for k, v in found.items() if v}
