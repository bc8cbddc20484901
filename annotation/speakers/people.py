""":class:`People`: the persons a text names, in order, so that a surname, `he`, `the
Secretary`, `They` or `The Ministers` can be resolved to one of them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from annotation.speakers.names import (
    CAPS_SURNAME,
    INITIAL,
    capital_surnames,
    fold,
    honorific_pronouns,
    name_forms,
    name_shaped,
    normal_name,
    singular,
    surname,
    without_middle_initials,
)
from annotation.speakers.offices import (
    DEFINITE_BEFORE,
    ministerial,
    of_a_title,
    office_before,
    opens_with_office,
    place_of_office,
    title_follows,
    titles_before,
    with_countries,
)
from annotation.speakers.organisations import acronyms, organisations
from annotation.words import (
    COUNTRIES,
    HONORIFICS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    PERSON_NOUNS,
    TITLES,
    TITLES_IN_NAMES,
    Pair,
    in_quotation,
    unquoted,
    word_kind,
    word_spans,
)

_NOT_CALLED = NAME_PARTICLES | TITLES_IN_NAMES | NAME_SUFFIXES  # no one is called `bin` alone
_OFFICE_NOUNS = PERSON_NOUNS & TITLES  # a plural of one is an office held by several
# titles of courtesy that may come with an office: `Foreign Minister Sheikh Abdullah`
_COURTESIES = HONORIFICS | frozenset(("sheikh", "honorable", "honourable", "excellency", "sir"))
_NUMBERED = re.compile(r"[ \t]+\d")
# the names after one plural title share it: `Mori` in `Vice Foreign Ministers Cho and Mori`
_TITLE_SHARED = re.compile(r"\b([A-Z][a-z]+s) [A-Z][\w’'\-]*(?:, [A-Z][\w’'\-]*)*,? and $")
# a generational suffix after a comma: `Teodoro Locsin, Jr.`
_SUFFIX_AFTER = re.compile(r",\s*(Jr\.|Sr\.|II|III|IV)(?![\w.])")
POSSESSIVE = re.compile(r"\w[’']s$")  # an owner: `President Biden’s speech`

# a plural subject for the people named in the sentence before: `They discussed ...` after
# `Secretary Blinken and Foreign Minister Chung highlighted ...`, or `The participants` after a
# call's titled list
_GROUP = r"(?:they|the participants|the leaders)\b"
GROUP_REFERENCE = re.compile(r"\s*" + _GROUP, re.I)  # the whole mention
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


class People:
    """Person names as they occur (outside quotations), to expand surnames and resolve `he`.

    A name is the tail of a run of capitalised words (at most 3, at least 2 for a new name) that are
    no title, place or organisation word and never occur in lowercase in the text (`Freedom` in
    `Religious Freedom Rashad Hussain` does, as `freedom`)."""

    def __init__(self, text: str, quotations: list[Pair]) -> None:
        self.surnames = capital_surnames(text)  # `HAYASHI` -> `Hayashi`
        text = self.recase(text)  # same length: offsets hold
        self.text = text
        self.sentences = [0, *(m.end() for m in SENTENCE_END.finditer(text))]  # start offsets
        self.seen: list[tuple[int, str]] = []
        self.titled: list[tuple[int, str, frozenset[str]]] = []  # `Secretary Blinken`
        self.described: list[tuple[int, str]] = []  # `the Secretary`, resolved
        self.owners: list[tuple[int, str]] = []  # `President Biden’s speech`
        self.groups: dict[int, list[str]] = {}  # `The Ministers`, resolved
        self.common = set(re.findall(r"\b[a-z][\w’'\-]*", text))
        self.acronyms = acronyms(text)
        self.organisations = organisations(text)
        known: dict[str, str] = {}
        words = [w for w in word_spans(text, 0, len(text)) if not in_quotation(w[0], quotations)]
        run: list[Pair] = []
        for i, (a, b) in enumerate([*words, (len(text) + 1, len(text) + 1)]):
            word = text[a:b]
            # an owner ends its name: `President Biden’s speech` mentions Biden
            owner = bool(POSSESSIVE.search(word)) and word_kind(word[:-2]) == "cap"
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
        bearers = Counter(surname(n) for n in {n for _, n in self.seen})
        self.pronouns = {k: v for k, v in honorific_pronouns(text).items() if bearers[k] <= 1}

    def recase(self, phrase: str) -> str:
        """``phrase`` with each surname written in capitals before a given name (as found in
        the text) written as a name: `HAYASHI Yoshimasa` -> `Hayashi Yoshimasa`."""
        if not self.surnames:
            return phrase
        return CAPS_SURNAME.sub(lambda m: self.surnames.get(m.group(1), m.group(1)), phrase)

    def _add(self, text: str, run: list[Pair], known: dict[str, str]) -> None:
        while run and text[slice(*run[-1])] in NAME_PARTICLES:
            run = run[:-1]  # `Abdullah bin` before a line break
        if _NUMBERED.match(text, run[-1][1]):
            return  # a thing's name goes on with a number, a person's does not: `Nord Stream 2`
        start = run[0][0]
        definite = DEFINITE_BEFORE.search(text[max(0, start - 60) : start])
        if text[start : run[-1][1]] == "Ministers" and definite:
            self.groups[start] = self.ministers(start)  # `The Ministers`: those who met
            self.described += [(start, n) for n in self.groups[start]]  # for a later `They`
            return
        # the name is the longest tail of personal words: `Russian President Vladimir Putin`
        titled = title_follows(text, run[-1][1])
        first = len(run) - len(self.person_tail([text[a:b] for a, b in run], titled))
        if first == len(run):
            self._description(text, run)
            return
        if first < len(run) - 1 and text[slice(*run[first])].endswith("ing"):
            first += 1  # a sentence-initial participle: `Accompanying Kim`
        words = without_middle_initials([text[a:b] for a, b in run[first:]])
        if first == 0 and len(words) == 3 and of_a_title(text, run[0][0]):
            words = words[1:]  # `Prime Minister of Estonia Kaja Kallas`
            first = 1
        elif first == 0 and text.startswith(",", run[-1][1]) and place_of_office(text, run):
            return  # `Crown Prince of Abu Dhabi, Sheikh Mohamed`: its holder follows the comma
        start = run[min(first, len(run) - 1)][0]
        suffix = _SUFFIX_AFTER.match(text, run[-1][1])  # `Teodoro Locsin, Jr.`
        if suffix and words[-1] not in NAME_SUFFIXES:
            words.append(suffix.group(1))
        core = [w for w in words if w not in NAME_SUFFIXES]  # `Marcos` of `Marcos Jr.`
        if len(core) >= 2:
            full = self.fuller(normal_name(words), start)
            if full in COUNTRIES:
                return  # `El Salvador`, though `Salvador` may be a given name
            for w in name_forms(full):
                if w not in _NOT_CALLED and not INITIAL.match(w):  # `Blinken`, `Tony`
                    known[fold(w)] = full
            known[fold(core[-1])] = full
            self._saw(text, start, full)
        elif len(core) == 1 and fold(core[0]) in known:
            self._saw(text, start, known[fold(core[0])])
        elif len(core) == 1 and (titles := titles_before(text, start)):
            # `Deputy Secretary Sherman`, never named in full: found by `the Deputy Secretary`;
            # a pope keeps the title his name needs (guideline §6): `Pope Francis`
            if of_a_title(text, start):
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
        definite = body is not words or bool(DEFINITE_BEFORE.search(before))
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
        names = self.holders(pos, titles)
        if len(names) >= 2:
            self.described += [(pos, name) for name in names]

    def holders(self, pos: int, titles: frozenset[str]) -> list[str]:
        """The people named before ``pos`` with all these titles, first named first."""
        return list(dict.fromkeys(n for p, n, t in self.titled if p < pos and titles <= t))

    def _saw(self, text: str, start: int, name: str) -> None:
        self.seen.append((start, name))
        titles = _titles_before(text, start)
        shared = _TITLE_SHARED.search(text, max(0, start - 80), start)
        if not titles and shared and singular(shared.group(1)) in TITLES:
            titles = _titles_before(text, shared.end(1) + 1)
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
        speaking = {fold(other_than), surname(other_than)} if other_than else set()
        mentions = sorted(
            m
            for m in [*self.seen, *self.described, *titled, *self.owners]
            if m[0] < pos
            and self.pronouns.get(surname(m[1]), pronoun) == pronoun
            and fold(m[1]) not in speaking
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
        return inside[0][1] if opens_with_office(self.text, start, inside[0][0]) else None

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
            if len(names) >= 2 and (i or opens_with_office(self.text, start, found[0][0])):
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
        if not found or not opens_with_office(self.text, start, found[0][0]):
            return None
        found = set(found)
        ministers = [n for p, n, t in titled if (p, n) in found and ministerial(t)]
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
            and (not portfolio or portfolio <= with_countries(office_before(self.text, p)))
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
        full = self.expand(name.split()[-1], pos) if INITIAL.match(given) else None
        return full if full and full[0] == given[0] else name

    def expand(self, word: str, pos: int, suffix: str = "") -> str | None:
        """The full name a bare surname or given name stands for, preferring earlier mentions
        and names with a suffix only after one (`Donald Jr.`); else a name given only with a
        title that is part of it (`Francis` -> `Pope Francis`)."""
        # a turn label's `Mckeon` or `MCKEON` is `McKeon`; an acronym (`UN`) is no `Un`
        caseless = word.istitle() or (word.isupper() and len(word) > 3)
        key = (lambda w: fold(w).casefold()) if caseless else fold
        found = [(p, n) for p, n in self.seen if key(word) in map(key, name_forms(n))]
        # `Mr. Trump` is not `Donald Trump Jr.` when the father is named, `Donald Jr.` is
        kind = [(p, n) for p, n in found if (n.split()[-1] in NAME_SUFFIXES) == bool(suffix)]
        found = kind or found
        before = [n for p, n in found if p < pos]
        after = [n for p, n in found if p >= pos]
        papal = [n for _, n, _ in self.titled if n == "Pope " + fold(word)]
        return (before[-1:] or after[:1] or papal[:1] or [None])[0]


def _titles_before(text: str, pos: int) -> frozenset[str]:
    """The titles before a name at ``pos``, a plural one as its singular: `Vice Foreign
    Ministers Cho` -> {vice, foreign, minister}."""
    plural = re.search(r"\b([A-Z][a-z]+s) $", text[max(0, pos - 30) : pos])
    extra = {singular(plural.group(1))} & TITLES if plural else set()
    return titles_before(text, pos) | extra


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
