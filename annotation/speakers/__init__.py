"""Canonical speakers: the name a mention stands for, by transparent rules.

Shared by the baseline (:mod:`annotation.baseline`) and the model (:mod:`training.pipeline`),
which finds its own mentions and resolves them with :class:`SpeakerResolver`.

The canonical ``speaker`` is the name without titles, middle initials or determiner (capitals
mapped to countries, a bare surname expanded to the full name met in the text, accents aside,
``bin``/``de`` and ``Jr.`` kept, an office's portfolio never part of a name); a title
description (``the Secretary``, ``the Deputy Secretary``, ``the Secretary of Foreign Affairs``)
takes the most recent person introduced with exactly those titles (``Secretary of State Antony
J. Blinken``, or ``Deputy Secretary Sherman`` when the text never gives her full name), in an
office with the description's portfolio, when there is one (courtesies such as ``Sheikh`` aside),
or no one when no one held it; other definite singular person descriptions (``the Russian
leader``) take the most recent full person name; ``he``/``she`` take the
person named (in full or by title and surname) or described by title last before them, or,
opening a sentence, the person the sentence before opens with when it names others too, but
not one the text calls by the other's honorific (``Mr. Biden``, ``Mrs. Clinton``); in a
transcript, first person is the turn's speaker (an unnamed briefer is the label,
``Senior State Department Official Two``);
``Putin and Kim`` and ``the two`` (after them) give ``Kim Jong Un & Vladimir Putin``; a bare
plural gives the group (``analysts``, and ``Liberal writers`` opening a sentence ``liberal
writers``; a sentence's first word the text writes in lowercase is no name, ``Credible
reports``); an organisation keeps its whole name (``The New York Times`` -> ``New York
Times``, ``the State Department`` -> ``Department of State``, a department's bureau by its own
name); a government is its country (``the Cuban Government`` -> ``Cuba``, ``the Biden
administration`` and a bare ``the administration`` -> ``United States``); an appositive or a
parenthesis after a name is dropped (``Donna Brazile, the interim chairwoman``, ``Jim Jordan
(R-Ohio)``); an acronym the text defines resolves to the name it spells out (``the U.S. CDC``
-> ``Centers for Disease Control and Prevention``); ``the Court`` or ``the Council`` is the
organisation with that head the text named last; a pope keeps his title (``Pope Francis``);
``they`` and ``the leaders`` are the people the sentence before names or describes by title,
when there are two or more (those who met, not those named in what they discussed); ``The
Ministers`` of a joint statement are the ministers and secretaries who met, and ``the Foreign
Ministers`` those named in that office; a title in the plural is each name's after it (``Vice
Foreign Ministers Cho and Mori``), never a name; ``it`` and other descriptions give None.

The rules live in small modules: :mod:`~annotation.speakers.names` (what a name looks like),
:mod:`~annotation.speakers.offices` (titles and portfolios before a name),
:mod:`~annotation.speakers.organisations` (organisations, governments, acronyms),
:mod:`~annotation.speakers.people` (the people a text names, in order),
:mod:`~annotation.speakers.transcripts` (turn labels and bylines) and
:mod:`~annotation.speakers.resolver` (a mention's canonical speaker).
"""

from annotation.speakers.names import name_shaped
from annotation.speakers.people import SENTENCE_END, People
from annotation.speakers.resolver import FIRST_PERSON, SpeakerResolver, canonical_speaker
from annotation.speakers.transcripts import byline_person, transcript_turns

__all__ = [
    "FIRST_PERSON",
    "SENTENCE_END",
    "People",
    "SpeakerResolver",
    "byline_person",
    "canonical_speaker",
    "name_shaped",
    "transcript_turns",
]
