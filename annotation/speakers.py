"""Canonical speakers: the name a mention stands for, by transparent rules.

Shared by the baseline (:mod:`annotation.baseline`) and the model (:mod:`training.pipeline`),
which finds its own mentions and resolves them with :class:`SpeakerResolver`.

The canonical ``speaker`` is the name without titles, middle initials or determiner (capitals
mapped to countries, a bare surname expanded to the full name met in the text, accents aside,
``bin``/``de`` and ``Jr.`` kept, an office's portfolio never part of a name); a title
description (``the Secretary``, ``the Deputy Secretary``, ``the Secretary of Foreign Affairs``)
takes the most recent person introduced with exactly those titles (``Secretary of State Antony
J. Blinken``, or ``Deputy Secretary Sherman`` when the text never gives her full name), in an
office with the description's portfolio, when there is one (courtesies such as ``Sheikh`` aside),
or no one when no one held it; other definite singular person descriptions (``the Russian
leader``) take the most recent full person name; ``he``/``she`` take the
person named (in full or by title and surname) or described by title last before them, or,
opening a sentence, the person the sentence before opens with when it names others too, but
not one the text calls by the other's honorific (``Mr. Biden``, ``Mrs. Clinton``); in a
transcript, first person is the turn's speaker (an unnamed briefer is the label,
``Senior State Department Official Two``);
``Putin and Kim`` and ``the two`` (after them) give ``Kim Jong Un & Vladimir Putin``; a bare
plural gives the group (``analysts``); an organisation keeps its whole name (``The New York
Times`` -> ``New York Times``, ``the Department of State`` -> ``Department of State``); a
government is its country (``the Cuban Government`` -> ``Cuba``); an appositive or a
parenthesis after a name is dropped (``Donna Brazile, the interim chairwoman``, ``Jim Jordan
(R-Ohio)``); an acronym the text defines resolves to the name it spells out (``the U.S. CDC``
-> ``Centers for Disease Control and Prevention``); ``the Court`` or ``the Council`` is the
organisation with that head the text named last; a pope keeps his title (``Pope Francis``);
``they`` is the people the sentence before names or describes by title, when there are two or
more (those who met, not those named in what they discussed); ``The Ministers`` of a joint
statement are the ministers and secretaries who met; ``it`` and other descriptions give None.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter

from annotation.demonyms import country_of
from annotation.schema import Span
from annotation.words import (
    ADDRESSED_OFFICES,
    CANONICAL,
    COUNTRIES,
    GIVEN_ALIASES,
    HONORIFICS,
    INSTITUTION_HEADS,
    MODIFIERS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NATIONS,
    NON_PERSON,
    NOT_NAME_START,
    ORG_HEADS,
    PERSON_NOUNS,
    POSSESSIVE_PRONOUNS,
    TITLES,
    TITLES_IN_NAMES,
    UTTERANCE_NOUNS,
    Pair,
    find_quotations,
    in_quotation,
    unquoted,
    word_kind,
    word_spans,
)

# small words inside an office's portfolio: `Minister of State for Europe and North America`
_PORTFOLIO_LINKS = frozenset(("of", "for", "and", "&", "with", "the", "on"))


def _name_words(phrase: str) -> list[str]:
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
        portfolio = portfolio and (w[:1].isupper() or low in _PORTFOLIO_LINKS)
        if portfolio and low in _NOT_NAME:
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
    name = _without_middle_initials(name)
    if len(name) >= 2 and name[-1] in NAME_SUFFIXES:  # `Brent Bozell, Jr.`: no comma
        name[-2] = name[-2].rstrip(",")
    return name


_INITIAL = re.compile(r"[A-Z]\.$")
_NOT_CALLED = NAME_PARTICLES | TITLES_IN_NAMES | NAME_SUFFIXES  # no one is called `bin` alone


def _without_middle_initials(words: list[str]) -> list[str]:
    """Name words without their middle initials (`Antony J. Blinken` -> Antony Blinken), but
    initials before a lone surname are the given names and stay (`Dr. S. Jaishankar` ->
    S. Jaishankar, guideline §6: the fullest form, without title and middle initial)."""
    named = [w for w in words if not _INITIAL.match(w)]
    return words if named == words[-1:] and len(words) > 1 else named


def _fold(word: str) -> str:
    """A name word without its accents, to match `Geoană` with `Geoana`."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _surname(name: str) -> str:
    """A name's last word before any suffix, without accents: `Austin` of `Lloyd Austin III`."""
    words = [w for w in name.split() if w not in NAME_SUFFIXES]
    return _fold(words[-1]) if words else ""


def _name_forms(name: str) -> list[str]:
    """The words a name may be called by: its own, and the informal given names of the
    guideline's alias table (`Tony` for `Antony Blinken`)."""
    return [*name.split(), *sorted(GIVEN_ALIASES.get(name, ()))]


def _normal(words: list[str]) -> str:
    """Join name words; a hyphenated given name `Jong-un` is written `Jong Un`."""
    out = " ".join(re.sub(r"-([a-z])", lambda m: " " + m.group(1).upper(), w) for w in words)
    return CANONICAL.get(out, out)


_NOT_NAME = NON_PERSON | TITLES
# titles that name a role rather than an office: `the Russian leader` is whoever led it last
_ANY_ONES = frozenset(("leader", "official", "chief"))
# titles of courtesy that may come with an office: `Foreign Minister Sheikh Abdullah`
_OFFICE_NOUNS = PERSON_NOUNS & TITLES  # a plural of one is an office held by several
_MINISTERIAL = frozenset(("minister", "secretary"))  # `The Ministers` of a 2+2 dialogue
_LEADERS = frozenset(("prime", "president", "chancellor", "king", "premier"))


def _ministerial(titles: frozenset[str]) -> bool:
    """A minister's or a secretary's office, not a head of government's (`Prime Minister`)."""
    return bool(titles & _MINISTERIAL) and not titles & _LEADERS


_MINISTERS = re.compile(r"[Tt]he\s+(?:Secretaries\s+and\s+)?Ministers")
_COURTESIES = HONORIFICS | frozenset(("sheikh", "honorable", "honourable", "excellency", "sir"))
_NUMBERED = re.compile(r"[ \t]+\d")
# a generational suffix after a comma: `Teodoro Locsin, Jr.`
_SUFFIX_AFTER = re.compile(r",\s*(Jr\.|Sr\.|II|III|IV)(?![\w.])")
# words written lowercase in an unnamed group: `foreign ministers`
_GROUP_WORDS = TITLES | PERSON_NOUNS | MODIFIERS


def name_shaped(word: str) -> bool:
    """Capitalised like a name (`Çavuşoğlu`, `O’Brien`) or a middle initial, and no title,
    place or organisation word."""
    head = word[2:] if re.match(r"[A-Z][’']", word) else word  # `O’` of `O’Brien`
    plain = head[:1].isupper() and head[1:2].islower() and re.fullmatch(r"[\w’'\-]+", head)
    return bool(plain or _INITIAL.match(word)) and word.lower() not in _NOT_NAME


