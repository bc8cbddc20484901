"""A transparent rule-based quote finder: the baseline every model must beat.

It is also the pre-annotator for Label Studio tasks. Pure Python and regular expressions, no
model. The text is cut into quotation stretches and sentences (a sentence never ends inside a
quotation); every cue of the tables below is found outside the quotations, and one frame per cue
decides the content and the speaker mention:

1. quote first: ``“...,” Kim said.`` / ``“...” X added`` / ``“...,” said Putin`` -> the quotation
   that opens the sentence;
2. cue, then a set-off quotation ending the sentence: ``Pompeo said, “I do.”`` -> the quotation;
3. trailing frame: ``CLAUSE, news agency ‘TASS’ reported (on Friday).`` -> the clause before the
   comma; parenthetical ``The museum, he said, would ...`` -> both pieces, the second cue-less;
4. forward frame: ``X said/told Kim/stressed/called for ... (that) CONTENT.`` -> from the cue (past
   the addressee of a ``tell``-verb and a reporter's adjunct before ``that``) to the clause end:
   the sentence end, ``;``, ``, but``, ``while``, or where the next attribution's frame opens
   (``, saying``, ``, X said``, ``and warned``, ``, and he added``);
5. participial ``..., saying/insisting CONTENT`` and coordinated ``... and warned CONTENT``: the
   mention of the governing clause (its quote's mention, else its subject);
6. ``CLAUSE, according to X.`` / ``According to X, CLAUSE.`` -> the clause;
7. continuation: a sentence that is only a quotation, right after a sentence with a quote, and the
   second part of ``“A,” he said, “B.”`` take that quote's mention, with no cue.

Not quotes: cues inside quotations, passives (``was welcomed by``), -ing forms without a comma or
``be`` before them, bare verb forms after modals (``plans to brief``), ``we``/``I`` subjects (a
release's own voice), ``called``/``described`` without a quoted fragment.

Spans follow ANNOTATION_SCHEME.md section 2: content keeps the quotation marks and the comma or
period inside the closing mark and drops the sentence-final punctuation outside it; the cue has no
auxiliaries or adverbs (``has also said`` -> ``said``) but keeps its particle (``called for``);
passive quoting frames are whole (``was quoted by TASS as saying``). The **speaker mention is the
full noun phrase** governed by the cue, titles and determiner included (``Russian President
Vladimir Putin``, ``the Russian leader``, ``news agency ‘TASS’``), or a pronoun (he/she/they/it).

The canonical ``speaker`` is the name without titles, middle initials or determiner (capitals
mapped to countries, a bare surname expanded to the full name met in the text); ``he``/``she`` and
definite singular person descriptions (``the Russian leader``) take the most recent full person
name before them, and a title description (``the Secretary``, ``the Deputy Secretary``) the
most recent person introduced with exactly those titles (``Secretary of State Antony J.
Blinken``) when there is one; ``Putin and Kim`` gives ``Kim Jong Un & Vladimir Putin``; a bare
plural gives the group (``analysts``); an organisation keeps its whole name (``The New York
Times`` -> ``New York Times``, ``the Department of State`` -> ``Department of State``); an
appositive or a parenthesis after a name is dropped (``Donna Brazile, the interim chairwoman``,
``Jim Jordan (R-Ohio)``); ``they``, ``it`` and other descriptions give None. Type: ``indirect``
without quoted material; ``direct`` when the content is one quotation set off as the utterance
(quote first, after ``,``/``:``, or opening with a capital); otherwise ``mixed`` (``lashed out at
‘countries ...’``). Stance and target are not judged: None (unknown).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from annotation.demonyms import DEMONYMS, country_of
from annotation.schema import Document, Quote, RecordError, Span, write_jsonl

MODEL_VERSION = "baseline-rules-v1"
log = logging.getLogger(__name__)

# ---------------------------------------------------------------- cue tables


def _set(words: str) -> frozenset[str]:
    """A word table written as one string."""
    return frozenset(words.split())


# Reporting verbs by lemma. speech: the usual cue; tell: the next noun phrase is an addressee, left
# out of the content; quote_only: a cue only when its content holds a quoted fragment
# (`called the North Koreans “good” workers`); document: a report's finding, only with a
# document subject (`the poll found`).
SPEECH_VERBS = _set(
    "say state add insist warn explain argue claim declare announce note emphasize emphasise "
    "underscore highlight stress reiterate reaffirm express condemn welcome applaud commend "
    "encourage urge acknowledge agree endorse vow pledge promise demand suggest confirm deny ask "
    "reply respond report tweet write accuse criticize criticise praise predict complain recall "
    "discuss allege contend caution concede assert"
)
CUE_VERBS: dict[str, str] = {
    **dict.fromkeys(SPEECH_VERBS, "speech"),
    **dict.fromkeys(_set("tell assure inform remind"), "tell"),
    **dict.fromkeys(_set("call describe depict dub brand label term"), "quote_only"),
    **dict.fromkeys(_set("find show"), "document"),
}
# Forms the regular rules in _forms get wrong: past, third person, -ing.
IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "writes", "writing"),
    "find": ("found", "finds", "finding"),
    "dub": ("dubbed", "dubs", "dubbing"),
    "label": ("labeled", "labelled", "labels", "labeling", "labelling"),
    "commit": ("committed", "commits", "committing"),
    "speak": ("spoke", "speaks", "speaking"),
}
# Lemmas whose bare form is a cue too (`officials say`); other bare forms are mostly nouns.
BARE_FORM_CUES = _set("say tell argue insist warn agree note urge contend")
# Third-person forms that are mostly plural nouns (`Republican claims`): not cues.
NOUN_LIKE = _set(
    "claims reports calls notes states demands promises praises tweets pledges "
    "vows labels brands terms replies responds"
)
# Multi-word cues: a verb and its particle or preposition, all part of the cue.
PHRASAL_CUES: tuple[tuple[str, str], ...] = (
    ("call", r"for|on"),
    ("lash", r"out\s+at"),
    ("look", r"forward\s+to"),
    ("point", r"out"),
    ("commit", r"to"),
    ("speak", r"about"),
    ("exchange", r"views\s+on"),
    ("launch", r"(?:an?\s+)?(?:[a-z]+\s+)?attack\s+on"),
)
# Cues that may precede their subject: `“...,” said Putin`.
INVERTIBLE = _set(
    "said says added adds asked asks wrote writes told tells explained insisted warned noted "
    "recalled replied"
)
ACCORDING_RE = re.compile(r"\b[Aa]ccording\s+to\b")
# A passive quoting frame, taken whole: `was quoted by Russian news service TASS as saying`.
PASSIVE_RE = re.compile(
    r"\b(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+quoted\s+"
    r"(?:by\s+[^,.;“”\"]{1,60}?\s+)?as\s+saying\b"
)

# ---------------------------------------------------------------- word tables
PRONOUNS = frozenset({"he", "she", "they", "it"})
DETERMINERS = _set("the a an both two three several many some other whose all most these this")
CONNECTORS = frozenset({"of", "for", "and", "&"})
# Lowercase nouns that head a speaker description, and modifiers allowed inside one.
PERSON_NOUNS = _set(
    "leader president minister secretary spokesman spokeswoman spokesperson official ambassador "
    "senator governor candidate nominee chairman chairwoman director chief envoy diplomat aide "
    "adviser advisor analyst expert critic lawmaker representative prosecutor judge mayor "
    "commander officer source side premier chancellor king queen"
)
GROUP_NOUNS = _set(
    "agency service ministry government office department administration campaign committee "
    "party delegation embassy newspaper broadcaster network outlet website council court "
    "police team group company organization organisation union"
)
DOCUMENT_NOUNS = _set(
    "poll survey study report analysis data review investigation video footage ad letter memo "
    "complaint filing lawsuit document record"
)
# `His remarks`: a possessive pronoun and what its owner said stand for the owner
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}
# Capitalised sentence-initial words that start no name: `Those who seek`, `My colleagues` (the
# FUNCTION_WORDS that may open a mention; not modals such as `May`, which may be a name)
NOT_NAME_START = _set("his her its their our my your this that these those there here no over")
UTTERANCE_NOUNS = _set(
    "remarks remark statement statements comments comment words speech message tweet tweets "
    "post testimony answer response reply"
)
MODIFIERS = _set(
    "senior top former deputy foreign state federal local presidential news new recent latest "
    "two other prime vice first press security defense defence intelligence "
    "administration campaign party government military"
)
# Capitalised words that never start or continue a name (sentence-initial function words).
FUNCTION_WORDS = _set(
    "in on at as after before during amid since while when if but and or so for with from by to "
    "of meanwhile however also asked speaking this that these those there here it its we i you "
    "our my your his her their what who which where why how not no yet still now then last next "
    "earlier later ahead among despite under over into about like unlike although though "
    "because once following according instead indeed even just only thus hence will would can "
    "could may might must should shall did does do never cannot"
)
CALENDAR = _set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june "
    "july august september october november december"
)
# Words skipped between a subject and its cue: auxiliaries, adverbs, time adjuncts.
BE_AUX = frozenset({"is", "are", "was", "were", "been", "be", "’s", "'s"})
SKIP_WORDS = BE_AUX | _set(
    "has have had also again once further later then still even already first just now today "
    "yesterday tonight earlier last this week month year night morning afternoon evening "
    "separately similarly"
)
# Words before a name that are titles, not part of the canonical name.
TITLES = _set(
    "president vice prime minister secretary deputy foreign ambassador senator sen. rep. "
    "representative gov. governor mr. mrs. ms. dr. mr mrs ms dr prof. gen. general "
    "chairman chairwoman director leader spokesman spokeswoman spokesperson official chief king "
    "queen pope mayor judge justice attorney candidate nominee commissioner envoy chancellor "
    "premier first lady speaker sheikh crown prince honorable honourable assistant under "
    "excellency administrator coordinator counselor secretary-general under-secretary"
)
# Words that make a capitalised run a place or an organisation, not a person.
NON_PERSON = _set(
    "korea korean koreas north south east west eastern western far united states nations "
    "kingdom america u.s. us european union peninsula federation republic department ministry "
    "house senate congress council party committee office agency service news daily times "
    "post journal press university institute center centre foundation bank city county street "
    "national international security state affairs government court army forces campaign "
    "group association company corporation media network democrats republicans democratic "
    "republican white kremlin pentagon capitol election day week african asian arab ocean sea "
    "island islands river gulf lake strait canal plan triangle room hotel "
    # the portfolio that ends an office before a name: `Under Secretary for Trade Marisa Lago`
    "trade labor labour rights infrastructure resources management energy environment health "
    "education commerce treasury defense defence interior agriculture finance economy development"
)
# Nationality words and one-word countries (annotation/demonyms.py), except countries that are
# also names (`Jim Jordan`).
NATIONS = {w.lower() + s for w in DEMONYMS for s in ("", "s")} | {
    c.lower() for c in DEMONYMS.values() if " " not in c and c not in ("Jordan", "Chad", "Georgia")
}
NON_PERSON |= NATIONS
COUNTRIES = frozenset(DEMONYMS.values())
# Honorifics: the capitalised word after one is a name even when it is also a title (`Mr. King`),
# unless it is an office used as a form of address (`Mr. President`).
HONORIFICS = _set("mr. mrs. ms. dr. mr mrs ms dr")
ADDRESSED_OFFICES = _set(
    "president secretary speaker chairman chairwoman ambassador minister governor mayor senator"
)
# Organisation head words: a capitalised name with one is kept whole (`The New York Times`).
ORG_HEADS = GROUP_NOUNS | _set(
    "times post journal press news house senate congress university institute foundation bank "
    "association corporation nations"
)
# Canonical names for capitals, abbreviations and institutions (ANNOTATION_SCHEME.md section 3).
CANONICAL: dict[str, str] = {
    "Pyongyang": "North Korea",
    "Moscow": "Russia",
    "Washington": "United States",
    "Beijing": "China",
    "Seoul": "South Korea",
    "Tokyo": "Japan",
    "Kyiv": "Ukraine",
    "Kiev": "Ukraine",
    "U.S.": "United States",
    "US": "United States",
    "United States": "United States",
    "Kremlin": "the Kremlin",
    "North": "North Korea",
    "United States of America": "United States",
    "Republic of Korea": "South Korea",
    "ROK": "South Korea",
    "DPRK": "North Korea",
    "People’s Republic of China": "China",
    "People's Republic of China": "China",
    "PRC": "China",
    # one person under two first names across articles (the guideline's alias table)
    "Tony Blinken": "Antony Blinken",
}
ABBREVIATIONS = _set(
    "mr mrs ms dr st sen rep gov gen lt col sgt capt prof jr sr inc corp co ltd no vs etc jan feb "
    "mar apr aug sep sept oct nov dec rev ave ft mt"
)

CLOSE_QUOTES = "”’\"'"
_WORD = re.compile(r"[‘“\"']?\w[\w’'&.\-]*")
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z]\.|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof|Jr|Sr|St)\.")
_BOUNDARY = re.compile(r"[.!?…]+[”’\"')\]]*(?=\s+[“‘\"'(\[]*[A-Z0-9])")
_CLAUSE_BREAK = re.compile(r";|,\s+but\s+(?!that\b)|\s+while\s+|,\s+whereas\s+")
_ADJUNCT_THEN_THAT = re.compile(
    r"\s*,?\s*(?:(?:on|in|at|during|after|before|to|last|this|earlier|late|early)\b"
    r"[^,;.“”\"]{0,60}?|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))"
    r"\s*,?\s+(?=that\b)"
)
# What may follow the cue of a trailing frame: nothing, or a short adjunct (`said on Thursday`).
_ADJUNCT_ONLY = re.compile(
    r"\s*(?:(?:on|in|at|during|after|before|from|with|while|when|as|last|this|earlier|"
    r"according|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"today|yesterday|late|early|recently)\b(?:\W+\w+){0,8})?\W*"
)
_ADDRESSEE = re.compile(
    r"\s+(?:him|her|them|us|me|reporters|journalists|supporters|lawmakers|"
    r"the\s+(?:crowd|audience|press|paper|newspaper|network|committee|station)|"
    r"(?:the\s+)?[A-Z][\w.’'\-]*(?:\s+(?:of\s+)?[A-Z][\w.’'\-]*){0,4})(?=[\s,.;:])"
)
_LEAD = re.compile(r"(?:Meanwhile|However|Moreover|Separately|In addition|Also),\s+|(?:But|And)\s+")
_RELATIVE = re.compile(r",\s+(?:who|whose|which)\b[^,]*$")

Pair = tuple[int, int]


@dataclass(frozen=True)
class _Cue:
    """A cue found in the text: where, its kind (see CUE_VERBS), whether it is an -ing form."""

    start: int
    end: int
    kind: str
    ing: bool = False


@dataclass(frozen=True)
class _Hit:
    """A quote found by a frame, as character pairs; ``framed``: a quotation set off as speech."""

    content: Pair
    cue: Pair | None
    mention: Pair | None
    framed: bool = False


# ---------------------------------------------------------------- cue regexes


def _forms(lemma: str) -> tuple[str, ...]:
    """Past, third person and -ing forms of ``lemma`` (regular rules unless IRREGULAR)."""
    if lemma in IRREGULAR:
        return IRREGULAR[lemma]
    cy = lemma.endswith("y") and lemma[-2] not in "aeiou"
    past = lemma + "d" if lemma.endswith("e") else lemma[:-1] + "ied" if cy else lemma + "ed"
    third = (
        lemma + "es"
        if lemma.endswith(("s", "sh", "ch", "x", "z"))
        else lemma[:-1] + "ies"
        if cy
        else lemma + "s"
    )
    ing = lemma[:-1] + "ing" if lemma.endswith("e") and not lemma.endswith("ee") else lemma + "ing"
    return past, third, ing


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(set(words), key=lambda w: (-len(w), w)))


def _cue_patterns() -> list[tuple[re.Pattern[str], str]]:
    """(regex, kind) for every cue: single verbs, phrasal verbs, passive frames, according to."""
    patterns = [(PASSIVE_RE, "speech"), (ACCORDING_RE, "according")]
    for lemma, particle in PHRASAL_CUES:
        verbs = _alternation([lemma, *_forms(lemma)])
        patterns.append((re.compile(rf"\b(?:{verbs})\s+(?:{particle})\b"), "speech"))
    for kind in ("speech", "tell", "quote_only", "document"):
        words = []
        for lemma, k in CUE_VERBS.items():
            if k == kind:
                words += [*_forms(lemma), *([lemma] if lemma in BARE_FORM_CUES else [])]
        words = [w for w in words if w not in NOUN_LIKE]
        patterns.append((re.compile(rf"\b(?:{_alternation(words)})\b"), kind))
    return patterns


CUE_PATTERNS = _cue_patterns()

# ---------------------------------------------------------------- quotations and sentences


def _quotations(text: str) -> list[Pair]:
    """Quoted stretches (marks included), paragraph by paragraph, outermost only.

    Curly and straight double quotes pair in order; one left open runs to the paragraph end (a
    quote continued in the next paragraph). A single curly quote opens before a letter and closes
    at the first ’ not followed by a letter (so `People’s` is an apostrophe).
    """
    spans: list[Pair] = []
    for para in re.finditer(r"[^\n]+", text):
        a, b = para.span()
        for marks in (r"[“”]", r"''|\""):  # curly pairs; straight `"` or `''` toggles
            start = None
            for m in re.finditer(marks, text[a:b]):
                if start is None and m.group() != "”":
                    start = a + m.start()
                elif start is not None and m.group() != "“":
                    spans.append((start, a + m.end()))
                    start = None
            if start is not None:
                spans.append((start, b))
        for m in re.finditer(r"(?<![\w’])‘(?=[A-Za-z])[^\n]{1,400}?’(?![A-Za-z])", text[a:b]):
            spans.append((a + m.start(), a + m.end()))
    spans.sort(key=lambda s: (s[0], -s[1]))
    outer: list[Pair] = []
    for s in spans:
        if not outer or s[0] >= outer[-1][1]:
            outer.append(s)
    return outer


def _inside(pos: int, quotations: list[Pair]) -> bool:
    """Whether character ``pos`` lies within a quotation."""
    return any(a <= pos < b for a, b in quotations)


def _sentences(text: str, quotations: list[Pair]) -> list[Pair]:
    """Sentences, never split inside a quotation, after an abbreviation, or after `?”`/`!”`."""
    sentences: list[Pair] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in _BOUNDARY.finditer(text, para.start(), para.end()):
            end = m.end()
            if any(a < end < b for a, b in quotations):
                continue
            before = text[start:end].split()[-1].rstrip(CLOSE_QUOTES + ")]")
            if before.endswith(".") and (
                before[:-1].lower().strip("“‘\"'(") in ABBREVIATIONS or _DOTTED.fullmatch(before)
            ):
                continue
            if re.search(r"[?!][”\"]$", text[m.start() : end]):
                continue  # `“Why?” he asked.`: the attribution follows
            sentences.append((start, end))
            start = end
        sentences.append((start, para.end()))
    return [_strip(text, a, b) for a, b in sentences if text[a:b].strip()]


def _strip(text: str, a: int, b: int) -> Pair:
    """``(a, b)`` without surrounding whitespace."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _trim(text: str, a: int, b: int, quotations: list[Pair]) -> Pair:
    """Content edges: no spaces, no leading `,:`, no trailing punctuation outside quotations."""
    a, b = _strip(text, a, b)
    while a < b and text[a] in ",:;—" or (a < b and text[a].isspace()):
        a += 1
    if m := _LEAD.match(text, a, b):  # the reporter's `Meanwhile,` is not content
        a = m.end()
    while (
        b > a
        and (text[b - 1].isspace() or text[b - 1] in ".,;:!?—")
        and not _inside(b - 1, quotations)
    ):
        b -= 1
    return a, b


