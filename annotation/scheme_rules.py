"""What the project's scheme leaves out, as rules over a found quote (ANNOTATION_SCHEME.md).

A model trained on PolNeAR also finds attributions that the scheme does not count:

- **planned speech** (section 1: has it been said?): ``will discuss``, ``plans to announce``, and
  ``will meet ... to discuss``, where the cue is an infinitive under a future verb in its sentence
  (``spoke with Y to discuss X`` has been said and stays);
- **the text's own voice** (section 6): a first-person source (``we``, ``I``, ``our``) outside
  quotation marks, in a text without transcript turns: the release's or the writer's own
  statement, not reported speech.

The baseline never proposes these (its cues are finite or participial verbs, and it skips
``we``/``I`` subjects). ``trainer.decode.scheme_rules`` applies them to the model's quotes.
"""

from __future__ import annotations

import re

from annotation.schema import Quote
from annotation.speakers import FIRST_PERSON, SpeakerResolver
from annotation.words import in_quotation

# a future or planning verb right before the cue (adverbs and `continue to` may come between)
_FUTURE_BEFORE = re.compile(
    r"(?:\b(?:will|’ll|'ll|shall)|\b(?:plans?|planned|expects?|is expected|are expected|"
    r"scheduled|intends?|going)\s+to)"
    r"(?:\s+(?:also|then|further|again|soon|continue\s+to))*\s+$",
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
    before = text[max(0, cue.start - 80) : cue.start]
    words = cue.text.split()  # a cue span may hold the auxiliary itself: `will highlight`
    heads = [before + "".join(w + " " for w in words[:k]) for k in range(min(3, len(words)))]
    if any(_FUTURE_BEFORE.search(h) for h in heads):
        return True
    if any(re.search(r"(?:^|\s)to\s+$", h) for h in heads):  # an infinitive: planned if its
        sentence = re.split(r"[.!?]\s|\n", text[max(0, cue.start - 300) : cue.start])[-1]
        return bool(_FUTURE_IN_SENTENCE.search(sentence))  # sentence is future
    return False


def own_voice(quote: Quote, names: SpeakerResolver) -> bool:
    """Is the quote's source the text's own first person (outside quotations and transcripts)?"""
    mention = quote.speaker_mention
    if mention is None or names.turns or mention.text.lower() not in FIRST_PERSON:
        return False
    return not in_quotation(mention.start, names.quotations)


def outside_scheme(text: str, quote: Quote, names: SpeakerResolver) -> str | None:
    """Why the scheme leaves this quote out (`planned speech`, `own voice`), or None."""
    if planned_speech(text, quote):
        return "planned speech"
    if own_voice(quote, names):
        return "own voice"
    return None
