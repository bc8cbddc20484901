"""Character-level edges of decoded spans: what the tags cut from a word, a name or a phrase.

The tagger works on sub-word tokens; :mod:`training.pipeline` turns its token spans into
character spans of the article and calls these to mend their edges:

- :func:`snap`: whole words (and `didn’t`, not `didn`); :func:`after_clitic`: a content does not
  start on `’s` cut from `he’s`; :func:`bare_content`: nor on a comma or a dash;
- :func:`whole_mention`: a speaker mention cut after a title, an office, an `of` or an article
  (`Secretary`, `the`) takes the name or the short noun phrase after it;
- :func:`apart`: a word the tags gave to both a content and its cue or mention stays with the
  cue or mention;
- :func:`cue_particle`: a preposition between a cue and its content is the cue's (`called for`);
- :func:`joint_subject`: a mention the tags cut before a second subject takes it too
  (`Secretary Blinken` of `Secretary Blinken and Foreign Minister Rau discussed`);
- :func:`pronoun_before`: a cue linked to no source takes the subject pronoun right before it
  (`we` of `we recognise`);
- :func:`addressed`: a name said to someone (`Chris, I’m ...`) is no speaker mention;
- :func:`other_sentence`: a cue of another sentence is no cue of a content that is not direct;
- :func:`line_breaks`: the per-token line-break flags that keep spans within a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotation.schema import Span
from annotation.speakers import SENTENCE_END
from annotation.words import (
    CALENDAR,
    DETERMINERS,
    DOCUMENT_NOUNS,
    FUNCTION_WORDS,
    HONORIFICS,
    NAME_PARTICLES,
    NON_SPEECH_CUE,
    PRONOUNS,
    SKIP_WORDS,
    SPEECH_IN_CUE,
    TITLES,
    UTTERANCE_NOUNS,
    abbreviation_dot,
)


def line_breaks(text: str, offsets: Sequence[tuple[int, int]]) -> list[bool]:
    """Per token: does a line break come before it? A paragraph mark token (its text is the
    break itself) takes the break, and the token after it does not count it again."""
    flags, after_mark, prev_end = [], True, 0  # the first token has no break before it
    for s, e in offsets:
        mark = text[s:e] == "\n"
        flags.append(mark or (not after_mark and "\n" in text[prev_end:s]))
        after_mark, prev_end = mark, e
    return flags


# a word that starts a sentence, never continues one after `U.S.` (`the E.O. In the coming months`)
_SENTENCE_OPENERS = FUNCTION_WORDS | DETERMINERS | PRONOUNS


def sentence_stops(text: str, offsets: Sequence[tuple[int, int]]) -> list[bool]:
    """Per token: does it end a sentence? ``!``, ``?``, ``…``, and a dot that is no
    abbreviation's: the dots of `U.S. support` cut no content and put no sentence between a
    quote and its source. An abbreviation ends its sentence before a capitalised opener
    (`the E.O. In ...`), and the releases' `Washington, D.C.` before any capitalised word."""

    def full_stop(end: int) -> bool:
        if not abbreviation_dot(text[max(0, end - 40) : end]):
            return True
        after = re.match(r"\s+([A-Z]\w*)", text[end : end + 40])
        return after is not None and (
            after.group(1).lower() in _SENTENCE_OPENERS or text[end - 4 : end] == "D.C."
        )

    return [text[s:e] in ("!", "?", "…") or (text[s:e] == "." and full_stop(e)) for s, e in offsets]


# a negation's clitic (`didn’t`), and the clitics a content may not start with (`’s`, `’ve`)
_NOT_CLITIC = re.compile(r"[’']t(?![\w’'])")
_CLITIC = re.compile(r"[’'](?:s|t|ve|re|ll|d|m)(?![\w’'])\s*", re.IGNORECASE)


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a sub-word span to whole words (a span never starts or ends inside a word); a
    span ending on `didn` of `didn’t` takes the negation."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    if end > start and text[end - 1] in "nN" and _NOT_CLITIC.match(text, end):
        end += 2
    return start, end