# ---------------------------------------------------------------- words and mentions


def _words(text: str, lo: int, hi: int) -> list[Pair]:
    """Word spans in ``text[lo:hi]``; a final period is dropped unless it marks an abbreviation."""
    out = []
    for m in _WORD.finditer(text, lo, hi):
        a, b = m.span()
        if text[b - 1] == "." and not _DOTTED.fullmatch(text[a:b].strip("‘“\"'")):
            b -= 1
        out.append((a, b))
    return out


def _bare(word: str) -> str:
    return word.strip("‘’“”\"'")


def _kind(word: str) -> str:
    """pronoun, det, conn, cap (name word), noun (description head), mod, or other."""
    w = _bare(word)
    low = w.lower()
    if low in PRONOUNS:
        return "pronoun"
    if low in DETERMINERS:
        return "det"
    if low in CONNECTORS:
        return "conn"
    if w[:1].isupper():
        if low in FUNCTION_WORDS or low in CALENDAR or re.search(r"[’'](?:s|ll|d|ve|m|re)$", w):
            return "other"
        return "cap"
    if low in PERSON_NOUNS or low in GROUP_NOUNS or low in DOCUMENT_NOUNS:
        return "noun"
    if low.rstrip("s") in PERSON_NOUNS | GROUP_NOUNS | DOCUMENT_NOUNS:
        return "noun"  # plural: officials, analysts
    return "mod" if low in MODIFIERS else "other"


