"""A quote's target (what it is about) and the stance classifier's input for it.

Without a list of targets, the target is the phrase the quote evaluates (:func:`target_phrase`:
"condemned [the DPRK's recent launches]", "stressed the importance of [calm in Jerusalem]"),
reported by its canonical name when it starts with one ("Russia's unprovoked war" -> "Russia");
else the first name in the quote (:func:`found_target`); else none, and the stance is then the
quote's as a whole. With a list, the first given target the quote names (:func:`choose_target`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotation.demonyms import country_of
from annotation.schema import Quote, Span
from annotation.words import CALENDAR, CANONICAL, TITLES

if TYPE_CHECKING:
    from annotation.speakers import SpeakerResolver
    from training.stance import StanceInput

_NAME = re.compile(r"(?:[A-Z][\w’'\-.]*\s+)*[A-Z][\w’'\-]+")
_WORD = re.compile(r"[\w’'\-]+")
_POSSESSIVE = re.compile(r"(?<=\w)[’']s?$")
_CONTRACTION = re.compile(r"[’'](?:ve|ll|re|d|m)$|n[’']t$", re.IGNORECASE)
# words capitalised at a sentence start or in a transcript label, never a target by themselves
_LEADING_WORDS = frozenset(
    """a an and as at but for here if in i i’m i'm it it’s it's let let’s let's no now of on or our
    so that the then there these they this those today we we’re we're well what when while yes
    yet you""".split()  # noqa: SIM905
)


# ---------------------------------------------------------------- the phrase a quote evaluates

_PREPOSITIONS = "of|for|to|with|about|regarding|toward|towards|over|on|in"
# words before the phrase: quote marks, "that", a connective
_OPENING = re.compile(
    r"""[\s"“”'‘’(\[]*"""
    r"(?:(?:that|and|but|so|also|then|in terms of|the fact that|of course),?\s+)*",
    re.I,
)
# a preposition left at the start by the content's edge: "to [Afghan refugees]"
_LEADING_PREPOSITION = re.compile(rf"(?:{_PREPOSITIONS}|about|at|from|by|against)\s+", re.I)
# a verb before its object: "to seek [closer ties]", "strengthening [historic ties]"
_NOT_A_VERB = r"(?!(?:the|a|an|their|its|our|his|her|all|this|these|those|every)\b)"
_INFINITIVE = re.compile(rf"to\s+{_NOT_A_VERB}[a-z]+\s+(?:(?:up|out|{_PREPOSITIONS})\s+)?")
_GERUND = re.compile(rf"[a-z]+ing\s+(?:(?:up|out|{_PREPOSITIONS})\s+)?")
# a noun that carries the attitude, not its object: "the importance of", "U.S. support for";
# some take a verb: "efforts to [combat COVID-19]", "the need to [end the war]"
_FRAME_OPENING = (
    r"(?:(?:the|a|an|their|his|her|its|our|my|your|this|[A-Z][\w.\-]*(?:[’']s?)?)\s+)*"
    r"(?:(?:deep|deepest|strong|strongest|unwavering|continued|continuing|ongoing|steadfast|"
    r"profound|serious|grave|full|shared|firm|ironclad|close|sincere|great|mutual|urgent|"
    r"critical|pressing|enduring|longstanding|further|additional|concrete)\s+)*"
)
_FRAME_TO_VERB = re.compile(
    _FRAME_OPENING
    + r"(?:efforts?|ways|steps|measures|need|readiness|desire|willingness|calls?|resolve|"
    r"urgency|hopes?)\s+to\s+" + rf"{_NOT_A_VERB}[a-z]+\s+(?:(?:up|out|{_PREPOSITIONS})\s+)?",
    re.I,
)
_FRAME = re.compile(
    _FRAME_OPENING
    + r"(?:importance|need|support|commitments?|concerns?|appreciation|readiness|desire|"
    r"openness|solidarity|hopes?|opposition|condemnation|calls?|gratitude|thanks|respect|"
    r"interest|willingness|urgency|significance|value|priority|dedication|resolve)\s+"
    rf"(?:{_PREPOSITIONS})\s+",
    re.I,
)
# a content that opens with a pronoun, a question word, an interjection, a verb form or an
# adverb names no phrase ("is ...", "clear that ..." after "made", "us that ..." after "told")
_NO_PHRASE = re.compile(
    r"(?:i|we|you|he|she|it|they|this|there|these|those|what|how|why|if|when|where|who|let|"
    r"here|now|as|so|well|yes|no|thank|please|us|me|him|them|is|are|was|were|be|been|being|am|"
    r"has|have|had|will|would|must|should|shall|can|could|may|might|do|does|did|not|that|"
    r"very|also|just|only|even|still|already|again|today|forward|before|after|then|clear|"
    r"whether|because|although|though|since|until|unless|than|too|\w+n[’']t)\b",
    re.I,
)
# where the phrase ends: a verb group, a relative word, an -ing clause, a verb after `to`,
# a sentence end (not an abbreviation's dot: `U.S. support`), or clause punctuation; quotation
# marks inside it are scare quotes (`an “international” security guarantee`)
_PHRASE_END = re.compile(
    r"\s(?:is|are|was|were|will|would|must|should|shall|has|have|had|can|could|may|might|do|"
    r"does|did|that|which|who|whom|whose|where|as|remains?|continues?)\b"
    r"|\s(?:in|by|through|for|while|after|before|when)\s+\w+ing\b"
    rf"|\sto\s+{_NOT_A_VERB}[a-z]"
    r"|(?<!\b[A-Z])[.!?](?=\s|$)|[,;:—–()]"
)
_PREPOSITION = re.compile(
    r"\s(of|in|for|to|on|with|from|at|by|through|during|towards?|against|between|among|under|"
    r"into|over)\s"
)
_PHRASE_WORDS = 12
_DETERMINER = re.compile(r"(?:the|a|an|their|his|her|its|our)\s+", re.I)