def after_clitic(text: str, start: int, end: int) -> int:
    """Where a content the tags start on a clitic cut from its word (`’s been clear` of `he’s
    been clear`, `’s debate` of `Trump’s debate`) begins: after the clitic. A cue keeps it
    (`’s claiming`), and so does a span that is nothing but the clitic."""
    clitic = _CLITIC.match(text, start) if start > 0 and text[start - 1].isalpha() else None
    return clitic.end() if clitic and clitic.end() < end else start


# punctuation the tags leave at a content's edges: before its first word (`, our status has not
# changed`, `: we are`) and after its last (`to leave,`); quote marks, `?` and `.` at the end stay
_LEADING_MARKS = frozenset(",;:.–—-")
_TRAILING_MARKS = frozenset(",;:–—-")


# a word the tags leave dangling at a content's end (`the talks will resume and`): no gold
# content of PolNeAR ends on one of these but `and` (3 of 25,486)
_DANGLING = re.compile(r"[ \t]+(?:and|or|but|the|a|an|as)$")


def bare_content(text: str, start: int, end: int) -> tuple[int, int]:
    """A content's offsets without stray punctuation and spaces at its edges, nor a dangling
    conjunction or article at its end (a content of nothing else is returned as it is)."""
    i, j = start, end
    while i < j and (text[i] in _LEADING_MARKS or text[i].isspace()):
        i += 1
    while True:
        while j > i and (text[j - 1] in _TRAILING_MARKS or text[j - 1].isspace()):
            j -= 1
        dangling = _DANGLING.search(text, i, j)
        if not dangling or dangling.start() <= i:
            break
        j = dangling.start()
    return (i, j) if i < j else (start, end)


# a word that goes on a name after a title or an article: a capitalised word (`Élysée` too), an
# initial (`J.`, `U.S.`), an honorific or a name particle (:func:`_name_end` checks the case);
# and what may link two of them
_NAME_WORD = re.compile(r" ((?:[A-Z]\.)+|(?:Mr|Mrs|Ms|Dr)\.|[^\W\d_][\w’'\-]*)(?![\w’'\-])")
_NAME_LINK = re.compile(r" (of|for|and)(?= )")
_ADDRESSED = re.compile(r"[ \t]*,")  # after a name: `Mr. Blinken, I am ...` speaks to him


def _name_end(text: str, end: int, limit: int) -> int:
    """Where the name going on at ``end`` stops, before ``limit``: over capitalised words (not a
    day or month), and over `of`/`for` before one (`of State`); an `and` only right after the
    word an `of` brought in, before a word that is no title (`Bureau of Educational and
    Cultural Affairs`, not `Secretary of State Blinken and Foreign Minister`)."""
    after_of = False
    while True:
        link = _NAME_LINK.match(text, end)
        if link and link.group(1) == "and" and not after_of:
            return end
        word = _NAME_WORD.match(text, link.end() if link else end)
        if not word or word.end() > limit or word.group(1).lower() in CALENDAR:
            return end
        if not word.group(1)[0].isupper() and word.group(1) not in NAME_PARTICLES:
            return end
        if link and link.group(1) == "and" and word.group(1).lower() in TITLES:
            return end
        after_of, end = bool(link) and link.group(1) != "and", word.end()


def _ends_on_office(words: list[str]) -> bool:
    """Whether a mention ends on an office's portfolio after its last title: `Secretary of
    State`, `Latvian Minister of Economics` (a name may follow)."""
    titles = [i for i, w in enumerate(words) if w.lower() in TITLES]
    rest = words[titles[-1] + 1 :] if titles else []
    return (
        len(rest) >= 2
        and rest[0] in ("of", "for")
        and all(w[0].isupper() or w in ("of", "for", "and") for w in rest[1:])
    )


