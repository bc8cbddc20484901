"""What the project's scheme leaves out, as rules over a found quote (ANNOTATION_SCHEME.md).

A model trained on PolNeAR also finds attributions that the scheme does not count:

- **planned speech** (section 1: has it been said?): ``will discuss``, ``plans to announce``, and
  ``will meet ... to discuss``, where the cue is an infinitive under a future verb in its sentence
  (``spoke with Y to discuss X`` has been said and stays), or where the cue is only the future
  auxiliary (``will``: the tags missed the verb);
- **the text's own voice** (section 6): a first-person source (``we``, ``I``, ``our``) outside
  quotation marks, in a text without transcript turns: the release's or the writer's own
  statement, not reported speech. Likewise the issuer named in the third person: in a
  first-person statement (``the United States rejects ...`` beside ``We stand with ...``), and
  in any press release when the cue is in the present tense (``The United States welcomes
  ...``); a readout's past-tense ``the United States announced`` stays (guideline section 8);
- **a transcript turn's own words** (guideline section 8, Transcripts): in a text with
  speaker-labelled turns (``MR PRICE: ...``), what the model found there with the turn's own
  speaker as source (its label or its first person) or with none, and no past speech word near
  the content (``we call on X``, ``let me say X``; ``as I said yesterday, X``, ``As mentioned,
  X`` and ``you said X`` stay), or with another source but no cue and no speech word between
  them (``Jonathan, we continue to ...``; ``as Linda said, X`` stays);
- **an event as source** (guideline section 8): ``The meeting addressed ...``, ``The Dialogue
  also highlighted ...``: a meeting, call or dialogue says nothing; its participants do;
- **a thought, belief, plan or perception** (section 1): a cue such as ``is expected``,
  ``plans`` or ``believes`` (``NON_SPEECH_CUE``, the words ``experiment=speech`` drops from its
  training data) with no speech word in it (``is seen advocating`` stays).
- **no attribution at all** (sections 1 and 2): content found with neither a speech cue (none,
  or only auxiliaries and adverbs: ``has``, ``will``, ``also``) nor a source, unless it is a
  direct quote (only a direct quote that continues the one before has no cue).

The baseline never proposes these (its cues are finite or participial verbs, and it skips
``we``/``I`` subjects). ``trainer.decode.scheme_rules`` applies them to the model's quotes.

Where the scheme's span boundaries differ from PolNeAR's, :func:`scheme_spans` moves them
(guideline sections 5 and 8): the addressee of ``thanked Y for X`` leaves the content (X is the
content), the noun of ``expressed appreciation for X`` joins it (cue ``expressed``), and a
cue loses the auxiliaries and adverbs before its verb (``also discussed`` -> ``discussed``, ``are
saying`` -> ``saying``); a passive quoting frame is taken whole (``was quoted by TASS as
saying``).
"""

from __future__ import annotations

import dataclasses
import re

from annotation.schema import Quote, Span
from annotation.speakers import FIRST_PERSON, SENTENCE_END, SpeakerResolver
from annotation.words import BE_AUX, NON_SPEECH_CUE, SPEECH_IN_CUE, in_quotation, word_set

# a future or planning verb right before the cue (adverbs and `continue to` may come between)
_FUTURE_BEFORE = re.compile(
    r"(?:\b(?:will|’ll|'ll|shall)|\b(?:plans?|planned|expects?|is expected|are expected|"
    r"scheduled|intends?|going)\s+to)"
    r"(?:\s+(?:also|then|further|again|soon|continue\s+to))*\s+$",
    re.IGNORECASE,
)
# the issuer of a U.S. press release, named in the third person at the start of a source mention
_ISSUER = re.compile(
    r"(?:the\s+)?(?:United\s+States|U\.S\.|America|(?:Biden(?:-Harris)?\s+)?Administration|"
    r"(?:U\.S\.\s+)?Department\s+of\s+State|State\s+Department)(?:\s+Government)?"
    r"(?:\s+and\b|\s*$)",  # the whole mention, or first of a coordination (not `U.S. CDC`)
    re.IGNORECASE,
)
# a release's first line: its issuing office, or its author with a title
_RELEASE_BYLINE = re.compile(
    r"\s*(?:Office of the Spokesperson|(?:U\.S\.\s+)?Department of State|"
    r"[^\n,]+,\s+(?:[\w.]+\s+)*(?:Spokesperson|Secretary of State))\s*\n"
)
# an event named as the source: `the meeting`, `The Dialogue`, `the two-day summit`
_EVENT = re.compile(
    r"the\s+(?:[\w-]+\s+){0,2}(?:meetings?|dialogue|talks|summit|conference|call|discussions?|"
    r"roundtable|session|visit|trip|event)",
    re.IGNORECASE,
)
_FIRST_PERSON_SUBJECT = re.compile(r"\b(?:[Ww]e|I)\b")
# words of a cue that hold no speech verb: auxiliaries, their clitics (`we’re` gives `re`), `to`,
# `also`, `not`
_NOT_A_CUE = BE_AUX | word_set(
    "am being has have had will would shall should can could may might must do does did to also "
    "not re ve ll m d"
)
_WORD = re.compile(r"[\w’']+")
_FUTURE = frozenset(("will", "ll", "shall"))  # future auxiliaries (`’ll` as its clitic `ll`)
# a speech word, any form: the cue verbs' (SPEECH_IN_CUE) and a few that are no cue alone
_SPEECH_WORD = re.compile(
    rf"{SPEECH_IN_CUE.pattern}|(?:mention|talk|rais|spok|made|thank|congratulat|convey)\w*", re.I
)
# capitalised, "Said" is a given name, not the verb: Said Arikat, a reporter at the briefings
# ("MR PRICE: Said, the President took advantage ...", "talking about evictions, Said, ...")
_NAMED_SAID = "Said"
_PAST = re.compile(
    r"\w+ed|said|told|spoke|made|gave|took|held|met|wrote|sent|brought|led|laid|put|set",
    re.IGNORECASE,
)
_FUTURE_IN_SENTENCE = re.compile(
    r"\b(?:will|’ll|'ll|shall|plans? to|expected to|scheduled to|intends? to)\b", re.IGNORECASE
)