def _title_follows(text: str, pos: int) -> bool:
    """Does a title follow ``pos`` after a comma (`, Department Spokesperson`)?"""
    m = re.match(r",\s+((?:[A-Z][\w.’'\-]*\s+){0,3}[A-Z][\w.’'\-]*)", text[pos : pos + 80])
    return bool(m) and any(w.lower() in TITLES for w in m.group(1).split())


def _titles_before(text: str, pos: int) -> frozenset[str]:
    """The title words of the capitalised phrase right before ``pos``: `U.S. Secretary of State`
    -> {secretary}, `Deputy Secretary` -> {deputy, secretary}."""
    return _office_before(text, pos) & TITLES


def _office_before(text: str, pos: int) -> frozenset[str]:
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


def _place_of_office(text: str, run: list[Pair]) -> bool:
    """Is the capitalised ``run`` the place after a title's `of` or `for` (`Crown Prince of
    Abu Dhabi`), not a person after a `to` (`Adviser to Jake Sullivan`)?"""
    return _of_a_title(text, run[0][0]) and not text[: run[0][0]].endswith("to ")


def _of_a_title(text: str, pos: int) -> bool:
    """Is the word before ``pos`` the `of`, `for` or `to` of a title (`Prime Minister of`,
    `Ambassador to`)?"""
    lo = max(0, pos - 80)
    before = text[lo:pos].rstrip()
    for word in ("of", "for", "to"):
        if before.endswith(" " + word):
            return bool(_titles_before(text, lo + len(before) - len(word)))
    return False


# what makes an office a description: `the` right before it, or `The Secretary and` (one
# article for both offices)
_DEFINITE_BEFORE = re.compile(r"(?:\b[Tt]he|\b[Tt]he (?:[A-Z][\w’'\-]* )+and) $")


_MANY_WORD_COUNTRY = re.compile(  # `United States Secretary of State Antony Blinken`
    r"\b(?:" + "|".join(re.escape(c) for c in sorted(COUNTRIES) if " " in c) + r")\b"
)


def _opens_with_office(text: str, start: int, pos: int) -> bool:
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


# a surname in capitals before a given name, the Japanese and Korean order of some statements
_CAPS_SURNAME = re.compile(r"\b([A-Z]{4,})(?= [A-Z][a-z])")
_GIVEN_NAME = re.compile(r" ([A-Z][a-z][\w’'\-]*)(?![\w’'\-]| [A-Z])")


def _capital_surnames(text: str) -> dict[str, str]:
    """Surnames written in capitals before a given name that ends the name, right after an
    office or `H.E.` (`Minister for Foreign Affairs HAYASHI Yoshimasa and`), with their name
    form. Never an acronym: a word in capitals anywhere else in the text without a given
    name after it (`NATO`), or with fewer than two vowels (`PDAS Busby`, `NSA Lovegrove`)."""
    found: dict[str, str] = {}
    for m in _CAPS_SURNAME.finditer(text):
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


def _pronouns(text: str) -> dict[str, str]:
    """`he` or `she` for each surname the text gives an honorific (`Mr. Biden`, `Mrs. Clinton`),
    folded; a surname given both (`Mr. and Mrs. Clinton`) is left out."""
    found: dict[str, str] = {}
    for m in re.finditer(r"\b(Mr|Mrs|Ms|Miss)\.?\s+([A-Z][\w’'\-]+)", text):
        name, pronoun = _fold(m.group(2)), "he" if m.group(1) == "Mr" else "she"
        found[name] = pronoun if found.get(name, pronoun) == pronoun else ""
    return {k: v for k, v in found.items() if v}