def whole_mention(text: str, mention: Span, limit: int, cue: int | None = None) -> Span:
    """A mention the tags cut after a title, an office, an article or an `of`, widened over the
    name that follows on its line, never past ``limit`` (its content or cue): `Secretary` in
    `Secretary Blinken underscored` -> `Secretary Blinken`, `Secretary of` and `Secretary of
    State` -> `Secretary of State Antony J. Blinken`, `the` -> `the United States`, `the
    Department of` -> `the Department of Commerce`, `Mr` (the tags left its dot) -> `Mr. Ng`
    (but not `Mr. Blinken,` addressed), `The` -> `The Élysée`. A bare article with no name
    after it takes the noun phrase up to its ``cue`` (the cue's start, when the cue comes next):
    `The strategy` before `recognizes`; with no cue there, the verb may be in the gap, and
    it is left as it is. Any other mention is left as it is, and so is a transcript's turn
    label in capitals (`MR`, `SENIOR STATE DEPARTMENT OFFICIAL`)."""
    words = mention.text.split()
    if mention.text.isupper() or not words:
        return mention
    last = words[-1].lower()
    if last in HONORIFICS and text.startswith(".", mention.end) and mention.end < limit:
        # `Mr` cut from `Mr. Ng`; not one addressed, `Mr. Blinken, I ...`: that is no speaker
        whole = Span.of(text, mention.start, _name_end(text, mention.end + 1, limit))
        return mention if _ADDRESSED.match(text, whole.end) else whole
    if last in ("of", "for") and len(words) > 1:
        end = mention.end - len(last) - 1  # `Secretary of`: the `of` is matched again below
    elif last in TITLES or last == "the" or _ends_on_office(words):
        end = mention.end
    elif len(words) == 1 and last in _ARTICLES and cue is not None:
        return _phrase(text, mention, cue)
    else:
        return mention
    end = _name_end(text, end, limit)
    if end == mention.end and len(words) == 1 and last == "the" and cue is not None:
        return _phrase(text, mention, cue)
    return Span.of(text, mention.start, end) if end > mention.end else mention


# a mention cut after one of these takes the noun phrase up to its cue or content
_ARTICLES = frozenset(("the", "a", "an", "this", "these", "those", "some"))
# words that end a speaker's noun phrase: auxiliaries, adverbs, function words (`of` goes on)
_PHRASE_STOP = (FUNCTION_WORDS | SKIP_WORDS) - {"of"}


def _verb_or_adverb(word: str) -> bool:
    """A lowercase word that may be a verb or an adverb (`say`, `doubted`, `expects`, `also`),
    not a noun for what was said (`report`, `comments`)."""
    if word.rstrip("s") in DOCUMENT_NOUNS | UTTERANCE_NOUNS:
        return False
    verb = SPEECH_IN_CUE.fullmatch(word) or NON_SPEECH_CUE.fullmatch(word)
    return bool(verb) or word.endswith(("ed", "ly"))


def _phrase(text: str, mention: Span, cue: int) -> Span:
    """A mention cut after an article, widened over the short noun phrase that fills the gap to
    its ``cue``: `The` of `The strategy recognizes` -> `The strategy`. As it is when the gap is
    more than four lowercase words or numbers on one line, or holds punctuation, a function word,
    an auxiliary, an adverb or a verb (`Some claim`, `some cases conveyed`)."""
    gap = text[mention.end : cue]
    if not re.fullmatch(r"(?:[ \t]+[a-z0-9](?:[a-z0-9’'\-]*[a-z0-9])?){1,4}[ \t]*", gap):
        return mention  # a capitalised word is a name: `the April 19 agreement` is no April
    for word in gap.split():
        low = word.lower()
        if low in _PHRASE_STOP or (word.islower() and _verb_or_adverb(low)):
            return mention
    return Span.of(text, mention.start, mention.end + len(gap.rstrip()))


def apart(text: str, content: Span | None, other: Span | None) -> Span | None:
    """The content without what it shares at an edge with its cue or mention (None if nothing
    is left). Snapping gives a word whose sub-words the tags split between two roles to both
    (cue `to reaffirm`, content `reaffirm the Treaty`); the word stays with the cue or mention.
    One inside the content (a nested attribution's) is left alone."""
    if content is None or other is None:
        return content
    if other.end <= content.start or other.start >= content.end:
        return content
    start, end = content.start, content.end
    if other.start <= start:
        start = other.end
    elif other.end >= end:
        end = other.start
    else:
        return content
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end) if start < end else None