def planned_speech(text: str, quote: Quote) -> bool:
    """Is the quote's cue future or planned speech (`will discuss`, `will meet ... to discuss`)?"""
    cue = quote.cue
    if cue is None:
        return False
    if _future_only(cue):  # `She will [...] discuss X` with `will` as the cue
        return True
    before = text[max(0, cue.start - 80) : cue.start]
    words = cue.text.split()  # a cue span may hold the auxiliary itself: `will highlight`
    heads = [before + "".join(w + " " for w in words[:k]) for k in range(min(3, len(words)))]
    if any(_FUTURE_BEFORE.search(h) for h in heads):
        return True
    sentence = SENTENCE_END.split(text[max(0, cue.start - 300) : cue.start])[-1]
    if not _FUTURE_IN_SENTENCE.search(sentence):
        return False
    # in a future sentence: an infinitive (`will meet ... to discuss`) or a bare verb coordinated
    # under `will` (`will underscore X, thank Y, and highlight Z`) is planned too
    return any(re.search(r"(?:^|\s)to\s+$", h) for h in heads) or _bare_verb(words[0])


def _future_only(cue: Span) -> bool:
    """Is the cue a future auxiliary and nothing that speaks (`will`, `will also`, `’ll`)?"""
    words = [w.lower().lstrip("’'") for w in _WORD.findall(cue.text)]
    return bool(words) and all(w in _NOT_A_CUE for w in words) and bool(_FUTURE & set(words))


def _bare_verb(word: str) -> bool:
    """Is the word a verb's bare form, not past, participle or third person (`highlight`)?"""
    w = word.lower()
    return w.isalpha() and not (
        _PAST.fullmatch(w) or w.endswith("ing") or (w.endswith("s") and not w.endswith("ss"))
    )


def own_voice(quote: Quote, names: SpeakerResolver) -> bool:
    """Is the quote's source the text's own first person (outside quotations and transcripts)?"""
    mention = quote.speaker_mention
    if mention is None or names.turns or mention.text.lower() not in FIRST_PERSON:
        return False
    return not in_quotation(mention.start, names.quotations)


def turn_voice(text: str, quote: Quote, names: SpeakerResolver) -> bool:
    """Is the quote a transcript turn's own words (guideline section 8, Transcripts)? So it is
    when nothing near it reports earlier speech:

    - with the turn's own speaker as source (its label, or its first person outside quotation
      marks) or with no source, unless a past speech word stands near the content: `we call on
      X`, `I think X`, `let me say X`, but not `as I said yesterday, X`, `we have made clear
      that X` or `As mentioned, X`;
    - with another source but no cue (a name addressed: `Jonathan, we continue to ...`; a
      question's subject: `Is the State Department concerned that X`), unless a speech word of
      any tense stands between them (`As Linda said, X`). A direct quote may continue the one
      before without a cue.

    A capitalised "Said" is a name ("Said, we say those things very clearly"), neither a cue
    nor a speech word."""
    turn = names.turn(quote.content.start)
    if turn is None:
        return False
    mention, cue, content = quote.speaker_mention, quote.cue, quote.content
    if cue is not None and (_in_label(cue, turn) or cue.text == _NAMED_SAID):
        cue = None
    own = mention is None or _in_label(mention, turn)
    if mention is not None and mention.text.lower() in FIRST_PERSON:
        own = own or not in_quotation(mention.start, names.quotations)
    if not own and (cue is not None or quote.type == "direct"):
        return False
    words = _WORD.findall(cue.text) if cue else []
    after = mention.end if mention else turn[1] + 1
    if content.start >= after:  # the words before the content in its sentence, its first two
        window = text[max(after, content.start - 60) : content.start + 1]  # + the next capital
        before = SENTENCE_END.split(window)[-1][:-1]
        words += _WORD.findall(before)[-6:] + _WORD.findall(content.text)[:2]
    else:  # `[X], I said`
        words += _WORD.findall(text[after : after + 60])[:4]
    return not any(
        (_PAST.fullmatch(w) or not own) and _SPEECH_WORD.fullmatch(w) and w != _NAMED_SAID
        for w in words
    )


