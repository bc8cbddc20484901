"""Briefing transcripts and bylines: the speaker-labelled turns (`MR PRICE:`) and a release's
author line (`Antony J. Blinken, Secretary of State`).
"""

from __future__ import annotations

import re

from annotation.speakers.names import (
    name_shaped,
    normal_name,
    without_middle_initials,
)
from annotation.speakers.offices import (
    title_follows,
)
from annotation.words import (
    HONORIFICS,
    PERSON_NOUNS,
    TITLES,
)

# a line opening on up to six upper-case words and a colon (`FOREIGN MINISTER RINKĒVIČS:`);
# `[^\W\d_a-z]` is any letter but an ASCII small one: `is_label` checks the rest are capitals
TURN_LABEL = re.compile(
    r"^[ \t]*({w}(?: {w}){{0,5}}):".format(w=r"[^\W\d_a-z](?:[^\W\d_a-z]|[.’'\-])*"),
    flags=re.MULTILINE,
)


NOT_A_SPEAKER = frozenset(
    ("QUESTION", "Q", "MODERATOR", "OPERATOR", "PARTICIPANT", "NOTE", "INTERPRETER")
)
QUESTION_LABELS = frozenset(("QUESTION", "Q"))


def is_label(match: re.Match[str]) -> bool:
    """Whether a `TURN_LABEL` match is all capitals (`Élysée:` is no label)."""
    return match.group(1).isupper()


def transcript_turns(text: str) -> list[tuple[int, int, str]]:
    """The speaker-labelled turns of a transcript (label start, label end, label), or [] when
    the text is none: a transcript has three labels or more, or one naming a person by title or
    honorific (`SECRETARY BLINKEN:`) or a role (`QUESTION:`). A lone `CORRECTION:`, `UPDATE:` or
    `HUFFPOLLSTER:` in a news article is no turn."""
    turns = [(m.start(), m.end(1), m.group(1)) for m in TURN_LABEL.finditer(text) if is_label(m)]
    named = any(
        label in NOT_A_SPEAKER or {w.lower() for w in label.split()} & (TITLES | HONORIFICS)
        for _, _, label in turns
    )
    return turns if named or len(turns) >= 3 else []


def unnamed_briefer(label: str) -> str | None:
    """A briefer the transcript leaves unnamed, called by the label: `SENIOR STATE DEPARTMENT
    OFFICIAL TWO` -> `Senior State Department Official Two`; None for a label with no person
    noun."""
    return label.title() if {w.lower() for w in label.split()} & PERSON_NOUNS else None


# a release's byline, its first line: "Antony J. Blinken, Secretary of State"
_BYLINE = re.compile(r"[ \t]*([A-Z][\w.’'\-]*(?: [A-Z][\w.’'\-]*){1,3}), ([^,\n]+?)[ \t]*$")


def byline_person(text: str) -> str | None:
    """The one person a text's first line names as its author ("Antony J. Blinken, Secretary of
    State" -> "Antony Blinken"), or None: no such line, no title in it, or a second one after it
    (a transcript listing its participants)."""
    lines = [line for line in text.split("\n", 4)[:4] if line.strip()]
    first = _BYLINE.fullmatch(lines[0]) if lines else None
    if not first or not title_follows(lines[0], first.end(1)):
        return None
    if len(lines) > 1 and _BYLINE.fullmatch(lines[1]):
        return None
    words = without_middle_initials(first.group(1).split())
    return normal_name(words) if len(words) >= 2 and all(map(name_shaped, words)) else None