def target_phrase(content: str) -> tuple[int, int] | None:
    """The ``(start, end)`` in ``content`` of the noun phrase it evaluates, or None.

    The phrase is the content's first noun phrase, after a verb that takes it as object and after
    a noun that carries the attitude ("the need for", "deep concern about"). It ends before a verb
    group, a relative clause or clause punctuation, and keeps one prepositional phrase
    ("humanitarian assistance to Ukraine"; "of" between capitalised words is part of a name:
    "the Republic of Korea"). A content that opens with a pronoun ("We are committed ...") gives
    none. These are surface rules with no parser: the stance classifier marks the phrase, and a
    phrase that is a little long still points it at the right thing."""
    i = _OPENING.match(content).end()
    for skip in (_INFINITIVE, _LEADING_PREPOSITION, _GERUND, _FRAME_TO_VERB, _FRAME, _GERUND):
        m = skip.match(content, i)
        if m and m.end() < len(content):
            i = m.end()
    rest = content[i:]
    if not rest.strip() or _NO_PHRASE.match(rest):
        return None
    stop = _PHRASE_END.search(rest)
    end = stop.start() if stop and stop.start() > 0 else len(rest)
    inner = [p for p in _PREPOSITION.finditer(rest[:end]) if not _in_name(rest, p)]
    if len(inner) > 1:
        end = inner[1].start()
    words = list(re.finditer(r"\S+", rest[:end]))[:_PHRASE_WORDS]
    if all(_DETERMINER.fullmatch(w.group() + " ") for w in words):  # nothing but "the"
        return None
    return i + words[0].start(), i + words[-1].end()


def _in_name(text: str, prep: re.Match[str]) -> bool:
    """Whether `of` joins two capitalised words ("Republic of Korea")."""
    before = text[: prep.start()].split()
    after = text[prep.end() :].lstrip()
    return (
        prep.group(1) == "of"
        and bool(before and after)
        and before[-1][0].isupper()
        and after[0].isupper()
    )


def quote_target(
    quote: Quote, text: str, names: SpeakerResolver | None = None
) -> tuple[str | None, Span | None]:
    """The target of a quote and its words: the phrase it evaluates (:func:`target_phrase`),
    named canonically when it starts with a name ("the DPRK's recent launches" -> "North Korea")
    and otherwise by its own words without a leading article; else the first name in the quote
    (:func:`found_target`); else ``(None, None)``."""
    c = quote.content
    at = target_phrase(c.text)
    if at is None:
        return found_target(quote, text, names) or (None, None)
    mention = Span(c.start + at[0], c.start + at[1], c.text[at[0] : at[1]])
    inner = Quote(id=quote.id, content=mention, type=quote.type, speaker=quote.speaker)
    named = found_target(inner, text, names)
    lead = _DETERMINER.match(mention.text)
    if named is not None and named[1].start == mention.start + (lead.end() if lead else 0):
        return named[0], mention
    return _DETERMINER.sub("", mention.text, count=1) if lead else mention.text, mention


