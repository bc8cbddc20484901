"""A transparent rule-based quote finder: the baseline every model must beat.

It is also the pre-annotator for Label Studio tasks. Pure Python and regular expressions, no
model. The text is cut into quotation stretches and sentences (a sentence never ends inside a
quotation); every cue of the tables in :mod:`annotation.words` is found outside the quotations,
and one frame per cue decides the content and the speaker mention:

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

The canonical speaker of a mention follows :mod:`annotation.speakers`; the word tables are in
:mod:`annotation.words`. Type: ``indirect`` without quoted material; ``direct`` when the content
is one quotation set off as the utterance (quote first, after ``,``/``:``, or opening with a
capital); otherwise ``mixed`` (``lashed out at ‘countries ...’``). Stance and target are not
judged: None (unknown).
"""

from __future__ import annotations

import argparse
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from annotation.inputs import read_inputs
from annotation.schema import Document, Quote, Span, write_jsonl
from annotation.speakers import People, canonical_speaker
from annotation.words import (
    ACCORDING_RE,
    BARE_FORM_CUES,
    BE_AUX,
    CALENDAR,
    CUE_VERBS,
    DOCUMENT_NOUNS,
    FUNCTION_WORDS,
    INVERTIBLE,
    IRREGULAR,
    NOUN_LIKE,
    PASSIVE_RE,
    PHRASAL_CUES,
    SKIP_WORDS,
    Pair,
    abbreviation_dot,
    find_quotations,
    in_quotation,
    unquoted,
    word_kind,
    word_spans,
)

MODEL_VERSION = "baseline-rules-v1"
log = logging.getLogger(__name__)

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


def _sentences(text: str, quotations: list[Pair]) -> list[Pair]:
    """Sentences, never split inside a quotation, after an abbreviation, or after `?”`/`!”`."""
    sentences: list[Pair] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in _BOUNDARY.finditer(text, para.start(), para.end()):
            end = m.end()
            if any(a < end < b for a, b in quotations):
                continue
            if abbreviation_dot(text[start:end]):
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
        and not in_quotation(b - 1, quotations)
    ):
        b -= 1
    return a, b


# ---------------------------------------------------------------- words and mentions


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
        kind = word_kind(text[a:b])
        if kind == "pronoun":
            return (a, b) if not taken else _np_span(text, taken)
        if kind in ("cap", "noun", "mod") or (kind == "conn" and taken):
            taken.append((a, b))
        elif kind == "det" and (leftward or not taken):
            taken.append((a, b))
            nxt = seq[i + 1] if i + 1 < len(seq) else None
            if leftward and not (nxt and word_kind(text[nxt[0] : nxt[1]]) == "conn"):
                break  # the determiner opens the phrase, unless `a spokesman for the campaign`
        else:
            break
        edge = a if leftward else b
    return _np_span(text, taken if leftward else list(reversed(taken)))


def _np_span(text: str, taken: list[Pair]) -> Pair | None:
    """Validate a phrase collected from its head outwards (``taken[0]`` is the head side)."""
    while taken and word_kind(text[slice(*taken[-1])]) == "conn":
        taken.pop()
    while taken and word_kind(text[slice(*taken[0])]) in ("conn", "det", "mod"):
        taken.pop(0)
    if not taken or word_kind(text[slice(*taken[0])]) not in ("cap", "noun"):
        return None
    return min(taken)[0], max(taken)[1]


def _mention_before(text: str, lo: int, pos: int) -> Pair | None:
    """The noun phrase (or pronoun) ending right before ``pos``: the whole short phrase since the
    last comma (``top black lawmakers``, ``the New York businessman``), else the name/description
    words next to ``pos`` (``... published Thursday Putin``)."""
    return _clause_phrase(text, lo, pos) or _noun_phrase(
        text, word_spans(text, lo, pos), pos, leftward=True
    )


def _clause_phrase(text: str, lo: int, pos: int) -> Pair | None:
    """All of ``text[clause start:pos]`` if it reads as a subject noun phrase: at most 7 words, no
    function word or auxiliary, headed by a name word or description noun or opened by a
    determiner (`the announcer`)."""
    start = max(lo, *(text.rfind(ch, lo, pos) + 1 for ch in ',;:—―“”"'))
    words = word_spans(text, start, pos)
    if not words or len(words) > 7 or words[0][0] < start or text[start : words[0][0]].strip():
        return None
    kinds = [word_kind(text[a:b]) for a, b in words]
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
    return _noun_phrase(text, word_spans(text, pos, hi), pos, leftward=False)


def _skip_left(text: str, lo: int, pos: int) -> tuple[int, bool]:
    """Step left over auxiliaries, adverbs and time adjuncts; also say if a form of *be* was one."""
    be = False
    skipped_day = False
    for a, b in reversed(word_spans(text, lo, pos)):
        if text[b:pos].strip():
            break
        w = text[a:b]
        low = w.lower()
        contraction = re.search(r"[’']s$", w)
        if contraction and a < b - 2 and word_kind(w[:-2]) in ("pronoun", "cap"):
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
            if not in_quotation(m.start(), quotations):
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
        if frame is not None and frame > cue.end and not in_quotation(frame, q):
            end = frame
            break
    for m in _CLAUSE_BREAK.finditer(text, cue.end, end):
        if not in_quotation(m.start(), q):
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
    head = unquoted(text[slice(*mention)]).split()[-1].lower()
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
    if word_kind(text[slice(*after)]) == "pronoun" and text[after[1] : e].strip(" .,"):
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


# ---------------------------------------------------------------- API


def _quote_type(content: Pair, framed: bool, quotations: list[Pair]) -> str:
    a, b = content
    inner = [(qa, qb) for qa, qb in quotations if qa < b and qb > a]
    if not inner:
        return "indirect"
    return "direct" if inner == [content] and framed else "mixed"


# a transcript's turn label at the start of a line: "MR PRICE:", "SECRETARY BLINKEN:", "QUESTION:"
def find_quotes(text: str) -> list[Quote]:
    """All quotes the rules find in ``text``, in text order, ids ``b1``, ``b2`` ..."""
    quotations = find_quotations(text)
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
    people = People(text, quotations)
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
                speaker=canonical_speaker(mention.text, mention.start, people) if mention else None,
            )
        )
    return quotes


def annotate(doc: Document) -> Document:
    """The same document (id, text, meta) with its quotes replaced by :func:`find_quotes`."""
    return replace(doc, meta=dict(doc.meta), quotes=find_quotes(doc.text))


# ---------------------------------------------------------------- command line


def run(args: argparse.Namespace) -> int:
    """``quotestance baseline``: exit 0, or 1 when an input is missing or a record was skipped."""
    path = Path(args.input)
    if not path.exists():
        log.error("input %s does not exist", path)
        return 1
    docs, errors = read_inputs([path])
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
    """Add ``quotestance baseline --input FILE.jsonl|FILE.txt|DIR --output OUT.jsonl``."""
    p = subparsers.add_parser(
        "baseline",
        help="find quotes with the rule-based baseline",
        description="Annotate documents with the rule-based baseline quote finder "
        f"({MODEL_VERSION}). Bad records are reported by line and skipped (exit 1).",
    )
    p.add_argument(
        "--input",
        required=True,
        help="JSONL of {id, text, ...} records or canonical documents, a .txt file, or a folder "
        "of .txt files (annotation.inputs)",
    )
    p.add_argument("--output", required=True, help="canonical JSONL to write")
    p.set_defaults(func=run)