class People:
    """Person names as they occur (outside quotations), to expand surnames and resolve `he`.

    A name is the tail of a run of capitalised words (at most 3, at least 2 for a new name) that are
    no title, place or organisation word and never occur in lowercase in the text (`Freedom` in
    `Religious Freedom Rashad Hussain` does, as `freedom`)."""

    def __init__(self, text: str, quotations: list[Pair]) -> None:
        self.surnames = _capital_surnames(text)  # `HAYASHI` -> `Hayashi`
        text = self.recase(text)  # same length: offsets hold
        self.text = text
        self.sentences = [0, *(m.end() for m in SENTENCE_END.finditer(text))]  # start offsets
        self.seen: list[tuple[int, str]] = []
        self.titled: list[tuple[int, str, frozenset[str]]] = []  # `Secretary Blinken`
        self.described: list[tuple[int, str]] = []  # `the Secretary`, resolved
        self.owners: list[tuple[int, str]] = []  # `President Biden’s speech`
        self.groups: dict[int, list[str]] = {}  # `The Ministers`, resolved
        self.common = set(re.findall(r"\b[a-z][\w’'\-]*", text))
        self.acronyms = _acronyms(text)
        self.organisations = _organisations(text)
        known: dict[str, str] = {}
        words = [w for w in word_spans(text, 0, len(text)) if not in_quotation(w[0], quotations)]
        run: list[Pair] = []
        for i, (a, b) in enumerate([*words, (len(text) + 1, len(text) + 1)]):
            word = text[a:b]
            # an owner ends its name: `President Biden’s speech` mentions Biden
            owner = bool(_POSSESSIVE.search(word)) and word_kind(word[:-2]) == "cap"
            if owner:
                b, word = b - 2, word[:-2]
            gap = text[run[-1][1] : a] if run else ""
            joined = run and not gap.strip() and "\n" not in gap  # a run ends with its line
            cap = i < len(words) and word_kind(word) == "cap"
            if (cap and (joined or not run)) or (joined and word in NAME_PARTICLES):
                run.append((a, b))
            else:
                if run:
                    self._add(text, run, known)
                run = [(a, b)] if cap else []
            if owner and run:  # a mention for `he`, but no participant (`last_pair`)
                seen, titled = len(self.seen), len(self.titled)
                self._add(text, run, known)
                found = [*self.seen[seen:], *((p, n) for p, n, _ in self.titled[titled:])]
                self.owners += dict.fromkeys(found)  # a titled name is in both
                del self.seen[seen:], self.titled[titled:]
                run = []
        # honorifics tell `he` from `she` for a surname that only one person named here bears
        bearers = Counter(_surname(n) for n in {n for _, n in self.seen})
        self.pronouns = {k: v for k, v in _pronouns(text).items() if bearers[k] <= 1}

    def recase(self, phrase: str) -> str:
        """``phrase`` with each surname written in capitals before a given name (as found in
        the text) written as a name: `HAYASHI Yoshimasa` -> `Hayashi Yoshimasa`."""
        if not self.surnames:
            return phrase
        return _CAPS_SURNAME.sub(lambda m: self.surnames.get(m.group(1), m.group(1)), phrase)

    def _add(self, text: str, run: list[Pair], known: dict[str, str]) -> None:
        while run and text[slice(*run[-1])] in NAME_PARTICLES:
            run = run[:-1]  # `Abdullah bin` before a line break
        if _NUMBERED.match(text, run[-1][1]):
            return  # a thing's name goes on with a number, a person's does not: `Nord Stream 2`
        start = run[0][0]
        definite = _DEFINITE_BEFORE.search(text[max(0, start - 60) : start])
        if text[start : run[-1][1]] == "Ministers" and definite:
            self.groups[start] = self.ministers(start)  # `The Ministers`: those who met
            self.described += [(start, n) for n in self.groups[start]]  # for a later `They`
            return
        # the name is the longest tail of personal words: `Russian President Vladimir Putin`
        titled = _title_follows(text, run[-1][1])
        first = len(run) - len(self.person_tail([text[a:b] for a, b in run], titled))
        if first == len(run):
            self._description(text, run)
            return
        if first < len(run) - 1 and text[slice(*run[first])].endswith("ing"):
            first += 1  # a sentence-initial participle: `Accompanying Kim`
        words = _without_middle_initials([text[a:b] for a, b in run[first:]])
        if first == 0 and len(words) == 3 and _of_a_title(text, run[0][0]):
            words = words[1:]  # `Prime Minister of Estonia Kaja Kallas`
            first = 1
        elif first == 0 and text.startswith(",", run[-1][1]) and _place_of_office(text, run):
            return  # `Crown Prince of Abu Dhabi, Sheikh Mohamed`: its holder follows the comma
        start = run[min(first, len(run) - 1)][0]
        suffix = _SUFFIX_AFTER.match(text, run[-1][1])  # `Teodoro Locsin, Jr.`
        if suffix and words[-1] not in NAME_SUFFIXES:
            words.append(suffix.group(1))
        core = [w for w in words if w not in NAME_SUFFIXES]  # `Marcos` of `Marcos Jr.`
        if len(core) >= 2:
            full = self.fuller(_normal(words), start)
            if full in COUNTRIES:
                return  # `El Salvador`, though `Salvador` may be a given name
            for w in _name_forms(full):
                if w not in _NOT_CALLED and not _INITIAL.match(w):  # `Blinken`, `Tony`
                    known[_fold(w)] = full
            known[_fold(core[-1])] = full
            self._saw(text, start, full)
        elif len(core) == 1 and _fold(core[0]) in known:
            self._saw(text, start, known[_fold(core[0])])
        elif len(core) == 1 and (titles := _titles_before(text, start)):
            # `Deputy Secretary Sherman`, never named in full: found by `the Deputy Secretary`;
            # a pope keeps the title his name needs (guideline §6): `Pope Francis`
            if _of_a_title(text, start):
                return  # a portfolio: `Secretary for Relations`
            if (plural := core[0].lower().rstrip("’'")).endswith("s") and plural[:-1] in TITLES:
                self._description(text, run)  # an office held by several: `Foreign Ministers`
                return
            name = " ".join(words)
            self.titled.append((start, "Pope " + name if "pope" in titles else name, titles))

    def _description(self, text: str, run: list[Pair]) -> None:
        """Count `the Deputy Secretary` or `the National Security Advisor` as a mention of the
        person last titled so, so that a later `she` (or `they`, after two such) finds them
        rather than someone named in between; after `The Secretary and`, the article covers
        the next office too (`Foreign Minister`)."""
        words = [text[a:b] for a, b in run]
        body = words[1:] if words[0] == "The" else words
        before = text[max(0, run[0][0] - 60) : run[0][0]]
        definite = body is not words or bool(_DEFINITE_BEFORE.search(before))
        titles = frozenset(w.lower() for w in body) & TITLES
        last = unquoted(body[-1]).lower()
        if definite and last.endswith("s") and last[:-1] in _OFFICE_NOUNS:
            if titles:  # `the Foreign Ministers`
                self._holders(run[0][0], titles | {last[:-1]})
            return
        if not definite or not titles or last not in TITLES:
            return  # an office ends in a title: `the National Security Advisor`
        if last in PERSON_NOUNS:
            name = self.last_titled(run[0][0], titles)
            if name:
                self.described.append((run[0][0], name))

    def _holders(self, pos: int, titles: frozenset[str]) -> None:
        """Count `the Foreign Ministers` as a mention of each person named before ``pos`` with
        all these titles, when there are two or more (`Foreign Minister Hayashi Yoshimasa and
        ROK Minister of Foreign Affairs Chung Eui-yong`)."""
        names = list(dict.fromkeys(n for p, n, t in self.titled if p < pos and titles <= t))
        if len(names) >= 2:
            self.described += [(pos, name) for name in names]

    def _saw(self, text: str, start: int, name: str) -> None:
        self.seen.append((start, name))
        titles = _titles_before(text, start)
        if titles:
            self.titled.append((start, name, titles))

    def _personal(self, word: str) -> bool:
        """A word that may be part of a person's name (or a middle initial)."""
        return name_shaped(word) and word.lower() not in self.common

    def person_tail(self, words: list[str], title_after: bool = False) -> list[str]:
        """The last (at most 3) words of ``words`` that may form a person's name.

        Next to a title, a given name and a name-shaped surname are a name even when the surname
        also occurs in lowercase: `Spokesperson Ned Price`, or `Ned Price, Department
        Spokesperson` (``title_after``), in an article that also says `price`."""
        if words[-1:] and words[-1] in NAME_SUFFIXES:  # `Harry Hurt III`
            tail = self.person_tail(words[:-1], title_after)
            return [*tail, words[-1]] if tail else []
        tail: list[str] = []
        for i in range(len(words) - 1, -1, -1):
            w = words[i]
            inside = w in TITLES_IN_NAMES and i and self._personal(words[i - 1])
            if (w in NAME_PARTICLES or inside) and tail:
                tail.insert(0, w)  # `bin` in `Mohammed bin Abdulrahman`, `Sheikh`: not counted
                continue
            particles = sum(t in NAME_PARTICLES or t in TITLES_IN_NAMES for t in tail)
            links = max(bool(particles), sum(t in NAME_PARTICLES for t in tail))
            if len(tail) - particles == 3 + links or not self._personal(w):
                break  # at most 3 name words, one more per `bin` (`Faisal bin Farhan Al Saud`)
            tail.insert(0, w)
        while tail and tail[0] in NAME_PARTICLES:
            tail.pop(0)
        if len(tail) < 2 and len(words) >= 2:
            titled = title_after or (len(words) >= 3 and words[-3].lower() in TITLES)
            if titled and self._personal(words[-2]) and name_shaped(words[-1]):
                return words[-2:]
        return tail

    def last_before(self, pos: int) -> str | None:
        """The most recent person named before ``pos``."""
        names = [n for p, n in self.seen if p < pos]
        return names[-1] if names else None

    def last_mentioned(self, pos: int, pronoun: str = "", other_than: str = "") -> str | None:
        """The person named or described (`the Deputy Secretary`) last before ``pos``: what
        `he` or `she` (the ``pronoun``) stands for, skipping anyone the text calls by the
        other's honorific (`She` after `Mrs. Clinton ... Mr. Biden` is Clinton) and the
        speaker ``other_than`` whose turn it is."""
        titled = [(p, n) for p, n, _ in self.titled]  # `Secretary Blinken`, never named in full
        # the speaker by name, or by surname alone (`Secretary Raimondo`), not a relative
        speaking = {_fold(other_than), _surname(other_than)} if other_than else set()
        mentions = sorted(
            m
            for m in [*self.seen, *self.described, *titled, *self.owners]
            if m[0] < pos
            and self.pronouns.get(_surname(m[1]), pronoun) == pronoun
            and _fold(m[1]) not in speaking
        )
        subject = self._subject(pos, mentions, pronoun, other_than)
        return subject or (mentions[-1][1] if mentions else None)

    def _subject(
        self, pos: int, mentions: list[tuple[int, str]], pronoun: str, other_than: str
    ) -> str | None:
        """For a pronoun opening a sentence, the person the sentence before opens with, when
        it names someone else later (`Assistant Secretary Phee will meet President Déby. She
        will discuss` is Phee), or whom that sentence's own opening `she` stands for (`She
        praised Prime Minister Chinh’s visit. She also ...`): the subject carries on."""
        at = bisect_right(self.sentences, pos) - 1
        if at < 1 or self.text[self.sentences[at] : pos].strip(" \t\n\"“‘'("):
            return None
        start, end = self.sentences[at - 1], self.sentences[at]
        opener = re.match(r"[\s\"“‘'(]*(he|she)\b", self.text[start:end], flags=re.I)
        if pronoun and opener and opener.group(1).lower() == pronoun:
            return self.last_mentioned(start + opener.start(1), pronoun, other_than)
        inside = [(p, n) for p, n in mentions if start <= p < end]
        if len({n for _, n in inside}) < 2:
            return None
        return inside[0][1] if _opens_with_office(self.text, start, inside[0][0]) else None

    def last_pair(self, pos: int) -> str | None:
        """The two people named last with a title before ``pos``, joined A-Z (`Kim Jong Un &
        Vladimir Putin`), or None when fewer than two were named. Only titled names count: the
        participants of a meeting come with their offices, and a capitalised run without one is
        often no person (`Abraham Accords`)."""
        pair: list[str] = []
        for _, name, _ in reversed([t for t in self.titled if t[0] < pos]):
            if name not in pair:
                pair.append(name)
            if len(pair) == 2:
                return " & ".join(sorted(pair, key=str.lower))
        return None

    def last_group(self, pos: int) -> str | None:
        """What `They` or `The participants` at ``pos`` stands for: the people named with a title
        or described by one (`the Secretary`) in the sentence before, joined A-Z, when there are
        two or more; or in its own sentence, when that opens with them (`Deputy Secretary
        Sherman and Secretary General Sannino agreed ..., and they discussed`). Going back, a
        sentence is looked through when it has such a reference itself (`The participants
        discussed ... They also ...`) or, before a `They` that opens its sentence, one person
        alone who then belongs to the group (`The Secretary noted ...`, `Deputy Secretary
        Sherman and her counterparts condemned ...`); any other sentence ends the search."""
        k = bisect_right(self.sentences, pos) - 1
        mentions = sorted([*((p, n) for p, n, _ in self.titled), *self.described])
        alone: set[str] = set()  # people met one to a sentence on the way back
        initial = not self.text[self.sentences[k] : pos].strip()  # `They` opens its sentence
        ends = [pos, *reversed(self.sentences[1 : k + 1])]
        for i, (start, end) in enumerate(zip(reversed(self.sentences[: k + 1]), ends, strict=True)):
            found = _main_clause([(p, n) for p, n in mentions if start <= p < end], self.text)
            names = list(dict.fromkeys(n for _, n in found))
            if len(names) >= 2 and (i or _opens_with_office(self.text, start, found[0][0])):
                return " & ".join(sorted(names, key=str.lower)) if alone <= set(names) else None
            if i and not _GROUP_WORD.search(self.text, start, end) and not (initial and names):
                return None
            alone.update(names)
        return None

    def ministers(self, pos: int) -> list[str]:
        """Who `The Ministers` at ``pos`` are (scheme section 6: a plural subject is all
        participants): the ministers and secretaries who met, two or more, named with their
        offices at the start of a sentence (`Secretary of State Antony J. Blinken and Secretary
        of Defense Lloyd J. Austin III welcomed Minister of Defence Rajnath Singh and Minister of
        External Affairs Dr. S. Jaishankar ...`). That sentence is this one, the one before (or
        the group of a `The Ministers` in it), else the first such sentence of the text: a joint
        statement names them once. Empty when no such sentence comes before."""
        k = bisect_right(self.sentences, pos) - 1
        bounds = list(zip(self.sentences[: k + 1], [*self.sentences[1 : k + 1], pos], strict=True))
        group = self._met(*bounds[-1])
        if group is None and k:
            start, end = bounds[-2]
            earlier = [p for p in self.groups if start <= p < end]
            group = self.groups[earlier[-1]] if earlier else self._met(start, end)
        if group is None:
            group = next((g for b in bounds if (g := self._met(*b)) is not None), None)
        return group or []

    def _met(self, start: int, end: int) -> list[str] | None:
        """The ministers and secretaries among the people named at the start of the sentence
        [start, end), in its main clause, when two or more (not a prime minister or president
        they met); else None."""
        titled = [(p, n, t) for p, n, t in self.titled if start <= p < end]
        found = _main_clause([(p, n) for p, n, _ in titled], self.text)
        if not found or not _opens_with_office(self.text, start, found[0][0]):
            return None
        found = set(found)
        ministers = [n for p, n, t in titled if (p, n) in found and _ministerial(t)]
        names = list(dict.fromkeys(ministers))
        return names if len(names) >= 2 else None

    def last_titled(
        self, pos: int, titles: frozenset[str], portfolio: frozenset[str] = frozenset()
    ) -> str | None:
        """The most recent person named before ``pos`` with exactly these titles (courtesies
        aside), and in an office with these portfolio words (`the President of Mexico`:
        `Mexican President`)."""
        names = [
            n
            for p, n, t in self.titled
            if p < pos
            and titles <= t
            and t - titles <= _COURTESIES  # `Foreign Minister Sheikh Abdullah`
            and (not portfolio or portfolio <= _with_countries(_office_before(self.text, p)))
        ]
        return names[-1] if names else None

    def last_organisation(self, head: str, pos: int) -> str | None:
        """The organisation with this head word (`council`) named last before ``pos``."""
        names = [n for p, n, h in self.organisations if p < pos and h == head]
        return names[-1] if names else None

    def fuller(self, name: str, pos: int) -> str:
        """A name with initials for its given names as the person with that surname and
        initial named before ``pos`` (`A. Yaskin` after `Andrei Yaskin`), else ``name``."""
        given = name.split()[0]
        full = self.expand(name.split()[-1], pos) if _INITIAL.match(given) else None
        return full if full and full[0] == given[0] else name

    def expand(self, word: str, pos: int, suffix: str = "") -> str | None:
        """The full name a bare surname or given name stands for, preferring earlier mentions
        and names with a suffix only after one (`Donald Jr.`); else a name given only with a
        title that is part of it (`Francis` -> `Pope Francis`)."""
        # a turn label's `Mckeon` or `MCKEON` is `McKeon`; an acronym (`UN`) is no `Un`
        caseless = word.istitle() or (word.isupper() and len(word) > 3)
        fold = (lambda w: _fold(w).casefold()) if caseless else _fold
        found = [(p, n) for p, n in self.seen if fold(word) in map(fold, _name_forms(n))]
        # `Mr. Trump` is not `Donald Trump Jr.` when the father is named, `Donald Jr.` is
        kind = [(p, n) for p, n in found if (n.split()[-1] in NAME_SUFFIXES) == bool(suffix)]
        found = kind or found
        before = [n for p, n in found if p < pos]
        after = [n for p, n in found if p >= pos]
        papal = [n for _, n, _ in self.titled if n == "Pope " + _fold(word)]
        return (before[-1:] or after[:1] or papal[:1] or [None])[0]