# what may open an utterance before a name said to someone: `And Tony,`, `Well, Chuck,`, `Thank
# you, Tony,`, `So once again, Tony,`
_OPENERS = re.compile(
    r"(?:(?<![\w’'])(?:and|but|so|well|now|yes|okay|ok|oh|hi|hello|then|first|once\s+again|again|"
    r"thanks|thank\s+you(?:\s+(?:so|very)\s+much)?)[ \t]*,?[ \t]*)+$",
    re.IGNORECASE,
)
# after the comma, what a word to someone goes on with: a pronoun, thanks or a greeting, a
# question or a clause of its own (`Chris, I’m ...`, `Ned, any update ...`, `Tony, welcome`); a
# speaker with a clause about him goes on otherwise (`Miller, a retired worker, said`,
# `Republicans, on the other hand, offered`, `Clinton, clearly frustrated, responded`)
_SPOKEN_TO = re.compile(
    r"[ \t]*,[ \t]*(?:thank|thanks|welcome|congratulations|please|i|we|you|your|my|our|it|this|"
    r"there|let|if|do|does|did|can|could|would|will|is|are|was|were|what|how|why|where|just|any|"
    r"first|yes|no|good|great)(?![\w])",
    re.IGNORECASE,
)
_DETERMINERS = frozenset(
    ("the", "a", "an", "his", "her", "its", "their", "this", "that", "any", "every", "each", "some")
)


def _utterance_start(head: str) -> bool:
    """Whether the text of a line before a word ends where an utterance may start: nothing, a
    transcript turn's label, or a sentence end (not an abbreviation's dot); quote marks aside."""
    head = head.rstrip(' \t“”"')
    if not head or head.endswith(":"):
        return True
    return head[-1] in ".?!" and not abbreviation_dot(head)


def addressed(text: str, mention: Span) -> bool:
    """Whether a mention is someone spoken to rather than a speaker: a name or title set off by a
    comma where an utterance starts (a line, a transcript turn after its label, a sentence, or
    after an opener such as `And`, `Well,`, `Thank you,`), before what one says to someone:
    `SECRETARY BLINKEN: Chris, I’m resolutely ...`, `QUESTION: Ned, any update ...`, `And Tony,
    your presence ...`. Not a noun phrase with a determiner (`Any party, any element ...`)."""
    if not _SPOKEN_TO.match(text, mention.end):
        return False
    words = mention.text.split()
    if not words or words[0].lower() in _DETERMINERS:
        return False
    head = text[text.rfind("\n", 0, mention.start) + 1 : mention.start]
    opener = _OPENERS.search(head)
    return _utterance_start(head) or bool(opener and _utterance_start(head[: opener.start()]))


def other_sentence(text: str, a: Span | None, b: Span | None) -> bool:
    """Whether a sentence end (``SENTENCE_END``, not an abbreviation's dot) or a line break
    stands between two spans that do not overlap. A break right after a colon does not count: it
    opens a block quote (`added:` and the paragraph after it)."""
    if a is None or b is None:
        return False
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    # from 2 before: a span may end on its sentence's stop (`will “hardly be enough.”`)
    for m in SENTENCE_END.finditer(text, max(0, lo - 2), hi + 2):  # + 2: quote and capital
        if m.start() >= hi:
            break
        if m.end() <= lo:
            continue
        if text[m.start()] == "\n":
            if not text[max(0, m.start() - 20) : m.start()].rstrip().endswith(":"):
                return True
        elif not abbreviation_dot(text[max(0, m.start() - 40) : m.start() + 1]):
            return True
    return False


_SUBJECT_PRONOUN = re.compile(r"(?<![\w’'])(I|[Ww]e|[Yy]ou|[Hh]e|[Ss]he|[Tt]hey)[ \t]+$")


def pronoun_before(text: str, cue: Span) -> Span | None:
    """The subject pronoun right before a cue the pointer linked no source to (`we` of `we
    recognise`, `you` of `you said`), or None: the tags often leave such a pronoun untagged,
    and the name rules then say whom it stands for."""
    found = _SUBJECT_PRONOUN.search(text, max(0, cue.start - 8), cue.start)
    return Span.of(text, found.start(1), found.end(1)) if found else None