def _in_label(span: Span, turn: tuple[int, int, str]) -> bool:
    """Does the span lie in the turn's label or its colon (`MR PRICE:`)?"""
    return turn[0] <= span.start and span.end <= turn[1] + 1


def first_person_text(text: str, names: SpeakerResolver) -> bool:
    """Does the text speak as `we` or `I` outside quotation marks (a statement, not a readout)?"""
    return any(
        not in_quotation(m.start(), names.quotations) for m in _FIRST_PERSON_SUBJECT.finditer(text)
    )


def issuer_voice(text: str, quote: Quote, names: SpeakerResolver) -> bool:
    """Is the source the release's issuer in the third person, speaking as the release does:
    anywhere in a first-person statement, or with a present-tense cue in any release?"""
    mention, cue = quote.speaker_mention, quote.cue
    if mention is None or names.turns or not _ISSUER.match(mention.text):
        return False
    if in_quotation(mention.start, names.quotations):
        return False
    if first_person_text(text, names):
        return True
    present = cue is not None and not _PAST.fullmatch(cue.text.split()[0])
    return present and bool(_RELEASE_BYLINE.match(text))


def event_source(quote: Quote) -> bool:
    """Is the quote's source mention an event (`The meeting`, `The Dialogue`), not a speaker?"""
    return quote.speaker_mention is not None and bool(_EVENT.fullmatch(quote.speaker_mention.text))


def thought_cue(quote: Quote) -> bool:
    """Is the cue a thought, belief, plan or perception with no speech word (`is expected`)?"""
    cue = quote.cue
    return cue is not None and bool(
        NON_SPEECH_CUE.search(cue.text) and not SPEECH_IN_CUE.search(cue.text)
    )


def speechless(cue: Span | None) -> bool:
    """Is there no speech verb in the cue: none at all, or only auxiliaries and adverbs such as
    `has`, `will`, `is`, `also` (section 2: the cue is the speech verb, without auxiliaries)?"""
    return cue is None or all(w.lower() in _NOT_A_CUE for w in _WORD.findall(cue.text))


def unattributed(quote: Quote) -> bool:
    """Does nothing attribute the quote: no speech cue and no source, and not a direct quote
    (section 2: only a direct quote continuing the one before has no cue, and it keeps that
    quote's source)?"""
    return speechless(quote.cue) and quote.speaker_mention is None and quote.type != "direct"


def outside_scheme(text: str, quote: Quote, names: SpeakerResolver) -> str | None:
    """Why the scheme leaves this quote out (`planned speech`, `own voice`, `a turn's own words`,
    `event as source`, `thought, not speech`, `no cue, no source`), or None."""
    if planned_speech(text, quote):
        return "planned speech"
    if own_voice(quote, names) or issuer_voice(text, quote, names):
        return "own voice"
    if turn_voice(text, quote, names):
        return "a turn's own words"
    if event_source(quote):
        return "event as source"
    if thought_cue(quote):
        return "thought, not speech"
    if unattributed(quote):
        return "no cue, no source"
    return None


# what stands before a cue's verb and stays out of the scheme's cue (guideline 5.2): auxiliaries
# and adverbs (`has also said` -> `said`), never a negation or a passive frame's `was`, `been`
_BEFORE_VERB = word_set(
    "has have had will would shall should can could may might must do does did ’ve 've ’ll 'll "
    "’d 'd also still then later again further even once only already just always often now ever "
    "ve ll d"  # a clitic the tags cut from its apostrophe: `we’ve said` gives cue `ve said`
)
# a progressive's `be` (not a passive's): `are saying` -> `saying`, `has been telling` -> `telling`
_PROGRESSIVE_BE = BE_AUX | {"re", "s", "m", "am"}
_LY_NOT_ADVERBS = word_set("reply rally apply supply comply imply ally")
_KEEPS_CUE_WHOLE = BE_AUX | {"been", "being", "not", "n’t", "never"}  # a passive frame, negation


