"""A transparent sentiment-lexicon stance baseline: count positive and negative words.

The stance toward the target is read from the words of the quote (and of its cue, when given,
since ``lashed out at`` or ``called for`` carry the speaker's attitude):

1. The text is lower-cased and split into words (letters, digits and apostrophes).
2. Every word in :data:`POSITIVE` scores +1, every word in :data:`NEGATIVE` scores -1. Words that
   ask for less of something (``relief``, ``removed``, ``end``...) are in :data:`NEGATIVE`: wanting
   relief *from* a target is being against it.
3. A word within :data:`NEGATION_SCOPE` words after a negator (:data:`NEGATORS`: ``not``, ``no``,
   ``never``, ``hardly``...) has its score flipped: ``do not support`` scores -1.
4. The sum decides: > 0 ``favor``, < 0 ``against``, 0 ``neutral``.

The target only matters through the mention: words inside the marked target mention are scored
too (``the friendly relationship`` praises it). The lists are short on purpose, hand-written for
political news and diplomacy, and meant to be read; they are a floor for the learned model, not
a competitor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def _wordlist(text: str) -> frozenset[str]:
    """A word set from whitespace-separated words (keeps the lists readable)."""
    return frozenset(text.split())


#: Support, praise, cooperation, hope, peace and success.
POSITIVE: frozenset[str] = _wordlist(
    """
    support supports supported supporting supportive welcome welcomes welcomed welcoming
    praise praises praised praising applaud applauded commend commended endorse endorses endorsed
    advocate advocates advocated advocating favor favour favors favoured favored back backs backed
    agree agreed agreement approve approves approved approval
    good great excellent positive constructive useful meaningful fruitful productive successful
    success succeed progress breakthrough achievement achieve benefit beneficial valuable
    friendly friendship friend friends ally allies partner partnership cooperation cooperate
    cooperative ties closer strengthen strengthening strengthened strong stronger boost boosted
    develop developing development improve improved improving deepen deepening
    peace peaceful peacefully stable stability secure security safe calm
    hope hopes hoped hopeful optimistic confident confidence satisfied satisfaction pleased glad
    happy proud trust respect respected honest open interesting sincere
    firm committed commitment determined dialogue diplomatic solution resolve resolution
    win wins victory best better right fair legitimate important
    """
)

#: Criticism, opposition, blame, threat, failure, and asking for less of something.
NEGATIVE: frozenset[str] = _wordlist(
    """
    oppose opposes opposed opposing opposition against reject rejects rejected rejecting
    criticize criticise criticizes criticised criticized criticism critical condemn condemns
    condemned denounce denounced blame blames blamed accuse accuses accused attack attacks
    attacked slam slams slammed warn warns warned warning threat threats
    threaten threatens threatened threatening dangerous danger bad worse worst terrible awful
    wrong failure failed fail fails mistake mistakes dubious careless carelessly trample tramples
    blackmail pressure coerce force forced illegal unlawful violate violates violation violations
    aggression aggressive hostile hostility tension tensions conflict crisis war provocation
    provocative problem problems concern concerns worried worry fear fears fraud corrupt corruption
    lie lies lying liar disaster disgrace shame shameful ridiculous absurd outrageous unacceptable
    insufficient inadequate weak useless stalled deadlock tough harsh punish punishment sanction
    demand demands demanded relief removed remove removal end ending halt stop withdraw scrap
    lift lifted abandon abandoned doubt doubts skeptical sceptical disappointed disappointing
    """
)

#: Words that flip the polarity of the sentiment words following them.
NEGATORS: frozenset[str] = _wordlist(
    "not no never neither nor without hardly barely cannot can't won't don't doesn't didn't "
    "isn't aren't wasn't weren't shouldn't wouldn't couldn't nothing none"
)
NEGATION_SCOPE = 3
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def words(text: str) -> list[str]:
    """Lower-cased words; curly apostrophes are normalised (``can’t`` -> ``can't``)."""
    return [w.replace("’", "'") for w in WORD.findall(text.lower())]


def lexicon_score(text: str) -> int:
    """Positive minus negative words, each flipped when a negator precedes it closely."""
    score, negated_until = 0, -1
    for i, w in enumerate(words(text)):
        if w in NEGATORS or w.endswith("n't"):
            negated_until = i + NEGATION_SCOPE
            continue
        polarity = (w in POSITIVE) - (w in NEGATIVE)
        score += -polarity if i <= negated_until else polarity
    return score


def lexicon_stance(text: str, target: str | None = None, *, cue: str | None = None) -> str:
    """``favor`` / ``against`` / ``neutral`` of a quote (and its cue) toward ``target``.

    ``target`` is accepted for the common signature; the words of the quote decide.
    """
    score = lexicon_score(f"{cue} {text}" if cue else text)
    return "favor" if score > 0 else "against" if score < 0 else "neutral"


def predict_lexicon(inputs: Iterable[Any], *, use_cue: bool = True) -> list[str]:
    """Stances of objects with ``text``, ``target`` and optionally ``cue`` attributes."""
    return [
        lexicon_stance(x.text, x.target, cue=getattr(x, "cue", None) if use_cue else None)
        for x in inputs
    ]