_OWN_SUBJECT = re.compile(r"(?<![\w’'])(I|[Ww]e)(?=[ \t]|[’'](?:ve|d|ll|m|re)\b)")


def own_pronoun(text: str, label_end: int, at: int) -> Span | None:
    """The turn's own "I" or "we" nearest before ``at`` and after its label, in the same
    sentence: the mention of a quote the pointer linked to the turn label, which is never a span
    (guideline, Transcripts): `MR PRICE: Well, as I said, [X]` -> `I`. None when there is none."""
    lo = max(label_end, at - 120)
    for found in reversed(list(_OWN_SUBJECT.finditer(text, lo, at))):
        pronoun = Span.of(text, found.start(1), found.end(1))
        if not other_sentence(text, pronoun, Span.of(text, at, at)):
            return pronoun
        break
    return None


# a name with its title, on one line: `Foreign Minister Rau`, `the EU`, `Chargé d’Affaires of the
# U.S. Embassy to Yemen Cathy Westley`; and the list a mention the tags cut may go on with, up
# to its cue (an adverb of the cue's may come between): `, Minister Lee, and Vice Minister Choi`
_NAMED = r"(?:the[ \t]+)?[A-Z][\w.’'\-]*(?:[ \t]+(?:[A-Z][\w.’'\-]*|of|for|to|the|d’Affaires|bin))*"
_JOINED = re.compile(
    rf"((?:,[ \t]+{_NAMED})*,?[ \t]+(?:and|&)[ \t]+{_NAMED})"
    r"(?:[ \t]+(?:also|jointly|together|both|each|separately))?[ \t]*"
)
_PRONOUNS = frozenset(("I", "We", "He", "She", "They", "You", "It"))
_NAME_DOT = re.compile(r"(?:[A-Z]\.)+|(?:Jr|Sr|Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov)\.")


def joint_subject(text: str, mention: Span, cue: int) -> Span:
    """A subject mention the tags cut before the other people of its subject, widened over them
    when nothing else comes before its ``cue`` (the cue's start): `Secretary Blinken` of
    `Secretary Blinken and Foreign Minister Rau discussed` -> `Secretary Blinken and Foreign
    Minister Rau`, whom the name rules join (`Antony Blinken & Zbigniew Rau`; guideline: a
    plural subject is all participants). As it is when the gap holds anything else: a
    lowercase word, a pronoun (`The Secretary and I`), a sentence end."""
    joined = _JOINED.fullmatch(text, mention.end, cue)
    if not joined or mention.text.lower() in ("i", "we"):
        return mention
    words = re.findall(r"[\w.’'\-]+", joined.group(1))
    if any(w in _PRONOUNS for w in words):
        return mention
    if any(w.endswith(".") and not _NAME_DOT.fullmatch(w) for w in words):
        return mention  # `and Rau. Officials said`: a sentence ended
    return Span.of(text, mention.start, joined.end(1))


_PARTICLE = re.compile(r"(for|on|of|about)[ \t]+(?=\S)")
_SPOKE = re.compile(r"(?:speak|spoke|talk|press|push)\w*", re.IGNORECASE)


def cue_particle(text: str, content: Span, cue: Span | None) -> tuple[Span, Span | None]:
    """A content that opens on `for`, `on`, `of` or `about` right after a cue ending on a
    speech word gives the preposition to the cue, as the guideline, the release gold and PolNeAR
    mark them: `called` + `for restraint` -> `called for` + `restraint` (likewise `spoke of`,
    `called on`, `warned of`). After another word the noun phrase is the content's and the cue
    already holds too much (`expressed appreciation` + `for X`): left as it is."""
    if cue is None or cue.end > content.start or text[cue.end : content.start].strip():
        return content, cue
    last = cue.text.split()[-1] if cue.text.split() else ""
    speech = SPEECH_IN_CUE.fullmatch(last) or _SPOKE.fullmatch(last)
    if not speech or not last.islower():  # a title's `Reports on Human Rights` is no cue
        return content, cue
    word = _PARTICLE.match(text, content.start, content.end)
    if not word:
        return content, cue
    return Span.of(text, word.end(), content.end), Span.of(text, cue.start, word.end(1))