# a capitalised name and the acronym defined after it in parentheses: `the U.S. Centers for
# Disease Control and Prevention (CDC)`
_DEFINED = re.compile(
    r"((?:(?:[A-Z]\.)+|[A-Z][\w’'\-]*)(?: (?:(?:[A-Z]\.)+|[A-Z][\w’'\-]*|of|for|and|on|the))*)"
    r" \(([A-Z]{2,8})\)"
)


def _acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines, each with the name it stands for: the shortest tail of the
    capitalised phrase before it whose capitals begin with its letters (`CDC` -> `Centers for
    Disease Control and Prevention`, `USAID` -> `U.S. Agency for International Development`)."""
    found = {}
    for m in _DEFINED.finditer(text):
        words, acronym = m.group(1).split(), m.group(2)
        for i in range(len(words) - 1, -1, -1):
            capitals = [w for w in words[i:] if w[:1].isupper()]
            letters = "".join(w.replace(".", "") if "." in w else w[0] for w in capitals)
            if words[i][:1].isupper() and letters.startswith(acronym):
                found.setdefault(acronym, re.sub(r"[’']s$", "", " ".join(words[i:])))
                break
    return found


# a capitalised phrase, with the small words an organisation's name may hold
_CAPITALISED = re.compile(
    r"(?:[A-Z][\w’'\-]*|(?:[A-Z]\.)+)(?: (?:(?:[A-Z]\.)+|[A-Z][\w’'\-]*|of|for|and|on|in|the))*"
)


def _organisations(text: str) -> list[tuple[int, str, str]]:
    """Organisations the text names, as (position, name, head word): the longest organisation
    name (:func:`_organisation`) in each capitalised phrase, leftmost first (`the UN Security
    Council` -> `UN Security Council`, head `council`)."""
    found = []
    for m in _CAPITALISED.finditer(text):
        words = m.group().split()
        spans = [(i, j) for i in range(len(words)) for j in range(len(words), i + 1, -1)]
        for i, j in sorted(spans, key=lambda ij: (ij[0] - ij[1], ij[0])):
            name = _organisation(" ".join(words[i:j]))
            if name:
                of = next((k for k, w in enumerate(words[i:j]) if w in ("of", "for")), j - i)
                head = words[i:j][of - 1].lower() if of else words[j - 1].lower()
                found.append((m.start() + len(" ".join(words[:i])) + bool(i), name, head))
                break
    return found


# lowercase words allowed inside an organisation's name after its `of`
_INSIDE_NAMES = frozenset(("and", "in", "on"))


def _organisation(phrase: str) -> str | None:
    """An organisation's capitalised name, whole and without its article: `New York Times`.

    The mention must be nothing else (`the State Department official` is a person) and end in an
    organisation head word (`Department`, or `Times` in `The Times of Israel`), with no title.
    After its `of` or `for`, the name may hold `and`, `in`, `on` and commas (`Department of
    Health and Human Services`, `Bureau of Democracy, Human Rights, and Labor`), unless what
    follows an `and` is an organisation of its own (`the Department of State and the Ministry
    of Defense`, `... and USAID`)."""
    words = [unquoted(w) for w in phrase.split()]
    if words[:1] and words[0].lower() == "the":
        words = words[1:]
    of = next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))
    capitalised = all(
        w[:1].isupper()
        or (0 < i < len(words) - 1 and (w in ("of", "for") or (i > of and w in _INSIDE_NAMES)))
        for i, w in enumerate(words)
    )
    if len(words) < 2 or not capitalised or word_kind(words[0]) == "det":
        return None
    if "and" in words:
        after = words[words.index("and") + 1 :]
        if any(w in ("of", "for") or re.fullmatch(r"[A-Z]{2,}", w) for w in after):
            return None
    head = words[of - 1] if 0 < of < len(words) else words[-1]
    portfolio = {of + 1} if of < len(words) - 1 else set()  # `Court of Justice`
    titled = {w.lower().rstrip(",") for i, w in enumerate(words) if i not in portfolio} & TITLES
    if head.lower() not in ORG_HEADS or titled:
        return None
    name = " ".join(words)
    return CANONICAL.get(name, name)


# an appositive after a name: `Donna Brazile, the interim chairwoman`, `Jim Jordan (R-Ohio)`,
# `Benjamin Green, 83`
_APPOSITIVE = re.compile(r"\s*\(|,\s+(?=(?:a|an|the|who|which|whose)\b|[a-z0-9])")


# a plural subject for the two people last named with a title (scheme section 6): `Both leaders`,
# `The two`. Not `both` alone or `the two sides`: on State Department releases those were as often
# delegations, or a framing line's spokesperson, as the two people named last.
_PAIR = re.compile(r"the two|(?:the two|both) (?:leaders|ministers|presidents)", re.I)


# a plural subject for the people named in the sentence before: `They discussed ...` after
# `Secretary Blinken and Foreign Minister Chung highlighted ...`, or `The participants` after a
# call's titled list
_GROUP = r"(?:they|the participants)\b"
_GROUP_REFERENCE = re.compile(r"\s*" + _GROUP, re.I)  # the whole mention
# where a sentence's meeting ends and what it is about begins: `... met with Foreign Minister
# Cho to discuss the Summit between President Biden and President Yoon`
_SUBORDINATE = re.compile(
    r"\b(?:to (?!the\b)[a-z]+|for [a-z]+|between|from|about|regarding|accountable)\b"
)
# anywhere in a sentence: a reference to the same group, which a `They` looks through (`The two
# sides reiterated ... They`)
_GROUP_WORD = re.compile(
    r"\b(?:" + _GROUP + r"|both (?:sides|leaders|ministers)|the leaders\b|the two(?= (?:[a-z]+ed|"
    r"[a-z]+ly|(?:[a-z]+ ){0,2}(?:sides|leaders|ministers|officials|delegations|countries))\b))",
    re.I,
)
# a sentence ends at . ! ? (a closing quotation mark may follow) before a capital, not after an
# initial (`John F. Kennedy`, `U.S. Ambassador`) or `Mr.`, `Dr.`; and at a line break
SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)[.!?][”’\"']?\s+(?=[“\"A-Z])|\n\s*"
)


# a government named by its country: `the Government of Russia`, `the Cuban Government`,
# `the Kingdom of Bahrain` (scheme section 3: governments map to the country)
_STATE_OF = re.compile(
    r"(?:Governments?|Kingdom|Republic|State|Sultanate)\s+of\s+(?:the\s+)?(.+)", re.I
)
_GOVERNMENT = re.compile(r"(.+?)(?:[’']s)?\s+government", re.I)
_POSSESSIVE = re.compile(r"\w[’']s$")


def _main_clause(found: list[tuple[int, str]], text: str) -> list[tuple[int, str]]:
    """The people of a sentence up to the first subordinate phrase after two of them: those
    who met or spoke, not those named in what they discussed (Biden and Yoon above)."""
    names = {n for _, n in found}
    if len(names) < 3:
        return found
    seen: set[str] = set()
    for (p, n), (q, _) in zip(found, found[1:], strict=False):
        seen.add(n)
        if len(seen) >= 2 and _SUBORDINATE.search(text, p, q):
            return [(r, m) for r, m in found if r <= p]
    return found


def _whole_name(phrase: str) -> str | None:
    """The canonical name of a whole mention: an alias (`the PRC`, `the People’s Republic of
    China`, `Tony Blinken`), a country with `and` in its name (`Trinidad and Tobago`), or a
    government named by its country (`the Cuban Government`)."""
    bare = re.sub(r"^the\s+", "", phrase, flags=re.I)
    if " and " in bare and bare in COUNTRIES:  # `Bosnia and Herzegovina`: one country
        return bare
    m = _STATE_OF.fullmatch(bare) or _GOVERNMENT.fullmatch(bare)
    if not m:
        return CANONICAL.get(bare)
    name = m.group(1)
    return CANONICAL.get(name) or country_of(name) or (name if name in COUNTRIES else None)


def _owner(words: list[str]) -> int | None:
    """The index of the possessive that owns the rest of a mention: a leading `his` (or `her`,
    `their`, `its`) before more words, else the first word ending in `’s`."""
    if len(words) > 1 and words[0].lower() in POSSESSIVE_PRONOUNS:
        return 0
    return next((i for i, w in enumerate(words) if _POSSESSIVE.search(unquoted(w))), None)


def _with_countries(words: frozenset[str]) -> frozenset[str]:
    """Office words with the words of the countries they name: `u.s.` adds {united, states}."""
    more = [CANONICAL.get(w.upper()) or country_of(w.title()) or "" for w in words]
    return words | frozenset(" ".join(more).lower().split())


def _office_head(words: list[str]) -> str | None:
    """The person noun an office ends in before its portfolio: `secretary` in `Secretary of
    Foreign Affairs` or `the Deputy Secretary`, or None."""
    of = next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))
    head = unquoted(words[of - 1]).lower() if of else ""
    return head if head in PERSON_NOUNS else None


def canonical_speaker(phrase: str, pos: int, people: People) -> str | None:
    """Canonical speaker for a mention (see the module docstring)."""
    phrase = people.recase(phrase.strip().rstrip(",;:"))
    if not phrase:
        return None
    whole = _whole_name(phrase) or _organisation(phrase)  # before `and` and commas split it
    if whole:
        return whole
    acronym = re.sub(r"^(?:the\s+)?(?:U\.S\.\s+)?", "", phrase, flags=re.I)
    if acronym in people.acronyms:  # `the U.S. CDC`: the name the text spelled out
        return people.acronyms[acronym]
    items = _list_items(phrase)
    if items:  # `Deputy Secretary Sherman, Minister Lee, and Vice Minister Choi`
        return _joined([canonical_speaker(p, pos, people) for p in items])
    head = _APPOSITIVE.split(phrase, maxsplit=1)[0].strip()
    if head and head != phrase:
        return canonical_speaker(head, pos, people)
    words = phrase.split()
    owner = _owner(words)
    if owner is not None:  # `His remarks` / `Blinken’s remarks` are his; `his spokesman` is not
        rest = " ".join(words[owner + 1 :])
        if _name_words(rest) and word_kind(words[-1]) == "cap":
            return canonical_speaker(rest, pos, people)  # `Russia’s Foreign Minister Sergei Lavrov`
        if rest and unquoted(words[-1]).lower() not in UTTERANCE_NOUNS:
            return None  # `his spokesman`, `Austin Tice’s parents`: someone else
        pronoun = POSSESSIVE_PRONOUNS.get(words[owner].lower())
        owned = pronoun or " ".join([*words[:owner], unquoted(words[owner])[:-2]])
        return canonical_speaker(owned, pos, people)
    if _PAIR.fullmatch(phrase.strip()):
        return people.last_pair(pos)
    if _MINISTERS.fullmatch(phrase):  # those who met (`People.ministers`)
        return _joined(group) if (group := people.ministers(pos)) else None
    parts = _joined_parts(phrase)
    if len(parts) > 1 and parts[0].split()[0].lower() == "the":
        # `The Secretary and Foreign Minister`: the article covers both titles
        parts = [
            "the " + p if p.split()[0].lower() in TITLES and _office_head(p.split()) else p
            for p in parts
        ]
    if len(parts) > 1:
        return _joined([canonical_speaker(p, pos, people) for p in parts])
    low = phrase.lower()
    if low in ("he", "she"):
        return people.last_mentioned(pos, low)
    if _GROUP_REFERENCE.fullmatch(phrase):
        return people.last_group(pos)
    if low in ("it", "you"):
        return None  # `you` has a speaker only in a transcript's question (SpeakerResolver)
    if low == "participants":  # bare, so capitalised at a sentence start: no name
        return people.last_group(pos) or low
    name = _name_words(phrase)
    group = words[1:] if word_kind(words[0]) == "det" else words
    plural = len(group) > 1 and (group[-1] == "people" or group[-1].endswith("s"))
    if plural and country_of(group[0]) and all(w.islower() for w in group[1:]):
        return " ".join(group)  # `the Ukrainian people`, `the Haitian authorities`: a group
    if name:
        core = [w for w in name if w not in NAME_SUFFIXES]
        if len(core) == 1 and len(core[0]) == 1:
            return None  # a letter is no name: `U` of a `U.S.` the tags cut at its dot
        if len(core) == 1 and core[0] not in CANONICAL:  # `Mr. Biden`, `President Marcos Jr.`
            suffix = name[-1] if len(name) > 1 else ""
            full = people.expand(core[0], pos, suffix)
            if full and suffix and not full.endswith(suffix):
                full += " " + suffix  # `His son Donald Jr.`: Donald Trump Jr.
            return full or " ".join(name)
        tail = people.person_tail(name)
        return people.fuller(_normal(tail if len(tail) >= 2 else name), pos)
    head = _office_head(words) or unquoted(words[-1]).lower()
    det = words[0].lower()
    if len(words) == 2 and det == "the" and head in INSTITUTION_HEADS:
        # `the Council`: the organisation named last with that head (`UN Security Council`)
        named = people.last_organisation(head, pos)
        return (_whole_name(named) or named) if named else None  # `Russian Government`: Russia
    if head in PERSON_NOUNS and det in ("the", "this"):
        # `the Secretary`: the last person titled so (`Secretary Blinken`), else the last person
        # (`the Russian leader`), but not for an office with a portfolio (`the Minister of
        # Defense` is no one named before with another title)
        titles = frozenset(w.lower() for w in words) & TITLES
        of = next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))
        portfolio = _with_countries(frozenset(w.lower() for w in words[of + 1 :]))
        named = people.last_titled(pos, titles, portfolio - _PORTFOLIO_LINKS - TITLES)
        # an office no one here holds is no one (`the Secretary` in a spokesperson's
        # briefing is not the spokesperson); a role anyone may hold is the last person
        office = titles - _ANY_ONES
        return named if named or office or of < len(words) else people.last_before(pos)
    if head.endswith("s") and head.rstrip("s") in PERSON_NOUNS and word_kind(words[0]) != "det":
        # `analysts`, `Republican lawmakers`, `Foreign Ministers` -> `foreign ministers`
        return " ".join(
            w.lower() if _GROUP_WORDS & {w.lower(), w.lower().removesuffix("s")} else w
            for w in words
        )
    return None


# a line opening on up to six upper-case words and a colon (`FOREIGN MINISTER RINKĒVIČS:`);
# `[^\W\d_a-z]` is any letter but an ASCII small one: `_label` checks the rest are capitals
_TURN_LABEL = re.compile(
    r"^[ \t]*({w}(?: {w}){{0,5}}):".format(w=r"[^\W\d_a-z](?:[^\W\d_a-z]|[.’'\-])*"),
    flags=re.MULTILINE,
)
# first-person mentions and the speaker they stand for outside a transcript turn
FIRST_PERSON = {"i": "I", "me": "I", "my": "I", "we": "We", "us": "We", "our": "We"}
_NOT_A_SPEAKER = frozenset(
    ("QUESTION", "Q", "MODERATOR", "OPERATOR", "PARTICIPANT", "NOTE", "INTERPRETER")
)
_QUESTION = frozenset(("QUESTION", "Q"))
# the name a relative `who` follows: `President Biden, who` (up to four capitalised words)
_ANTECEDENT = re.compile(r"\b((?:[A-Z][\w.’'\-]*[ \t]+){0,3}[A-Z][\w.’'\-]*),[ \t]*$")
_NOT_WHOLE = re.compile(r"\b(?:and|or|on|in|at)[ \t]+$|&[ \t]*$")


def _label(match: re.Match[str]) -> bool:
    """Whether a `_TURN_LABEL` match is all capitals (`Élysée:` is no label)."""
    return match.group(1).isupper()


def transcript_turns(text: str) -> list[tuple[int, int, str]]:
    """The speaker-labelled turns of a transcript (label start, label end, label), or [] when
    the text is none: a transcript has three labels or more, or one naming a person by title or
    honorific (`SECRETARY BLINKEN:`) or a role (`QUESTION:`). A lone `CORRECTION:`, `UPDATE:` or
    `HUFFPOLLSTER:` in a news article is no turn."""
    turns = [(m.start(), m.end(1), m.group(1)) for m in _TURN_LABEL.finditer(text) if _label(m)]
    named = any(
        label in _NOT_A_SPEAKER or {w.lower() for w in label.split()} & (TITLES | HONORIFICS)
        for _, _, label in turns
    )
    return turns if named or len(turns) >= 3 else []


def _unnamed(label: str) -> str | None:
    """A briefer the transcript leaves unnamed, called by the label: `SENIOR STATE DEPARTMENT
    OFFICIAL TWO` -> `Senior State Department Official Two`; None for a label with no person
    noun."""
    return label.title() if {w.lower() for w in label.split()} & PERSON_NOUNS else None


# a release's byline, its first line: "Antony J. Blinken, Secretary of State"
_BYLINE = re.compile(r"[ \t]*([A-Z][\w.’'\-]*(?: [A-Z][\w.’'\-]*){1,3}), ([^,\n]+?)[ \t]*$")


def byline_person(text: str) -> str | None:
    """The one person a text's first line names as its author ("Antony J. Blinken, Secretary of
    State" -> "Antony Blinken"), or None: no such line, no title in it, or a second one after it
    (a transcript listing its participants)."""
    lines = [line for line in text.split("\n", 4)[:4] if line.strip()]
    first = _BYLINE.fullmatch(lines[0]) if lines else None
    if not first or not _title_follows(lines[0], first.end(1)):
        return None
    if len(lines) > 1 and _BYLINE.fullmatch(lines[1]):
        return None
    words = _without_middle_initials(first.group(1).split())
    return _normal(words) if len(words) >= 2 and all(map(name_shaped, words)) else None


class SpeakerResolver:
    """Canonical speakers for mentions found by any system in one text (these rules' names).

    In a briefing transcript a mention inside a turn label ("MR PRICE:") and a first-person
    "I", "my", "we" or "our" in a turn resolve to the turn's speaker; questions have no named
    speaker, and a "you" in a question is whoever answers it (the next turn that is no
    question), while an official's "you" is the reporter (None) at a press event, and the
    other speaker in remarks without questions. In a text without turns whose
    first line is its author's byline ("Antony J. Blinken, Secretary of State"), a first-person
    mention outside quotation marks is that author. Otherwise first-person mentions are "I" or
    "We" ("My" and "our" included)."""

    def __init__(self, text: str) -> None:
        self.quotations = find_quotations(text)
        self.people = People(text, self.quotations)
        self.turns = transcript_turns(text)
        self.author = None if self.turns else byline_person(text)

    def __call__(self, mention: Span) -> str | None:
        turn = self.turn(mention.start)
        if turn is not None:
            start, end, label = turn
            inside = start <= mention.start and mention.end <= end
            if inside or mention.text.lower() in FIRST_PERSON:
                if label in _NOT_A_SPEAKER:
                    return None
                return self.labelled(label, start)
            if mention.text.lower() == "you":
                if label in _QUESTION:
                    return self.addressee(mention.start) or self.answerer(start)
                if any(t[2] in _QUESTION for t in self.turns):
                    return None  # an official's `you` at a press event: the reporter
                return self.addressee(mention.start) or self.interlocutor(label)
            if mention.text.lower() in ("he", "she") and label not in _NOT_A_SPEAKER:
                # `I concur with everything he said`: a turn's `he` is someone else
                speaker = self.labelled(label, start) or ""
                return self.people.last_mentioned(mention.start, mention.text.lower(), speaker)
        if mention.text.lower() in FIRST_PERSON:
            quoted = in_quotation(mention.start, self.quotations)
            return self.author if self.author and not quoted else FIRST_PERSON[mention.text.lower()]
        if mention.text.lower() == "who":
            return self.antecedent(mention.start)
        return canonical_speaker(mention.text, mention.start, self.people)

    def antecedent(self, pos: int) -> str | None:
        """Whom a relative `who` at ``pos`` stands for: the person named just before its comma
        (`President Biden, who asked me` -> Joe Biden) or a people (`Colombians, who`), else
        None: no name (`those who share`), one that may be only part of it (`Democrats on
        Capitol Hill, who`, `Democrats and Republicans, who`), or a place or a body (`a
        student from Miami, who`, `the deputy administrator for USAID, who`)."""
        text = self.people.text
        line = text.rfind("\n", 0, pos) + 1
        named = _ANTECEDENT.search(text, max(line, pos - 80), pos)
        if not named or _NOT_WHOLE.search(text, max(line, named.start() - 8), named.start()):
            return None
        found = canonical_speaker(named.group(1), named.start(1), self.people)
        if not found:
            return None
        people = {n for _, n in self.people.seen} | {n for _, n, _ in self.people.titled}
        low = found.lower()  # a people: `Colombians`, `Europeans`, `Democrats`
        plural = low.endswith("s") and " " not in low
        group = plural and bool({low, low[:-1]} & NON_PERSON or country_of(found))
        return found if found in people or group else None

    def person(self, name: str, pos: int) -> str | None:
        """The full name the article gives a person named by title and surname or by surname
        near ``pos`` (`President Putin` or `Putin` -> `Vladimir Putin`), or None. A bare surname
        counts only when the full name came with a title (`President Vladimir Putin`), so that
        `Ukraine` never becomes a capitalised run such as `Occupied Ukraine`."""
        words = _name_words(name)
        if not words or len(words) > 3 or not all(name_shaped(w) for w in words):
            return None
        full = self.people.expand(words[-1], pos)
        parts = [_fold(w) for w in full.split()] if full else []
        if not parts or parts[-1] != _fold(words[-1]) or not set(map(_fold, words)) <= set(parts):
            return None
        titled = {w.lower() for w in name.split()} & TITLES
        return full if titled or any(n == full for _, n, _ in self.people.titled) else None

    def addressee(self, pos: int) -> str | None:
        """The person a question's sentence calls on before ``pos``: `Secretary Raimondo, you`."""
        sentence = self.people.sentences[bisect_right(self.people.sentences, pos) - 1]
        before = self.people.text[sentence:pos]
        label = next((m for m in _TURN_LABEL.finditer(before) if _label(m)), None)
        before = before[: label.start()] + before[label.end() :] if label else before
        called = re.fullmatch(r"\s*((?:[A-Z][\w.’'\-]*,? )*?[A-Z][\w.’'\-]*),\s*", before)
        if not called or not {w.lower() for w in called.group(1).split()} & (TITLES | HONORIFICS):
            return None
        return canonical_speaker(called.group(1), pos, self.people)

    def interlocutor(self, label: str) -> str | None:
        """The other speaker of remarks without questions, when there is just one besides
        ``label`` (`FOREIGN MINISTER PAYNE: as you said` beside `SECRETARY BLINKEN:` is
        Blinken); None when there are several."""
        others = [t for t in self.turns if t[2] != label and t[2] not in _NOT_A_SPEAKER]
        if len({t[2] for t in others}) != 1:
            return None  # no one else, or several: whom `you` addresses is unclear
        return self.labelled(others[0][2], others[0][0])

    def answerer(self, pos: int) -> str | None:
        """The speaker of the first turn after ``pos`` that is no question or moderator's."""
        label = next((t for t in self.turns if t[0] > pos and t[2] not in _NOT_A_SPEAKER), None)
        return self.labelled(label[2], label[0]) if label else None

    def labelled(self, label: str, pos: int) -> str | None:
        """The speaker a turn label at ``pos`` names (`MR PRICE` -> `Ned Price`), or the
        label itself for an unnamed briefer (`Senior State Department Official Two`)."""
        return canonical_speaker(label.title(), pos, self.people) or _unnamed(label)

    def turn(self, pos: int) -> tuple[int, int, str] | None:
        """The transcript turn (label start, label end, label) that ``pos`` lies in, if any."""
        k = bisect_right(self.turns, pos, key=lambda t: t[0])
        return self.turns[k - 1] if k else None

    def quote_type(self, content: Span) -> str:
        """direct (one quotation, give or take edge punctuation), mixed (quoted fragments in
        own words) or indirect (no quoted material)."""
        inner = [(a, b) for a, b in self.quotations if a < content.end and b > content.start]
        if not inner:
            return "indirect"
        (a, b), whole = inner[0], len(inner) == 1
        return "direct" if whole and a <= content.start + 2 and b >= content.end - 2 else "mixed"


# a list of three or more: `A, B, and C` or `A, B & C`
_LIST_SEPARATOR = re.compile(r"\s*,\s+(?:(?:and|&)\s+)?|\s+(?:and|&)\s+")


def _list_items(phrase: str) -> list[str] | None:
    """The items of a list of three or more capitalised names (`the United States, France, and
    Germany`), or None: fewer items, no `and` before the last, or an item that is not a name
    (`Donna Brazile, the interim chairwoman, and ...` is an appositive)."""
    if not re.search(r"\s(?:and|&)\s+[^,]+$", phrase):
        return None
    items = [p for p in _LIST_SEPARATOR.split(phrase) if p]
    listable = all(
        re.fullmatch(r"(?:the\s+)?[A-Z][\w.’'\-]*(?:\s+(?:[A-Z][\w.’'\-]*|of|for|the))*", p)
        for p in items
    )
    return items if len(items) >= 3 and listable else None


def _joined_parts(phrase: str) -> list[str]:
    """The parts an `and` or `&` joins, except an `and` inside an office: right after the word
    a title's `of` or `for` brought in, before a capitalised word that is no title or acronym.
    `Deputy Secretary of State for Management and Resources Brian P. McKeon` is one person;
    `the Department of State and USAID`, `Sen. Ted Cruz of Texas and Marco Rubio` are two."""
    parts, start = [], 0
    for m in re.finditer(r"\s+(?:and|&)\s+", phrase):
        before, after = phrase[: m.start()].split(), phrase[m.end() :].split()
        of = len(before) - 2  # back over the portfolio: `for Arms Control and`
        while of > 0 and before[of] not in ("of", "for") and before[of + 1].lower() in _NOT_NAME:
            of -= 1
        if (
            _office_of(before, of)
            and after[0][:1].isupper()
            and after[0].lower() not in TITLES
            and not re.fullmatch(r"[A-Z]{2,}\W*", after[0])
        ):
            continue
        parts.append(phrase[start : m.start()])
        start = m.end()
    return [p for p in [*parts, phrase[start:]] if p.strip()]


def _office_of(words: list[str], i: int) -> bool:
    """Is ``words[i]`` the `of` or `for` of an office: after a title, or after the portfolio
    of another (`Secretary of State for`)?"""
    if i < 1 or words[i] not in ("of", "for"):
        return False
    before = words[i - 1]
    return before.lower() in TITLES or (before[:1].isupper() and _office_of(words, i - 2))


def _joined(names: list[str | None]) -> str | None:
    """Names joined A-Z ignoring capitals (`Kim Jong Un & Vladimir Putin`), or None when one
    is unknown or two are the same person (a wrong guess)."""
    if not all(names) or len(set(names)) < len(names):
        return None
    return " & ".join(sorted(names, key=str.lower))  # type: ignore[arg-type]