def _noun_phrase(text: str, words: list[Pair], boundary: int, leftward: bool) -> Pair | None:
    """The speaker-like noun phrase of ``words`` touching ``boundary`` (only spaces between).

    Names (capitalised words, with `of`/`for`/`and` inside), description heads and modifiers,
    a determiner at the outer edge; or a lone pronoun. Its head (the word nearest the cue when
    leftward) must be a name word or a description noun.
    """
    seq = list(reversed(words)) if leftward else words
    taken: list[Pair] = []
    edge = boundary
    for i, (a, b) in enumerate(seq[:14]):
        gap = text[b:edge] if leftward else text[edge:a]
        if gap.strip():
            break
        kind = _kind(text[a:b])
        if kind == "pronoun":
            return (a, b) if not taken else _np_span(text, taken)
        if kind in ("cap", "noun", "mod") or (kind == "conn" and taken):
            taken.append((a, b))
        elif kind == "det" and (leftward or not taken):
            taken.append((a, b))
            nxt = seq[i + 1] if i + 1 < len(seq) else None
            if leftward and not (nxt and _kind(text[nxt[0] : nxt[1]]) == "conn"):
                break  # the determiner opens the phrase, unless `a spokesman for the campaign`
        else:
            break
        edge = a if leftward else b
    return _np_span(text, taken if leftward else list(reversed(taken)))


