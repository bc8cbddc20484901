"""The canonical speaker of one mention (:func:`canonical_speaker`) and of every mention in one
text (:class:`SpeakerResolver`). The rules are summed up in :mod:`annotation.speakers`.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from annotation.demonyms import country_of
from annotation.schema import Span
from annotation.speakers.names import (
    NOT_NAME,
    PORTFOLIO_LINKS,
    fold,
    name_shaped,
    name_words,
    normal_name,
    singular,
)
from annotation.speakers.offices import with_countries
from annotation.speakers.organisations import organisation, whole_name
from annotation.speakers.people import GROUP_REFERENCE, POSSESSIVE, People
from annotation.speakers.transcripts import (
    NOT_A_SPEAKER,
    QUESTION_LABELS,
    TURN_LABEL,
    byline_person,
    is_label,
    transcript_turns,
    unnamed_briefer,
)
from annotation.words import (
    CANONICAL,
    COUNTRIES,
    FUNCTION_WORDS,
    HONORIFICS,
    INSTITUTION_HEADS,
    MODIFIERS,
    NAME_SUFFIXES,
    NON_PERSON,
    PERSON_NOUNS,
    POSSESSIVE_PRONOUNS,
    SKIP_WORDS,
    TITLES,
    UTTERANCE_NOUNS,
    find_quotations,
    in_quotation,
    unquoted,
    word_kind,
    word_set,
)

# first-person mentions and the speaker they stand for outside a transcript turn
FIRST_PERSON = {"i": "I", "me": "I", "my": "I", "we": "We", "us": "We", "our": "We"}
# titles that name a role rather than an office: `the Russian leader` is whoever led it last
_ANY_ONES = frozenset(("leader", "official", "chief"))
_MINISTERS = re.compile(r"[Tt]he\s+(?:Secretaries\s+and\s+)?Ministers")
# words written lowercase in an unnamed group: `foreign ministers`
_GROUP_WORDS = TITLES | PERSON_NOUNS | MODIFIERS
# the name a relative `who` follows: `President Biden, who` (up to four capitalised words)
_ANTECEDENT = re.compile(r"\b((?:[A-Z][\w.’'\-]*[ \t]+){0,3}[A-Z][\w.’'\-]*),[ \t]*$")
_NOT_WHOLE = re.compile(r"\b(?:and|or|on|in|at)[ \t]+$|&[ \t]*$")
# an appositive after a name: `Donna Brazile, the interim chairwoman`, `Jim Jordan (R-Ohio)`,
# `Benjamin Green, 83`
_APPOSITIVE = re.compile(r"\s*\(|,\s+(?=(?:a|an|the|who|which|whose)\b|[a-z0-9])")


# words ending in `s` that are no plural noun: `Afghans across` (the tags cut `the country`)
_NOT_NOUNS = FUNCTION_WORDS | SKIP_WORDS | frozenset(("across", "always", "towards", "besides"))

# a plural subject for the two people last named with a title (scheme section 6): `Both leaders`,
# `The two`. Not `both` alone or `the two sides`: on State Department releases those were as often
# delegations, or a framing line's spokesperson, as the two people named last.
_PAIR = re.compile(r"the two|(?:the two|both) (?:leaders|ministers|presidents)", re.I)


def _owner(words: list[str]) -> int | None:
    """The index of the possessive that owns the rest of a mention: a leading `his` (or `her`,
    `their`, `its`) before more words, else the first word ending in `’s`."""
    if len(words) > 1 and words[0].lower() in POSSESSIVE_PRONOUNS:
        return 0
    return next((i for i, w in enumerate(words) if POSSESSIVE.search(unquoted(w))), None)


def _office_head(words: list[str]) -> str | None:
    """The person noun an office ends in before its portfolio: `secretary` in `Secretary of
    Foreign Affairs`, `the Deputy Secretary`, `the Secretary General` or `the
    President-Elect`, or None."""
    of = next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))
    head = unquoted(words[of - 1]).lower() if of else ""
    if head == "general" and of >= 2:
        head = words[of - 2].lower()  # `Secretary General`, `Attorney General`
    head = head.split("-")[0]  # `Secretary-General`, `President-Elect`
    return head if head in PERSON_NOUNS else None


def canonical_speaker(phrase: str, pos: int, people: People) -> str | None:
    """Canonical speaker for a mention (see the module docstring)."""
    phrase = people.recase(phrase.strip().rstrip(",;:"))
    if not phrase:
        return None
    whole = whole_name(phrase) or organisation(phrase)  # before `and` and commas split it
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
        if name_words(rest) and word_kind(words[-1]) == "cap":
            return canonical_speaker(rest, pos, people)  # `Russia’s Foreign Minister Sergei Lavrov`
        if rest and unquoted(words[-1]).lower() not in UTTERANCE_NOUNS:
            return None  # `his spokesman`, `Austin Tice’s parents`: someone else
        pronoun = POSSESSIVE_PRONOUNS.get(words[owner].lower())
        owned = pronoun or " ".join([*words[:owner], unquoted(words[owner])[:-2]])
        return canonical_speaker(owned, pos, people)
    if _PAIR.fullmatch(phrase.strip()):
        return people.last_pair(pos)
    if _MINISTERS.fullmatch(phrase):  # those who met (`People.ministers`), else the group
        return _joined(group) if (group := people.ministers(pos)) else phrase.lower()[4:]
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
    if GROUP_REFERENCE.fullmatch(phrase):
        return people.last_group(pos)
    if low in ("it", "you"):
        return None  # `you` has a speaker only in a transcript's question (SpeakerResolver)
    if low == "participants":  # bare, so capitalised at a sentence start: no name
        return people.last_group(pos) or low
    name = name_words(phrase)
    group = words[1:] if word_kind(words[0]) == "det" else words
    last = group[-1].lower() if group else ""
    plural = len(group) > 1 and (last == "people" or last.endswith("s") and last not in _NOT_NOUNS)
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
            if not full and (unnamed := _unnamed(core[0], words, pos, people)) is not None:
                return unnamed or None
            return full or " ".join(name)
        tail = people.person_tail(name)
        return people.fuller(normal_name(tail if len(tail) >= 2 else name), pos)
    head = _office_head(words) or unquoted(words[-1]).lower()
    det = words[0].lower()
    if len(words) == 2 and det == "the" and head in INSTITUTION_HEADS:
        # `the Council`: the organisation named last with that head (`UN Security Council`)
        named = people.last_organisation(head, pos)
        return (whole_name(named) or named) if named else None  # `Russian Government`: Russia
    if head in PERSON_NOUNS and det in ("the", "this"):
        # `the Secretary`: the last person titled so (`Secretary Blinken`), else the last person
        # (`the Russian leader`), but not for an office with a portfolio (`the Minister of
        # Defense` is no one named before with another title)
        titles = frozenset(w.lower() for w in words) & TITLES
        of = next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))
        portfolio = with_countries(frozenset(w.lower() for w in words[of + 1 :]))
        named = people.last_titled(pos, titles, portfolio - PORTFOLIO_LINKS - TITLES)
        # an office no one here holds is no one (`the Secretary` in a spokesperson's
        # briefing is not the spokesperson); a role anyone may hold is the last person
        office = titles - _ANY_ONES
        return named if named or office or of < len(words) else people.last_before(pos)
    plural_office = head.endswith("s") and head.rstrip("s") in PERSON_NOUNS
    if plural_office and det == "the" and all(w[:1].isupper() for w in words[1:]):
        # `the Foreign Ministers`: the two or more named before in that office, else the group
        office = frozenset(singular(w) for w in words[1:]) & TITLES
        named = people.holders(pos, office) if office else []
        if len(named) >= 2:
            return _joined(named)
        words = words[1:]
    if plural_office and word_kind(words[0]) != "det":
        # `analysts`, `Republican lawmakers`, `Foreign Ministers` -> `foreign ministers`
        return " ".join(
            w.lower() if _GROUP_WORDS & {w.lower(), w.lower().removesuffix("s")} else w
            for w in words
        )
    return None


def _unnamed(word: str, words: list[str], pos: int, people: People) -> str | None:
    """What the one capitalised word of a mention is when it is no name, or None when it may be
    one (then it is the name). A nationality adjective before other words is no one (`the
    American`, `our Ukrainian partners`), except `the Chinese` or `the French`, the country. A
    word that opens its sentence and that the article also writes in lowercase is no name when
    lowercase words follow it (`Credible reports` is no one, `Liberal writers` the group `liberal
    writers`), when it is a plural alone (`Allies` -> `allies`) or a word such as `Everyone`."""
    country = country_of(word)
    if country and word not in COUNTRIES and not word.endswith("s") and len(words) > 1:
        plural_noun = words[0].lower() == "the" and len(words) == 2 and word.endswith(_PEOPLES)
        return country if plural_noun else ""
    low = word.lower()  # in lowercase as a word of its own, not of `forbes.com` or `>clinton`
    lowercase = re.search(rf"(?<![\w./@>#=-]){re.escape(low)}\b(?!\.\w)", people.text)
    start = people.sentences[bisect_right(people.sentences, pos) - 1]
    opens = not people.text[start:pos].strip(" \t\n\"“‘'(")
    if words[0] != word or not lowercase or not opens:
        return None
    if len(words) == 1:
        return low if low.endswith("s") or low == "people" else "" if low in _NO_ONE else None
    if not words[-1].islower():
        return None
    plural = singular(words[-1]) in PERSON_NOUNS or _PEOPLE_PLURAL.fullmatch(words[-1]) is not None
    return " ".join([low, *words[1:]]) if plural else ""


# nationality words that are also the plural noun for the people: `the Chinese`, `the French`
_PEOPLES = ("ese", "ch", "sh", "ss")
# capitalised words opening a sentence that never name anyone
_NO_ONE = word_set(
    "everyone everybody someone somebody nobody anyone today more which what some many most "
    "few all each every public international global civilian"
)
# the end of a plural noun for people: `voters`, `activists`, `immigrants`, `residents`
_PEOPLE_PLURAL = re.compile(r"\w*(?:ers|ors|ars|ists|its|ants|ents|ates|ives|ans)|folks|people")


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
                if label in NOT_A_SPEAKER:
                    return None
                return self.labelled(label, start)
            if mention.text.lower() == "you":
                if label in QUESTION_LABELS:
                    return self.addressee(mention.start) or self.answerer(start)
                if any(t[2] in QUESTION_LABELS for t in self.turns):
                    return None  # an official's `you` at a press event: the reporter
                return self.addressee(mention.start) or self.interlocutor(label)
            if mention.text.lower() in ("he", "she") and label not in NOT_A_SPEAKER:
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
        words = name_words(name)
        if not words or len(words) > 3 or not all(name_shaped(w) for w in words):
            return None
        full = self.people.expand(words[-1], pos)
        parts = [fold(w) for w in full.split()] if full else []
        if not parts or parts[-1] != fold(words[-1]) or not set(map(fold, words)) <= set(parts):
            return None
        titled = {w.lower() for w in name.split()} & TITLES
        return full if titled or any(n == full for _, n, _ in self.people.titled) else None

    def addressee(self, pos: int) -> str | None:
        """The person a question's sentence calls on before ``pos``: `Secretary Raimondo, you`."""
        sentence = self.people.sentences[bisect_right(self.people.sentences, pos) - 1]
        before = self.people.text[sentence:pos]
        label = next((m for m in TURN_LABEL.finditer(before) if is_label(m)), None)
        before = before[: label.start()] + before[label.end() :] if label else before
        called = re.fullmatch(r"\s*((?:[A-Z][\w.’'\-]*,? )*?[A-Z][\w.’'\-]*),\s*", before)
        if not called or not {w.lower() for w in called.group(1).split()} & (TITLES | HONORIFICS):
            return None
        return canonical_speaker(called.group(1), pos, self.people)

    def interlocutor(self, label: str) -> str | None:
        """The other speaker of remarks without questions, when there is just one besides
        ``label`` (`FOREIGN MINISTER PAYNE: as you said` beside `SECRETARY BLINKEN:` is
        Blinken); None when there are several."""
        others = [t for t in self.turns if t[2] != label and t[2] not in NOT_A_SPEAKER]
        if len({t[2] for t in others}) != 1:
            return None  # no one else, or several: whom `you` addresses is unclear
        return self.labelled(others[0][2], others[0][0])

    def answerer(self, pos: int) -> str | None:
        """The speaker of the first turn after ``pos`` that is no question or moderator's."""
        label = next((t for t in self.turns if t[0] > pos and t[2] not in NOT_A_SPEAKER), None)
        return self.labelled(label[2], label[0]) if label else None

    def labelled(self, label: str, pos: int) -> str | None:
        """The speaker a turn label at ``pos`` names (`MR PRICE` -> `Ned Price`), or the
        label itself for an unnamed briefer (`Senior State Department Official Two`)."""
        return canonical_speaker(label.title(), pos, self.people) or unnamed_briefer(label)

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
        while of > 0 and before[of] not in ("of", "for") and before[of + 1].lower() in NOT_NAME:
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
