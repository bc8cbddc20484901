"""The word tables of the rules, and the word-level helpers the quote finder
(:mod:`annotation.baseline`) and the speaker rules (:mod:`annotation.speakers`) share.

Teach the rules a word here: a reporting verb (``CUE_VERBS``), a title (``TITLES``), a word that is
never part of a person's name (``NON_PERSON``), or an alias (``CANONICAL``). Character spans are
``Pair``s, ``(start, end)`` with the end exclusive.
"""

from __future__ import annotations

import re

from annotation.demonyms import DEMONYMS

# ---------------------------------------------------------------- cue tables


def word_set(words: str) -> frozenset[str]:
    """A word table written as one string."""
    return frozenset(words.split())


# Reporting verbs by lemma. speech: the usual cue; tell: the next noun phrase is an addressee, left
# out of the content; quote_only: a cue only when its content holds a quoted fragment
# (`called the North Koreans “good” workers`); document: a report's finding, only with a
# document subject (`the poll found`).
SPEECH_VERBS = word_set(
    "say state add insist warn explain argue claim declare announce note emphasize emphasise "
    "underscore highlight stress reiterate reaffirm express condemn welcome applaud commend "
    "encourage urge acknowledge agree endorse vow pledge promise demand suggest confirm deny ask "
    "reply respond report tweet write accuse criticize criticise praise predict complain recall "
    "discuss allege contend caution concede assert"
)
CUE_VERBS: dict[str, str] = {
    **dict.fromkeys(SPEECH_VERBS, "speech"),
    **dict.fromkeys(word_set("tell assure inform remind"), "tell"),
    **dict.fromkeys(word_set("call describe depict dub brand label term"), "quote_only"),
    **dict.fromkeys(word_set("find show"), "document"),
}
# Forms the regular rules of annotation.baseline._forms get wrong: past, third person, -ing.
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
# Cues of thought, belief, plan or perception. The project's scheme counts such attributions only
# when a speech-like cue introduces them (ANNOTATION_SCHEME.md, section 1); PolNeAR counts them all.
NON_SPEECH_CUE = re.compile(
    r"\b(plan|expect|intend|hope|hoping|want|wish|seek|sought|aim|prepar|believ|think|thought|"
    r"feel|felt|suspect|assum|fear|worr|consider|see|saw|seen|seem|view|regard|know|knew|"
    r"understand|understood|desir|anticipat)\w*",
    re.IGNORECASE,
)
# A speech word inside a cue, which makes a thought cue count (`is seen advocating`, `sought
# clarification on`): the reporting verbs above and a few speech words they lack, any form.
SPEECH_IN_CUE = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            {rf"{v[:-1]}(?:e|es|ed|ing)\b" if v.endswith("e") else rf"{v}\w*" for v in CUE_VERBS}
            | {form + r"\b" for forms in IRREGULAR.values() for form in forms}
            | {w + r"\w*" for w in word_set("advocat clarif accord attack lash comment remark")}
        )
    )
    + ")",
    re.IGNORECASE,
)
# Lemmas whose bare form is a cue too (`officials say`); other bare forms are mostly nouns.
BARE_FORM_CUES = word_set("say tell argue insist warn agree note urge contend")
# Third-person forms that are mostly plural nouns (`Republican claims`): not cues.
NOUN_LIKE = word_set(
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
INVERTIBLE = word_set(
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
DETERMINERS = word_set("the a an both two three several many some other whose all most these this")
CONNECTORS = frozenset({"of", "for", "and", "&"})
# Lowercase nouns that head a speaker description, and modifiers allowed inside one.
PERSON_NOUNS = word_set(
    "leader president minister secretary spokesman spokeswoman spokesperson official ambassador "
    "senator governor candidate nominee chairman chairwoman director chief envoy diplomat aide "
    "adviser advisor analyst expert critic lawmaker representative prosecutor judge mayor "
    "commander officer source side premier chancellor king queen"
)
GROUP_NOUNS = word_set(
    "agency service ministry government office department administration campaign committee "
    "party delegation embassy newspaper broadcaster network outlet website council court "
    "police team group company organization organisation union"
)
DOCUMENT_NOUNS = word_set(
    "poll survey study report analysis data review investigation video footage ad letter memo "
    "complaint filing lawsuit document record"
)
# `His remarks`: a possessive pronoun and what its owner said stand for the owner
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}
# Capitalised sentence-initial words that start no name: `Those who seek`, `My colleagues` (the
# FUNCTION_WORDS that may open a mention; not modals such as `May`, which may be a name)
# lowercase words inside a name: `Mohammed bin Abdulrahman Al-Thani`, `Bill de Blasio`
NAME_PARTICLES = word_set("bin bint ibn de van von")
# generational suffixes, dropped like middle initials: `Ferdinand Romualdez Marcos Jr.`
NAME_SUFFIXES = frozenset(("Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"))
# titles that may stand inside a name, between two of its words: `Hassan Sheikh Mohamud`
TITLES_IN_NAMES = frozenset(("Sheikh",))
NOT_NAME_START = word_set(
    "his her its their our my your this that these those there here no over "
    "one i we you he she it they us them"  # a sentence's first word: `One of them`, `We of course`
)
UTTERANCE_NOUNS = word_set(
    "remarks remark statement statements comments comment words speech message tweet tweets "
    "post testimony answer response reply"
)
MODIFIERS = word_set(
    "senior top former deputy foreign state federal local presidential news new recent latest "
    "two other prime vice first press security defense defence intelligence "
    "administration campaign party government military"
)
# Capitalised words that never start or continue a name (sentence-initial function words).
FUNCTION_WORDS = word_set(
    "in on at as after before during amid since while when if but and or so for with from by to "
    "of meanwhile however also asked speaking this that these those there here it its we i you "
    "our my your his her their what who which where why how not no yet still now then last next "
    "earlier later ahead among despite under over into about like unlike although though "
    "because once following according instead indeed even just only thus hence will would can "
    "could may might must should shall did does do never cannot"
)
CALENDAR = word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june "
    "july august september october november december"
)
# Words skipped between a subject and its cue: auxiliaries, adverbs, time adjuncts.
BE_AUX = frozenset({"is", "are", "was", "were", "been", "be", "’s", "'s"})
SKIP_WORDS = BE_AUX | word_set(
    "has have had also again once further later then still even already first just now today "
    "yesterday tonight earlier last this week month year night morning afternoon evening "
    "separately similarly"
)
# Words before a name that are titles, not part of the canonical name.
TITLES = word_set(
    "president vice prime minister secretary deputy foreign ambassador senator sen. rep. "
    "representative gov. governor mr. mrs. ms. dr. mr mrs ms dr prof. gen. general "
    "chairman chairwoman chairperson pm director leader spokesman spokeswoman spokesperson "
    "official chief king queen pope mayor judge justice attorney candidate nominee commissioner "
    "envoy chancellor premier first lady speaker sheikh crown prince honorable honourable "
    "assistant under excellency administrator coordinator counselor secretary-general "
    "under-secretary advisor adviser president-elect chairman-in-office sir cardinal archbishop "
    "commissioner-general "
    "secretario secretaria presidente presidenta ministro ministra canciller"  # Spanish releases
)
# Words that make a capitalised run a place or an organisation, not a person.
NON_PERSON = word_set(
    "korea korean koreas north south east west eastern western far united states nations "
    "kingdom america u.s. us european union peninsula federation republic department ministry "
    "house senate congress council party committee office agency service news daily times "
    "post journal press university institute center centre foundation bank city county street "
    "national international security state affairs government court army forces campaign "
    "group association company corporation media network democrats republicans democratic "
    "republican white kremlin pentagon capitol election day week african asian arab ocean sea "
    "island islands river gulf lake strait canal plan triangle room hotel summit "
    # the portfolio that ends an office before a name: `Under Secretary for Trade Marisa Lago`
    "trade labor labour rights infrastructure resources management energy environment health "
    "education commerce treasury defense defence interior agriculture finance economy development "
    "commission policy strategy plans operations muslim europe asia africa hong kong indo pacific "
    "atlantic relations growth economics cooperation nonproliferation tourism industry transport "
    "transportation communications information technology science innovation climate culture "
    "integration migration refugees population humanitarian protocol diplomacy arms economic "
    "political public legal control peace "
    # the head of a place, a building, an event or a thing named like a person: `Royal Botanic
    # Gardens`, `Christmas Eve`, `Green Revolution` (not `Hall`, `Park` or `Church`: surnames)
    "basin stream guard avenue academy square harbor harbour accord building valley memorial "
    "hospital revolution award prize gardens garden station zone coast palace fleet programme "
    "program police road airport desert museum temple fund concept christmas cathedral "
    "monument cemetery library gallery plateau rica rican lanka zealand faso angeles york delhi "
    "month people "
    # ... and of a document, an event or a body: `Paris Accords`, `Shangri-La Dialogue`
    "accords act acts dialogue convention agreement partnership meeting forum declaration "
    "administration conference request initiative ministerial teleconference order mechanism "
    "launch college region strip services school consensus mission coalition dome treaty corps "
    "text support format pledge bureau brigade arrangement charter procedures framework"
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
HONORIFICS = word_set("mr. mrs. ms. dr. mr mrs ms dr")
ADDRESSED_OFFICES = word_set(
    "president secretary speaker chairman chairwoman ambassador minister governor mayor senator"
)
# Organisation head words: a capitalised name with one is kept whole (`The New York Times`).
ORG_HEADS = GROUP_NOUNS | word_set(
    "times post journal press news house senate congress university institute foundation bank "
    "association corporation nations bureau commission center centers centre centres"
)
# Heads of an institution that `the Council` or `the party` may stand for once the text has named
# it (`UN Security Council`); not `the post`, `the team` or `the administration`, which in
# headlines and briefings name something else as often.
INSTITUTION_HEADS = word_set(
    "court council committee commission department ministry agency foundation institute party "
    "company bureau embassy union government"
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
    "Russian Federation": "Russia",
    # one person under two first names across articles (the guideline's alias table)
    "Tony Blinken": "Antony Blinken",
    "Dan Kritenbrink": "Daniel Kritenbrink",
    "Rob Malley": "Robert Malley",
    "Bob Malley": "Robert Malley",
    "S. Jaishankar": "Subrahmanyam Jaishankar",
}


def _given_aliases() -> dict[str, set[str]]:
    """The informal given names of the alias table's people (`Tony` of `Tony Blinken`, not the
    initial of `S. Jaishankar`): a bare `Tony` in a text naming Antony Blinken is him."""
    found: dict[str, set[str]] = {}
    for alias, formal in CANONICAL.items():
        a, f = alias.split(), formal.split()
        if len(a) >= 2 and a[1:] == f[1:] and a[0] != f[0] and not a[0].endswith("."):
            found.setdefault(formal, set()).add(a[0])
    return found


GIVEN_ALIASES = _given_aliases()
ABBREVIATIONS = word_set(
    "mr mrs ms dr st sen rep gov gen lt col sgt capt prof jr sr inc corp co ltd no vs etc jan feb "
    "mar apr aug sep sept oct nov dec rev ave ft mt"
)

CLOSE_QUOTES = "”’\"'"
WORD = re.compile(r"[‘“\"']?\w[\w’'&.\-]*")
DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z]\.|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof|Jr|Sr|St)\.")


