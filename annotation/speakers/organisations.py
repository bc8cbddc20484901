"""Organisations, governments and acronyms a text names: `the Department of State`, `the Cuban
Government` -> `Cuba`, `the U.S. CDC` -> `Centers for Disease Control and Prevention`.
"""

from __future__ import annotations

import re

from annotation.demonyms import country_of
from annotation.words import (
    CANONICAL,
    COUNTRIES,
    ORG_HEADS,
    TITLES,
    unquoted,
    word_kind,
)

# a capitalised name and the acronym defined after it in parentheses: `the U.S. Centers for
# Disease Control and Prevention (CDC)`
_DEFINED = re.compile(
    r"((?:(?:[A-Z]\.)+|[A-Z][\w’'\-]*)(?: (?:(?:[A-Z]\.)+|[A-Z][\w’'\-]*|of|for|and|on|the))*)"
    r" \(([A-Z]{2,8})\)"
)


def acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines, each with the name it stands for: the shortest tail of the
    capitalised phrase before it whose capitals begin with its letters (`CDC` -> `Centers for
    Disease Control and Prevention`, `USAID` -> `U.S. Agency for International Development`)."""
    found = {}
    for m in _DEFINED.finditer(text):
        words, acronym = m.group(1).split(), m.group(2)
        for i in range(len(words) - 1, -1, -1):
            capitals = [w for w in words[i:] if w[:1].isupper()]
            letters = "".join(w.replace(".", "") if "." in w else w[0] for w in capitals)
            if words[i][:1].isupper() and letters.startswith(acronym):
                found.setdefault(acronym, re.sub(r"[’']s$", "", " ".join(words[i:])))
                break
    return found


# a capitalised phrase, with the small words an organisation's name may hold
_CAPITALISED = re.compile(
    r"(?:[A-Z][\w’'\-]*|(?:[A-Z]\.)+)(?: (?:(?:[A-Z]\.)+|[A-Z][\w’'\-]*|of|for|and|on|in|the))*"
)


def organisations(text: str) -> list[tuple[int, str, str]]:
    """Organisations the text names, as (position, name, head word): the longest organisation
    name (:func:`organisation`) in each capitalised phrase, leftmost first (`the UN Security
    Council` -> `UN Security Council`, head `council`)."""
    found = []
    for m in _CAPITALISED.finditer(text):
        words = m.group().split()
        spans = [(i, j) for i in range(len(words)) for j in range(len(words), i + 1, -1)]
        for i, j in sorted(spans, key=lambda ij: (ij[0] - ij[1], ij[0])):
            name = organisation(" ".join(words[i:j]))
            if name:
                of = next((k for k, w in enumerate(words[i:j]) if w in ("of", "for")), j - i)
                head = words[i:j][of - 1].lower() if of else words[j - 1].lower()
                found.append((m.start() + len(" ".join(words[:i])) + bool(i), name, head))
                break
    return found


# lowercase words allowed inside an organisation's name after its `of`
_INSIDE_NAMES = frozenset(("and", "in", "on"))
# the U.S. executive departments, by the word their short name uses (`the State Department`)
_DEPARTMENTS = {
    "State": "State",
    "Defense": "Defense",
    "Treasury": "the Treasury",
    "Justice": "Justice",
    "Commerce": "Commerce",
    "Energy": "Energy",
    "Labor": "Labor",
    "Agriculture": "Agriculture",
    "Education": "Education",
    "Interior": "the Interior",
    "Transportation": "Transportation",
    "Homeland Security": "Homeland Security",
    "Health and Human Services": "Health and Human Services",
    "Veterans Affairs": "Veterans Affairs",
}
_DEPARTMENT = re.compile(
    r"(?:(?:U\.S\.|United States) )?(?:Department of (?:the )?(?P<of>.+)|(?P<short>.+) Department)"
)


def department(name: str) -> str | None:
    """A U.S. executive department by its official name (project decision: one name per
    department): `State Department`, `U.S. Department of State` -> `Department of State`,
    `Treasury Department`, `Department of Treasury` -> `Department of the Treasury`; None for
    any other name."""
    m = _DEPARTMENT.fullmatch(name)
    short = m and (m.group("of") or m.group("short"))
    return f"Department of {_DEPARTMENTS[short]}" if short in _DEPARTMENTS else None


def organisation(phrase: str) -> str | None:
    """An organisation's capitalised name, whole and without its article: `New York Times`.

    The mention must be nothing else (`the State Department official` is a person) and end in an
    organisation head word (`Department`, or `Times` in `The Times of Israel`), with no title.
    After its `of` or `for`, the name may hold `and`, `in`, `on` and commas (`Department of
    Health and Human Services`, `Bureau of Democracy, Human Rights, and Labor`), unless what
    follows an `and` is an organisation of its own (`the Department of State and the Ministry
    of Defense`, `... and USAID`)."""
    words = [unquoted(w) for w in phrase.split()]
    if words[:1] and words[0].lower() == "the":
        words = words[1:]
    of = next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))
    capitalised = all(
        w[:1].isupper()
        or (0 < i < len(words) - 1 and (w in ("of", "for") or (i > of and w in _INSIDE_NAMES)))
        for i, w in enumerate(words)
    )
    if len(words) < 2 or not capitalised or word_kind(words[0]) == "det":
        return None
    if "and" in words:
        before, after = words[: words.index("and")], words[words.index("and") + 1 :]
        if any(w in ("of", "for") or re.fullmatch(r"[A-Z]{2,}", w) for w in after):
            return None
        if department(" ".join(before)) and not department(" ".join(words)):
            return None  # `the Department of State and Keysight`: two
    head = words[of - 1] if 0 < of < len(words) else words[-1]
    portfolio = {of + 1} if of < len(words) - 1 else set()  # `Court of Justice`
    titled = {w.lower().rstrip(",") for i, w in enumerate(words) if i not in portfolio} & TITLES
    if head.lower() not in ORG_HEADS or titled:
        return None
    # an organisation's part by its own name: `the Department of State’s Bureau of ...` is the
    # bureau (but `People’s Republic of China` has no owner)
    owner = next((i for i, w in enumerate(words[:-1]) if re.search(r"[’']s$", w)), None)
    if owner is not None and organisation(" ".join([*words[:owner], words[owner][:-2]])):
        return organisation(" ".join(words[owner + 1 :]))
    name = " ".join(words)
    return department(name) or CANONICAL.get(name, name)


# a government named by its country: `the Government of Russia`, `the Cuban Government`,
# `the Kingdom of Bahrain` (scheme section 3: governments map to the country)
_STATE_OF = re.compile(
    r"(?:Governments?|Kingdom|Republic|State|Sultanate)\s+of\s+(?:the\s+)?(.+)", re.I
)
_GOVERNMENT = re.compile(r"(.+?)(?:[’']s)?\s+government", re.I)
# the U.S. government by its administration: `the Biden administration`, `This Administration`;
# in English-language news a bare `the administration` is the U.S. one (**project decision**)
_US_ADMINISTRATION = re.compile(
    r"(?:this\s+)?(?:(?:Biden(?:-Harris)?|Trump|Obama|Bush|Clinton|U\.S\.|US)\s+)?administration",
    re.I,
)


def whole_name(phrase: str) -> str | None:
    """The canonical name of a whole mention: an alias (`the PRC`, `the People’s Republic of
    China`, `Tony Blinken`), a country with `and` in its name (`Trinidad and Tobago`), a
    government named by its country (`the Cuban Government`), or a U.S. administration (`the
    Biden administration`, `this Administration`: United States)."""
    bare = re.sub(r"^the\s+", "", phrase, flags=re.I)
    if " and " in bare and bare in COUNTRIES:  # `Bosnia and Herzegovina`: one country
        return bare
    if _US_ADMINISTRATION.fullmatch(bare):
        return "United States"
    m = _STATE_OF.fullmatch(bare) or _GOVERNMENT.fullmatch(bare)
    if not m:
        return CANONICAL.get(bare)
    name = m.group(1)
    return CANONICAL.get(name) or country_of(name) or (name if name in COUNTRIES else None)