def _np_span(text: str, taken: list[Pair]) -> Pair | None:
    """Validate a phrase collected from its head outwards (``taken[0]`` is the head side)."""
    while taken and _kind(text[slice(*taken[-1])]) == "conn":
        taken.pop()
    while taken and _kind(text[slice(*taken[0])]) in ("conn", "det", "mod"):
        taken.pop(0)
    if not taken or _kind(text[slice(*taken[0])]) not in ("cap", "noun"):
        return None
    return min(taken)[0], max(taken)[1]


def _mention_before(text: str, lo: int, pos: int) -> Pair | None:
    """The noun phrase (or pronoun) ending right before ``pos``: the whole short phrase since the
    last comma (``top black lawmakers``, ``the New York businessman``), else the name/description
    words next to ``pos`` (``... published Thursday Putin``)."""
    return _clause_phrase(text, lo, pos) or _noun_phrase(
        text, _words(text, lo, pos), pos, leftward=True
    )


def _clause_phrase(text: str, lo: int, pos: int) -> Pair | None:
    """All of ``text[clause start:pos]`` if it reads as a subject noun phrase: at most 7 words, no
    function word or auxiliary, headed by a name word or description noun or opened by a
    determiner (`the announcer`)."""
    start = max(lo, *(text.rfind(ch, lo, pos) + 1 for ch in ',;:—―“”"'))
    words = _words(text, start, pos)
    if not words or len(words) > 7 or words[0][0] < start or text[start : words[0][0]].strip():
        return None
    kinds = [_kind(text[a:b]) for a, b in words]
    if len(words) > 1 and "pronoun" in kinds:
        return None
    for (a, b), kind in zip(words, kinds, strict=True):
        low = text[a:b].lower()
        if kind == "other" and (low in FUNCTION_WORDS or low in SKIP_WORDS or low.endswith("ly")):
            return None
        if kind == "other" and not re.fullmatch(r"[\w’'-]+|\(.*\)", low):
            return None
    if kinds[-1] in ("cap", "noun", "pronoun") or kinds[0] == "det":
        return words[0][0], words[-1][1]
    return None


def _mention_after(text: str, pos: int, hi: int) -> Pair | None:
    """The noun phrase (or pronoun) starting right after ``pos``: `said Putin`."""
    return _noun_phrase(text, _words(text, pos, hi), pos, leftward=False)


def _skip_left(text: str, lo: int, pos: int) -> tuple[int, bool]:
    """Step left over auxiliaries, adverbs and time adjuncts; also say if a form of *be* was one."""
    be = False
    skipped_day = False
    for a, b in reversed(_words(text, lo, pos)):
        if text[b:pos].strip():
            break
        w = text[a:b]
        low = w.lower()
        contraction = re.search(r"[’']s$", w)
        if contraction and a < b - 2 and _kind(w[:-2]) in ("pronoun", "cap"):
            return b - 2, True  # `He’s claiming`
        if low in SKIP_WORDS or (low.endswith("ly") and w.isalpha() and w.islower() and len(w) > 4):
            be = be or low in BE_AUX
        elif low in CALENDAR and w[:1].isupper():
            skipped_day = True
        elif low == "on" and skipped_day:
            pass
        else:
            break
        pos = a
    return pos, be


def _clause_subject(text: str, s: int, end: int) -> Pair | None:
    """Subject of the clause governing a participle: the first mention at the sentence start or
    after a comma (skipping `As a gift,`) that is followed by a lowercase word (its verb)."""
    starts = [s] + [s + m.end() for m in re.finditer(r",\s+", text[s:end])]
    for st in starts:
        np = _mention_after(text, st, end)
        if np is None or np[0] != st:
            continue
        nxt = re.match(r"\s+([a-z]+)", text[np[1] : end])
        if nxt:
            return np
    return None


# ---------------------------------------------------------------- frames


def _cues(text: str, s: int, e: int, quotations: list[Pair]) -> list[_Cue]:
    """Cues in the sentence outside quotations; overlaps resolved (leftmost, then longest)."""
    found = []
    for regex, kind in CUE_PATTERNS:
        for m in regex.finditer(text, s, e):
            if not _inside(m.start(), quotations):
                first = m.group().split()[0]
                ing = first.endswith("ing") and regex is not PASSIVE_RE
                found.append(_Cue(m.start(), m.end(), kind, ing))
    found.sort(key=lambda c: (c.start, -c.end))
    cues: list[_Cue] = []
    for c in found:
        if not cues or c.start >= cues[-1].end:
            cues.append(c)
    return cues


def _frame_start(text: str, s: int, cue: _Cue) -> int | None:
    """Where ``cue``'s frame opens, if it ends the clause before it: the comma of `, saying`,
    `, X said`, `, according to`, or the `and` of a coordinated cue (`and warned`, `and he said`).
    """
    left, _ = _skip_left(text, s, cue.start)
    mention = _mention_before(text, s, left)
    before = text[s : mention[0] if mention else left].rstrip()
    if before.endswith(","):
        return s + len(before) - 1
    if m := re.search(r",?\s*\b(?:and|but)$", before):  # `..., and he expressed`
        return s + m.start()
    return None


def _content_limit(text: str, s: int, e: int, cue: _Cue, later: list[_Cue], q: list[Pair]) -> int:
    """Where a forward content must stop: the next frame's start, a clause break, or `e`."""
    end = e
    for c in later:
        frame = _frame_start(text, s, c)
        if frame is not None and frame > cue.end and not _inside(frame, q):
            end = frame
            break
    for m in _CLAUSE_BREAK.finditer(text, cue.end, end):
        if not _inside(m.start(), q):
            end = m.start()
            break
    if _RELATIVE.search(text[s : cue.start]):  # `Kim, whose government has told X it ...,`
        comma = text.find(",", cue.end, end)
        if comma != -1:
            end = comma
    return end


def _quotation_at(text: str, pos: int, e: int, quotations: list[Pair]) -> Pair | None:
    """The quotation that ends the sentence, starting at ``pos`` after `,`/`:` and spaces, or
    after a short adjunct (`says of Clinton, “...”`)."""
    m = re.match(r"(?:\s+(?:of|about|to|on|at)\s+[^,“”\"]{1,50}?)?\s*[,:]?\s*", text[pos:e])
    start = pos + (m.end() if m else 0)
    for a, b in quotations:
        if a == start and not text[b:e].strip(" .!?"):
            return a, b
    return None