def _before_verb(word: str) -> bool:
    """An auxiliary or adverb that stays out of a cue (`has`, `also`, `strongly`)."""
    adverb = word.endswith("ly") and len(word) > 4 and word not in _LY_NOT_ADVERBS
    return word in _BEFORE_VERB or adverb


def _progressive(words: list[str]) -> bool:
    """Is the first word a progressive's `be` (`are [now] saying`), not a passive's (`being said`,
    `is expected`)?"""
    if words[0] not in _PROGRESSIVE_BE:
        return False
    verb = next((w for w in words[1:] if not _before_verb(w)), "")
    return verb.endswith("ing") and verb != "being"


def bare_cue(text: str, cue: Span) -> Span:
    """The cue without the auxiliaries and adverbs before its verb: `also discussed` ->
    `discussed`, `has reportedly asked` -> `asked`, `strongly condemned` -> `condemned`, a
    progressive's `be` too: `are saying` -> `saying`, `’ve just said` -> `said`; kept
    when nothing else would be left, or a passive frame follows them (`has been quoted as
    saying`). An intermediary's `according to` after the verb goes too (`said according to`
    TASS -> `said`)."""
    found = list(re.finditer(r"\S+", cue.text))
    words = [w.group().lower() for w in found]
    k = 0
    while k < len(words) - 1 and (_before_verb(words[k]) or _progressive(words[k:])):
        k += 1
    end = cue.end
    if len(words) - k > 2 and cue.text.lower().endswith(" according to"):
        end = cue.start + found[-3].end()  # `said according to TASS`: TASS is an intermediary
    if words[k] in _KEEPS_CUE_WHOLE:
        k = 0
    return Span.of(text, cue.start + found[k].start(), end)


# the rest of a passive quoting frame after `quoted`: `[by Russian news service TASS] as saying`
_QUOTED = re.compile(r"\bquoted(?:\s+by)?$", re.IGNORECASE)  # a frame the tags cut short
_FRAME_REST = re.compile(r"(?:\s+[^\s.;:,“”\"]+){0,8}?\s+as\s+(?:saying|telling|stating)\b")


def quoting_frame(text: str, cue: Span) -> Span:
    """A passive quoting frame whole (guideline 5.2): the tags' `was quoted by` or `is quoted`
    goes on to its `as saying` (`was quoted by Russian news service TASS as saying`, `was quoted
    today as saying`), within its clause; any other cue comes back unchanged."""
    if not _QUOTED.search(cue.text):
        return cue
    rest = _FRAME_REST.match(text, cue.end)
    return Span.of(text, cue.start, rest.end()) if rest else cue


# cues whose object is an addressee, the content following `for` (`thanked Y for X`)
_THANKING = {"thanked", "thank", "thanks", "congratulated", "congratulate", "congratulates"}
_ADDRESSEE_FOR = re.compile(r"(?!for\b)(?:[^\s,]+\s+){1,6}?for\s+(?=\S)")
# cues whose noun is what is expressed, content in the scheme (`expressed appreciation for X`)
_EXPRESSING = {"expressed", "expresses", "express", "shared", "voiced"}


def scheme_spans(text: str, quote: Quote) -> Quote:
    """The quote with the scheme's boundaries where PolNeAR's differ: `thanked [the Minister for]
    X` has content X; `expressed [appreciation] for X` has cue `expressed` and content
    `appreciation for X`; `also discussed` has cue `discussed` (:func:`bare_cue`). Other quotes
    come back unchanged."""
    if quote.cue is not None:
        quote = dataclasses.replace(quote, cue=quoting_frame(text, bare_cue(text, quote.cue)))
    cue, content = quote.cue, quote.content
    if cue is None or not 0 <= content.start - cue.end <= 2:  # the content must follow the cue
        return quote
    words = list(re.finditer(r"\S+", cue.text))
    if words[-1].group().lower() in _THANKING:
        m = _ADDRESSEE_FOR.match(content.text)
        if m and m.end() < len(content.text):
            new = Span.of(text, content.start + m.end(), content.end)
            return dataclasses.replace(quote, content=new)
        return quote
    verb = next((w for w in words if w.group().lower() in _EXPRESSING), None)
    if verb is None or verb is words[-1]:
        return quote
    noun_start = cue.start + words[words.index(verb) + 1].start()
    return dataclasses.replace(
        quote,
        cue=Span.of(text, cue.start, cue.start + verb.end()),
        content=Span.of(text, noun_start, content.end),
    )