# ---------------------------------------------------------------- names


def choose_target(
    quote: Quote,
    targets: Sequence[str] | None,
    text: str = "",
    names: SpeakerResolver | None = None,
) -> str | None:
    """A given target named in the quote (else the first given), or the first name in it
    (:func:`found_target`)."""
    if targets:
        content = quote.content.text.lower()
        named = [t for t in targets if t.lower() in content]
        return (named or list(targets))[0]
    found = found_target(quote, text, names)
    return found[0] if found else None


def found_target(
    quote: Quote, text: str = "", names: SpeakerResolver | None = None
) -> tuple[str, Span] | None:
    """The first name in the quote as a target, and the words of the quote it comes from.

    A name is a run of capitalised words that is not the speaker and not an ordinary word
    capitalised at a sentence start or in a transcript label ("And", "It's", "QUESTION",
    "I've"): a one-word candidate that ``text`` (the article) also uses in lower case is
    skipped, and so is a title or a day alone ("Secretary", "Thursday"). A possessive ends the
    name ("Russia's invasion" -> "Russia"), capitals become their country as for speakers
    ("Washington" -> "United States"), and so do nationality words ("Russian forces" -> "Russia",
    :mod:`annotation.demonyms`). With ``names`` (the article's resolver), a person's
    title and surname become the full name the article gives ("President Putin" -> "Vladimir
    Putin"). The words are returned as the target's mention, which the stance classifier marks."""
    content = quote.content
    speaker_words = set((quote.speaker or "").split())
    lowered = lowercase_words(text or content.text)
    for m in _NAME.finditer(content.text):
        words = [(w.start(), w.group()) for w in re.finditer(r"\S+", m.group())]
        words = _possessor(words, lowered)
        while words and (words[0][1].lower() in _LEADING_WORDS or _CONTRACTION.search(words[0][1])):
            words = words[1:]
        name = " ".join(w for _, w in words)
        if len(name) <= 2 or {w for _, w in words} <= speaker_words:
            continue
        lo, hi = m.start() + words[0][0], m.start() + words[-1][0] + len(words[-1][1])
        start = content.start + lo
        mention = Span(start, content.start + hi, content.text[lo:hi])
        country = CANONICAL.get(name) or country_of(name)  # `Washington's`, `Russian` forces
        if country is not None:
            if country != quote.speaker:
                return country, mention
            continue
        if len(words) == 1 and any(name.lower() in s for s in (lowered, TITLES, CALENDAR)):
            continue
        full = names.person(name, start) if names else None
        if full is not None and set(full.split()) <= speaker_words:
            continue
        return full or name, mention
    return None


@functools.lru_cache(maxsize=64)
def lowercase_words(text: str) -> frozenset[str]:
    """The words an article writes in lower case: read once per article, not once per quote
    (it was a third of the stance step's time)."""
    return frozenset(w.lower() for w in _WORD.findall(text) if w.islower())


def _possessor(words: list[tuple[int, str]], lowered: frozenset[str]) -> list[tuple[int, str]]:
    """(offset, word)s up to the first possessive, without its ending: `Russia's invasion` ->
    `Russia`. A common word's possessive inside a name stays (`International Women's Day`)."""
    for i, (at, w) in enumerate(words):
        m = _POSSESSIVE.search(w)
        if m and i < len(words) - 1 and w[: m.start()].lower() in lowered:
            return words
        if m:
            return [*words[:i], (at, w[: m.start()])]
    return words


# ---------------------------------------------------------------- the classifier's input


def stance_input(quote: Quote) -> StanceInput:
    """The classifier's input for a quote, formatted as in training (speaker, cue, mention).

    A target mentioned in the quote is judged as written and marked: "the DPRK's launches", not
    "North Korea" (on the matched quotes of the seed and release gold, 3 more of 163 stances were
    right than with the canonical name). A given target is looked for by name. A quote without
    a target is judged as a whole: its content is the marked target."""
    from training.stance import StanceInput

    start = end = None
    target = quote.target or ""
    m, c = quote.target_mention, quote.content
    if m is None and quote.target is None:  # no target: the quote as a whole
        target, start, end = c.text, 0, len(c.text)
    elif m is not None and c.start <= m.start and m.end <= c.end:
        start, end = m.start - c.start, m.end - c.start
        target = m.text
    return StanceInput(
        c.text,
        target,
        target_start=start,
        target_end=end,
        speaker=quote.speaker,
        cue=quote.cue.text if quote.cue else None,
    )