def _forward(
    text: str, cue: _Cue, limit: int, mention: Pair | None, quotations: list[Pair]
) -> _Hit | None:
    """Content after the cue: past an addressee (tell-verbs) and an adjunct before `that`."""
    pos = cue.end
    if cue.kind == "tell" and (m := _ADDRESSEE.match(text, pos, limit)):
        pos = m.end()
    if m := _ADJUNCT_THEN_THAT.match(text, pos, limit):
        pos = m.end()
    a, b = _trim(text, pos, limit, quotations)
    if a >= b:
        return None
    has_quote = any(qa < b and qb > a for qa, qb in quotations)
    if cue.kind == "quote_only" and not has_quote:
        return None
    sep = text[cue.end : a]
    framed = bool(re.fullmatch(r"\s*[,:]\s*", sep)) or text[a + 1 : a + 2].isupper()
    return _Hit((a, b), (cue.start, cue.end), mention, framed)


def _finite(text: str, s: int, e: int, cue: _Cue, limit: int, quotations: list[Pair]) -> list[_Hit]:
    """A cue with its subject: quote-first, set-off quotation, trailing or forward frame."""
    left, be = _skip_left(text, s, cue.start)
    if cue.ing and not be:
        return []  # `before announcing`: not a finite cue
    if be and not cue.ing and not PASSIVE_RE.match(text, cue.start):
        return []  # passive `was welcomed by`
    c = (cue.start, cue.end)
    mention = _mention_before(text, s, left)
    if mention is None and (appo := re.search(r",[^,“”\"]{1,80},\s*$", text[s:left])):
        mention = _mention_before(text, s, s + appo.start())  # `Putin, in addition, called for`
    if mention is None:
        return _inverted(text, s, e, cue, left, quotations)
    head = _bare(text[slice(*mention)]).split()[-1].lower()
    if cue.kind == "document" and head.rstrip("s") not in DOCUMENT_NOUNS:
        return []
    rest_start = cue.end
    if cue.kind == "tell" and (m := _ADDRESSEE.match(text, cue.end, e)):
        rest_start = m.end()
    rest = text[rest_start:e]
    before = text[s : mention[0]].rstrip()
    end_before = s + len(before)
    # 1. quote first: `“...,” Kim said ...`, the quotation opening the sentence
    opening = any(a == s and b in (end_before, end_before - 1) for a, b in quotations)
    if before and opening:
        hits = [_Hit(_trim(text, s, end_before, quotations), c, mention, True)]
        if q := _quotation_at(text, cue.end, e, quotations):  # `“A,” he said, “B.”`
            hits.append(_Hit(q, None, mention, True))
        return hits
    # 2. cue, then a set-off quotation: `Pompeo said, “I do.”`
    if q := _quotation_at(text, rest_start, e, quotations):
        sep = text[rest_start : q[0]]
        framed = "," in sep or ":" in sep or text[q[0] + 1 : q[0] + 2].isupper()
        return [_Hit(q, c, mention, framed)]
    # 3. trailing: `CLAUSE, news agency ‘TASS’ reported.` / `... “dire,” he said.`
    set_off = re.search(r",[”’\"]*$", before) or any(b == end_before for _, b in quotations)
    if set_off and _ADJUNCT_ONLY.fullmatch(rest) and not _ADJUNCT_THEN_THAT.match(rest):
        a, b = _trim(text, s, end_before, quotations)
        return [_Hit((a, b), c, mention, True)] if a < b else []
    # ... or parenthetical: `The museum, Mr. Bush said, celebrated ...` (the rest continues it)
    if set_off and rest.startswith(","):
        a, b = _trim(text, s, end_before, quotations)
        second = _trim(text, rest_start + 1, limit, quotations)
        hits = [_Hit((a, b), c, mention, True)] if a < b else []
        return hits + (
            [_Hit(second, None, mention, True)] if hits and second[0] < second[1] else []
        )
    # 4. forward: `X said (that) CONTENT`
    hit = _forward(text, cue, limit, mention, quotations)
    return [hit] if hit else []


def _inverted(
    text: str, s: int, e: int, cue: _Cue, left: int, quotations: list[Pair]
) -> list[_Hit]:
    """`“...,” said Putin, who ...` / `CLAUSE, said X.`: the mention follows the cue."""
    before = text[s:left].rstrip()
    after = _mention_after(text, cue.end, e)
    verb = text[cue.start : cue.end]
    if not (after and before and before[-1] in ',”"’' and verb in INVERTIBLE):
        return []
    if left != cue.start:
        return []  # `..., have also endorsed Clinton`: not an inverted frame
    if _kind(text[slice(*after)]) == "pronoun" and text[after[1] : e].strip(" .,"):
        return []  # `, said he would`: a pronoun subject of the next clause
    a, b = _trim(text, s, s + len(before), quotations)
    return [_Hit((a, b), (cue.start, cue.end), after, True)] if a < b else []


def _according(text: str, s: int, e: int, cue: _Cue, quotations: list[Pair]) -> _Hit | None:
    """`CLAUSE, according to X.` or `According to X, CLAUSE.`"""
    m = re.match(r"\s*([^,;(—]+)", text[cue.end : e])
    if not m:
        return None
    ma, mb = _trim(text, cue.end + m.start(1), cue.end + m.end(1), [])
    mention = (ma, mb) if ma < mb else None
    before = text[s : cue.start].rstrip()
    if not before:
        a, b = _trim(text, mb, e, quotations)
    elif before.endswith(","):
        a, b = _trim(text, s, s + len(before), quotations)
    else:
        return None  # `the Russian leader said according to TASS`: part of another frame
    return _Hit((a, b), (cue.start, cue.end), mention) if a < b else None


def _participial(
    text: str, s: int, cue: _Cue, limit: int, hits: list[_Hit], quotations: list[Pair]
) -> _Hit | None:
    """`..., saying CONTENT`: the mention is the governing clause's (previous quote or subject)."""
    left, _ = _skip_left(text, s, cue.start)
    comma = text[s:left].rstrip()
    if not comma.endswith(","):
        return None
    mention = next((h.mention for h in reversed(hits) if h.mention), None)
    mention = mention or _clause_subject(text, s, s + len(comma))
    return _forward(text, cue, limit, mention, quotations)


def _sentence_hits(text: str, s: int, e: int, quotations: list[Pair]) -> list[_Hit]:
    """Every quote whose cue lies in sentence ``(s, e)``."""
    cues = _cues(text, s, e, quotations)
    hits: list[_Hit] = []
    for i, cue in enumerate(cues):
        limit = _content_limit(text, s, e, cue, cues[i + 1 :], quotations)
        if cue.kind == "according":
            found = [_according(text, s, e, cue, quotations)]
        elif cue.ing and text[s : _skip_left(text, s, cue.start)[0]].rstrip().endswith(","):
            found = [_participial(text, s, cue, limit, hits, quotations)]
        elif re.search(r"\band$", text[s : _skip_left(text, s, cue.start)[0]].rstrip()):
            # coordinated cue `said ... and warned ...`: the subject of the quote before, or of
            # the clause (`The Ambassador met students and encouraged ...`)
            mention = hits[-1].mention if hits else _clause_subject(text, s, cue.start)
            found = [_forward(text, cue, limit, mention, quotations) if mention else None]
        else:
            found = list(_finite(text, s, e, cue, limit, quotations))
        hits += [h for h in found if h is not None]
    return hits