def abbreviation_dot(before: str) -> bool:
    """Whether the text ``before`` a point ends on an abbreviation's dot (`Sen.`, `U.S.`, `J.`),
    not a sentence's: its last word, closing quotes and brackets aside."""
    words = before.split()
    last = words[-1].rstrip(CLOSE_QUOTES + ")]") if words else ""
    return last.endswith(".") and (
        last[:-1].lower().strip("“‘\"'(") in ABBREVIATIONS or bool(DOTTED.fullmatch(last))
    )


Pair = tuple[int, int]


# ---------------------------------------------------------------- quotations and words


def find_quotations(text: str) -> list[Pair]:
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


def in_quotation(pos: int, quotations: list[Pair]) -> bool:
    """Whether character ``pos`` lies within a quotation."""
    return any(a <= pos < b for a, b in quotations)


def word_spans(text: str, lo: int, hi: int) -> list[Pair]:
    """Word spans in ``text[lo:hi]``; a final period is dropped unless it marks an abbreviation."""
    out = []
    for m in WORD.finditer(text, lo, hi):
        a, b = m.span()
        if text[b - 1] == "." and not DOTTED.fullmatch(text[a:b].strip("‘“\"'")):
            b -= 1
        out.append((a, b))
    return out


def unquoted(word: str) -> str:
    """``word`` without the quotation marks around it."""
    return word.strip("‘’“”\"'")


def word_kind(word: str) -> str:
    """pronoun, det, conn, cap (name word), noun (description head), mod, or other."""
    w = unquoted(word)
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