# ---------------------------------------------------------------- speakers


def _name_words(phrase: str) -> list[str]:
    """The name part of a mention: words after the last title or description word."""
    words = [_bare(w) for w in phrase.split()]
    words = [w for w in words if w]
    last = -1
    for i, w in enumerate(words):
        low = w.lower()
        honoured = i and words[i - 1].lower() in HONORIFICS
        if honoured and w[:1].isupper() and low not in ADDRESSED_OFFICES:
            continue  # `Mr. King`
        if (
            {low, low.removesuffix("s")} & TITLES
            or _kind(low) in ("noun", "det")
            or low in MODIFIERS
        ):
            last = i
    name = words[last + 1 :]
    if name[:1] and name[0].lower() in ("of", "for"):  # `Secretary of State Mike Pompeo`
        name = name[2:]
    while name[:1] and name[0].lower() in NOT_NAME_START:  # `Those who seek`
        name = name[1:]
    return [w for w in name if w[:1].isupper() and not re.fullmatch(r"[A-Z]\.", w)]


def _normal(words: list[str]) -> str:
    """Join name words; a hyphenated given name `Jong-un` is written `Jong Un`."""
    out = " ".join(re.sub(r"-([a-z])", lambda m: " " + m.group(1).upper(), w) for w in words)
    return CANONICAL.get(out, out)


_NOT_NAME = NON_PERSON | TITLES
# words written lowercase in an unnamed group: `foreign ministers`
_GROUP_WORDS = TITLES | PERSON_NOUNS | MODIFIERS


def _name_shaped(word: str) -> bool:
    """Capitalised like a name (or a middle initial), and no title, place or organisation word."""
    plain = re.fullmatch(r"[A-Z][a-z][\w’'\-]*|[A-Z]\.", word)
    return bool(plain) and word.lower() not in _NOT_NAME


def _title_follows(text: str, pos: int) -> bool:
    """Does a title follow ``pos`` after a comma (`, Department Spokesperson`)?"""
    m = re.match(r",\s+((?:[A-Z][\w.’'\-]*\s+){0,3}[A-Z][\w.’'\-]*)", text[pos : pos + 80])
    return bool(m) and any(w.lower() in TITLES for w in m.group(1).split())


def _titles_before(text: str, pos: int) -> frozenset[str]:
    """The title words of the capitalised phrase right before ``pos``: `U.S. Secretary of State`
    -> {secretary}, `Deputy Secretary` -> {deputy, secretary}."""
    found = set()
    for word in reversed(text[max(0, pos - 80) : pos].split()):
        word = _bare(word)
        ends = word[-1:] in (".", ",", ";", ":", "!", "?")
        abbreviation = word.lower() in TITLES or re.fullmatch(r"(?:[A-Z]\.)+", word)
        if not (word[:1].isupper() or word in ("of", "for")) or (ends and not abbreviation):
            break  # a lowercase word or the end of the sentence before
        found.add(word.lower())
    return frozenset(found & TITLES)


def _of_a_title(text: str, pos: int) -> bool:
    """Is the word before ``pos`` the `of`, `for` or `to` of a title (`Prime Minister of`,
    `Ambassador to`)?"""
    lo = max(0, pos - 80)
    before = text[lo:pos].rstrip()
    for word in ("of", "for", "to"):
        if before.endswith(" " + word):
            return bool(_titles_before(text, lo + len(before) - len(word)))
    return False


class _People:
    """Person names as they occur (outside quotations), to expand surnames and resolve `he`.

    A name is the tail of a run of capitalised words (at most 3, at least 2 for a new name) that are
    no title, place or organisation word and never occur in lowercase in the text (`Freedom` in
    `Religious Freedom Rashad Hussain` does, as `freedom`)."""

    def __init__(self, text: str, quotations: list[Pair]) -> None:
        self.seen: list[tuple[int, str]] = []
        self.titled: list[tuple[int, str, frozenset[str]]] = []  # `Secretary Blinken`
        self.common = set(re.findall(r"\b[a-z][\w’'\-]*", text))
        known: dict[str, str] = {}
        words = [w for w in _words(text, 0, len(text)) if not _inside(w[0], quotations)]
        run: list[Pair] = []
        for i, (a, b) in enumerate([*words, (len(text) + 1, len(text) + 1)]):
            word = text[a:b]
            gap = text[run[-1][1] : a] if run else ""
            joined = run and not gap.strip() and "\n" not in gap  # a run ends with its line
            if i < len(words) and _kind(word) == "cap" and (joined or not run):
                run.append((a, b))
                continue
            if run:
                self._add(text, run, known)
            run = [(a, b)] if i < len(words) and _kind(word) == "cap" else []

    def _add(self, text: str, run: list[Pair], known: dict[str, str]) -> None:
        # the name is the longest tail of personal words: `Russian President Vladimir Putin`
        titled = _title_follows(text, run[-1][1])
        first = len(run) - len(self.person_tail([text[a:b] for a, b in run], titled))
        if first < len(run) - 1 and text[slice(*run[first])].endswith("ing"):
            first += 1  # a sentence-initial participle: `Accompanying Kim`
        words = [text[a:b] for a, b in run[first:] if not re.fullmatch(r"[A-Z]\.", text[a:b])]
        if first == 0 and len(words) == 3 and _of_a_title(text, run[0][0]):
            words = words[1:]  # `Prime Minister of Estonia Kaja Kallas`
            first = 1
        start = run[min(first, len(run) - 1)][0]
        if len(words) >= 2:
            full = _normal(words)
            for w in full.split():
                known[w] = full
            known[words[-1]] = full
            self._saw(text, start, full)
        elif len(words) == 1 and words[0] in known:
            self._saw(text, start, known[words[0]])

    def _saw(self, text: str, start: int, name: str) -> None:
        self.seen.append((start, name))
        titles = _titles_before(text, start)
        if titles:
            self.titled.append((start, name, titles))

    def _personal(self, word: str) -> bool:
        """A word that may be part of a person's name (or a middle initial)."""
        return _name_shaped(word) and word.lower() not in self.common

    def person_tail(self, words: list[str], title_after: bool = False) -> list[str]:
        """The last (at most 3) words of ``words`` that may form a person's name.

        Next to a title, a given name and a name-shaped surname are a name even when the surname
        also occurs in lowercase: `Spokesperson Ned Price`, or `Ned Price, Department
        Spokesperson` (``title_after``), in an article that also says `price`."""
        tail: list[str] = []
        for w in reversed(words):
            if len(tail) == 3 or not self._personal(w):
                break
            tail.insert(0, w)
        if len(tail) < 2 and len(words) >= 2:
            titled = title_after or (len(words) >= 3 and words[-3].lower() in TITLES)
            if titled and self._personal(words[-2]) and _name_shaped(words[-1]):
                return words[-2:]
        return tail

    def last_before(self, pos: int) -> str | None:
        """The most recent person named before ``pos``."""
        names = [n for p, n in self.seen if p < pos]
        return names[-1] if names else None

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

    def last_titled(self, pos: int, titles: frozenset[str]) -> str | None:
        """The most recent person named before ``pos`` with exactly these titles."""
        names = [n for p, n, t in self.titled if p < pos and t == titles]
        return names[-1] if names else None

    def expand(self, word: str, pos: int) -> str | None:
        """The full name a bare surname or given name stands for, preferring earlier mentions."""
        before = [n for p, n in self.seen if p < pos and word in n.split()]
        after = [n for p, n in self.seen if p >= pos and word in n.split()]
        return (before[-1:] or after[:1] or [None])[0]


def _organisation(phrase: str) -> str | None:
    """An organisation's capitalised name, whole and without its article: `New York Times`.

    The mention must be nothing else (`the State Department official` is a person) and end in an
    organisation head word (`Department`, or `Times` in `The Times of Israel`), with no title."""
    words = [_bare(w) for w in phrase.split()]
    if words[:1] and words[0].lower() == "the":
        words = words[1:]
    capitalised = all(
        w[:1].isupper() or (0 < i < len(words) - 1 and w in ("of", "for"))
        for i, w in enumerate(words)
    )
    if len(words) < 2 or not capitalised or _kind(words[0]) == "det":
        return None
    head = next((words[i - 1] for i, w in enumerate(words) if w in ("of", "for")), words[-1])
    if head.lower() not in ORG_HEADS or {w.lower() for w in words} & TITLES:
        return None
    name = " ".join(words)
    return CANONICAL.get(name, name)


# an appositive after a name: `Donna Brazile, the interim chairwoman`, `Jim Jordan (R-Ohio)`,
# `Benjamin Green, 83`
_APPOSITIVE = re.compile(r"\s*\(|,\s+(?=(?:a|an|the|who|which|whose)\b|[a-z0-9])")


# a plural subject for the two people last named with a title (scheme section 6): `Both leaders`.
# Not `both` alone or `the two sides`: on State Department releases those were as often
# delegations, or a framing line's spokesperson, as the two people named last.
_PAIR = re.compile(r"(?:the two|both) (?:leaders|ministers|presidents)", re.I)


# a government named by its country: `the Government of Russia`, `the Cuban Government`,
# `the Kingdom of Bahrain` (scheme section 3: governments map to the country)
_STATE_OF = re.compile(
    r"(?:Governments?|Kingdom|Republic|State|Sultanate)\s+of\s+(?:the\s+)?(.+)", re.I
)
_GOVERNMENT = re.compile(r"(.+?)(?:[’']s)?\s+government", re.I)
_POSSESSIVE = re.compile(r"\w[’']s$")


def _whole_name(phrase: str) -> str | None:
    """The canonical name of a whole mention: an alias (`the PRC`, `the People’s Republic of
    China`, `Tony Blinken`), or a government named by its country (`the Cuban Government`)."""
    bare = re.sub(r"^the\s+", "", phrase, flags=re.I)
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
    return next((i for i, w in enumerate(words) if _POSSESSIVE.search(_bare(w))), None)


def _speaker(phrase: str, pos: int, people: _People) -> str | None:
    """Canonical speaker for a mention (see the module docstring)."""
    phrase = phrase.strip().rstrip(",;:")
    if not phrase:
        return None
    head = _APPOSITIVE.split(phrase, maxsplit=1)[0].strip()
    if head and head != phrase:
        return _speaker(head, pos, people)
    whole = _whole_name(phrase)
    if whole:
        return whole
    organisation = _organisation(phrase)
    if organisation:
        return organisation
    words = phrase.split()
    owner = _owner(words)
    if owner is not None:  # `His remarks` / `Blinken’s remarks` are his; `his spokesman` is not
        rest = " ".join(words[owner + 1 :])
        if _name_words(rest) and _kind(words[-1]) == "cap":
            return _speaker(rest, pos, people)  # `Russia’s Foreign Minister Sergei Lavrov`
        if rest and _bare(words[-1]).lower() not in UTTERANCE_NOUNS:
            return None  # `his spokesman`, `Austin Tice’s parents`: someone else
        pronoun = POSSESSIVE_PRONOUNS.get(words[owner].lower())
        owned = pronoun or " ".join([*words[:owner], _bare(words[owner])[:-2]])
        return _speaker(owned, pos, people)
    if _PAIR.fullmatch(phrase.strip()):
        return people.last_pair(pos)
    parts = [p for p in re.split(r"\s+(?:and|&)\s+", phrase) if p.strip()]
    if len(parts) > 1 and parts[0].split()[0].lower() == "the":
        # `The Secretary and Foreign Minister`: the article covers both titles
        parts = [
            "the " + p
            if p.split()[0].lower() in TITLES and _bare(p.split()[-1]).lower() in PERSON_NOUNS
            else p
            for p in parts
        ]
    if len(parts) > 1:
        names = [_speaker(p, pos, people) for p in parts]
        if not all(names) or len(set(names)) < len(names):  # one person for two: a wrong guess
            return None
        return " & ".join(sorted(names, key=str.lower))  # type: ignore[arg-type]
    low = phrase.lower()
    if low in ("he", "she"):
        return people.last_before(pos)
    if low in ("they", "it"):
        return None
    name = _name_words(phrase)
    group = words[1:] if _kind(words[0]) == "det" else words
    plural = len(group) > 1 and (group[-1] == "people" or group[-1].endswith("s"))
    if plural and country_of(group[0]) and all(w.islower() for w in group[1:]):
        return " ".join(group)  # `the Ukrainian people`, `the Haitian authorities`: a group
    if name:
        if len(name) == 1 and name[0] not in CANONICAL:
            return people.expand(name[0], pos) or name[0]
        tail = people.person_tail(name)
        return _normal(tail if len(tail) >= 2 else name)
    head = _bare(words[-1]).lower()
    det = words[0].lower()
    if head in PERSON_NOUNS and det in ("the", "this"):
        # `the Secretary`: the last person titled so (`Secretary Blinken`), else the last person
        titles = frozenset(w.lower() for w in words) & TITLES
        return people.last_titled(pos, titles) or people.last_before(pos)  # `the Russian leader`
    if head.endswith("s") and head.rstrip("s") in PERSON_NOUNS and _kind(words[0]) != "det":
        # `analysts`, `Republican lawmakers`, `Foreign Ministers` -> `foreign ministers`
        return " ".join(
            w.lower() if _GROUP_WORDS & {w.lower(), w.lower().removesuffix("s")} else w
            for w in words
        )
    return None


# ---------------------------------------------------------------- API


def _quote_type(content: Pair, framed: bool, quotations: list[Pair]) -> str:
    a, b = content
    inner = [(qa, qb) for qa, qb in quotations if qa < b and qb > a]
    if not inner:
        return "indirect"
    return "direct" if inner == [content] and framed else "mixed"


# a transcript's turn label at the start of a line: "MR PRICE:", "SECRETARY BLINKEN:", "QUESTION:"
_TURN_LABEL = re.compile(
    r"^[ \t]*([A-Z][A-Z.’'\-]*(?: [A-Z][A-Z.’'\-]*){0,3}):", flags=re.MULTILINE
)
# first-person mentions and the speaker they stand for outside a transcript turn
FIRST_PERSON = {"i": "I", "me": "I", "my": "I", "we": "We", "us": "We", "our": "We"}
_NOT_A_SPEAKER = frozenset(("QUESTION", "Q", "MODERATOR", "OPERATOR", "PARTICIPANT", "NOTE"))


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
    words = [w for w in first.group(1).split() if not re.fullmatch(r"[A-Z]\.", w)]
    return _normal(words) if len(words) >= 2 and all(map(_name_shaped, words)) else None


class SpeakerResolver:
    """Canonical speakers for mentions found by any system in one text (these rules' names).

    In a briefing transcript a mention inside a turn label ("MR PRICE:") and a first-person
    "I", "my", "we" or "our" in a turn resolve to the turn's speaker; questions have no named
    speaker. In a text without turns whose first line is its author's byline ("Antony J.
    Blinken, Secretary of State"), a first-person mention outside quotation marks is that
    author. Otherwise first-person mentions are "I" or "We" ("My" and "our" included)."""

    def __init__(self, text: str) -> None:
        self.quotations = _quotations(text)
        self.people = _People(text, self.quotations)
        self.turns = [(m.start(), m.end(1), m.group(1)) for m in _TURN_LABEL.finditer(text)]
        self.author = None if self.turns else byline_person(text)

    def __call__(self, mention: Span) -> str | None:
        turn = self.turn(mention.start)
        if turn is not None:
            start, end, label = turn
            inside = start <= mention.start and mention.end <= end
            if inside or mention.text.lower() in FIRST_PERSON:
                if label in _NOT_A_SPEAKER:
                    return None
                return _speaker(label.title(), start, self.people)
        if mention.text.lower() in FIRST_PERSON:
            quoted = _inside(mention.start, self.quotations)
            return self.author if self.author and not quoted else FIRST_PERSON[mention.text.lower()]
        return _speaker(mention.text, mention.start, self.people)

    def person(self, name: str, pos: int) -> str | None:
        """The full name the article gives a person named by title and surname or by surname
        near ``pos`` (`President Putin` or `Putin` -> `Vladimir Putin`), or None. A bare surname
        counts only when the full name came with a title (`President Vladimir Putin`), so that
        `Ukraine` never becomes a capitalised run such as `Occupied Ukraine`."""
        words = _name_words(name)
        if not words or len(words) > 3 or not all(_name_shaped(w) for w in words):
            return None
        full = self.people.expand(words[-1], pos)
        if not full or full.split()[-1] != words[-1] or not set(words) <= set(full.split()):
            return None
        titled = {w.lower() for w in name.split()} & TITLES
        return full if titled or any(n == full for _, n, _ in self.people.titled) else None

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


def find_quotes(text: str) -> list[Quote]:
    """All quotes the rules find in ``text``, in text order, ids ``b1``, ``b2`` ..."""
    quotations = _quotations(text)
    hits: list[_Hit] = []
    previous: list[_Hit] = []
    for s, e in _sentences(text, quotations):
        found = _sentence_hits(text, s, e, quotations)
        if not found and (s, e) in quotations:  # continuation of the previous sentence's quote
            last = next((h for h in reversed(previous) if h.mention), None)
            if last is not None:
                found = [_Hit((s, e), None, last.mention, True)]
        hits += found
        previous = found
    people = _People(text, quotations)
    quotes: list[Quote] = []
    seen: set[tuple[Pair, Pair | None, Pair | None]] = set()
    for h in sorted(hits, key=lambda h: (h.content[0], h.cue or (-1, -1))):
        key = (h.content, h.cue, h.mention)
        if key in seen or h.content[0] >= h.content[1]:
            continue
        seen.add(key)
        mention = Span.of(text, *h.mention) if h.mention else None
        quotes.append(
            Quote(
                id=f"b{len(quotes) + 1}",
                content=Span.of(text, *h.content),
                type=_quote_type(h.content, h.framed, quotations),
                cue=Span.of(text, *h.cue) if h.cue else None,
                speaker_mention=mention,
                speaker=_speaker(mention.text, mention.start, people) if mention else None,
            )
        )
    return quotes


def annotate(doc: Document) -> Document:
    """The same document (id, text, meta) with its quotes replaced by :func:`find_quotes`."""
    return replace(doc, meta=dict(doc.meta), quotes=find_quotes(doc.text))


# ---------------------------------------------------------------- command line


def read_inputs(path: Path) -> tuple[list[Document], list[RecordError]]:
    """Documents to annotate from a folder of ``.txt`` or a JSONL of ``{id, text, ...}`` records
    (canonical documents included: their meta is kept, their quotes replaced). A bad record
    becomes an error naming its file and line; the rest load."""
    docs: list[Document] = []
    errors: list[RecordError] = []
    if path.is_dir():
        for file in sorted(path.glob("*.txt")):
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                errors.append(RecordError(f"cannot read: {e}", file=file))
                continue
            if text.strip():
                docs.append(Document(file.stem, text, {"source_file": file.name}))
            else:
                errors.append(RecordError("empty text", file=file))
        return docs, errors
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                docs.append(_record(json.loads(raw.decode("utf-8"))))
            except (UnicodeDecodeError, ValueError, TypeError) as e:
                errors.append(RecordError(str(e), file=path, line=lineno))
    return docs, errors


def _record(obj: Any) -> Document:
    """One JSONL record as a document, or ValueError saying what is wrong with it."""
    if not isinstance(obj, dict):
        raise ValueError(f"a record must be a JSON object, not {type(obj).__name__}")
    if not isinstance(obj.get("id"), str | int) or str(obj.get("id")) == "":
        raise ValueError("record has no id")
    if not isinstance(obj.get("text"), str) or not obj["text"].strip():
        raise ValueError("record has no text")
    if "meta" in obj or "quotes" in obj:
        meta = obj.get("meta") or {}
        if not isinstance(meta, dict):
            raise ValueError("meta must be a JSON object")
    else:
        meta = {k: v for k, v in obj.items() if k not in ("id", "text")}
    return Document(str(obj["id"]), obj["text"], dict(meta))


def run(args: argparse.Namespace) -> int:
    """``quotestance baseline``: exit 0, or 1 when an input is missing or a record was skipped."""
    path = Path(args.input)
    if not path.exists():
        log.error("input %s does not exist", path)
        return 1
    docs, errors = read_inputs(path)
    for err in errors:
        log.error("skipped: %s", err)
    annotated = [annotate(d) for d in docs]
    n = write_jsonl(annotated, args.output)
    quotes = sum(len(d.quotes) for d in annotated)
    log.info(
        "%d documents, %d baseline quotes -> %s (%d skipped)", n, quotes, args.output, len(errors)
    )
    return 1 if errors else 0


def register(subparsers: Any) -> None:
    """Add ``quotestance baseline --input FILE.jsonl|DIR --output OUT.jsonl``."""
    p = subparsers.add_parser(
        "baseline",
        help="find quotes with the rule-based baseline",
        description="Annotate documents with the rule-based baseline quote finder "
        f"({MODEL_VERSION}). Bad records are reported by line and skipped (exit 1).",
    )
    p.add_argument(
        "--input",
        required=True,
        help="JSONL of {id, text, ...} records or canonical documents, or a folder of .txt files",
    )
    p.add_argument("--output", required=True, help="canonical JSONL to write")
    p.set_defaults(func=run)
