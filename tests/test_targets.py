"""``training.targets``: the phrase a quote evaluates, found names, and the classifier's input."""

from __future__ import annotations

import pytest

from annotation.schema import Quote, Span
from training.pipeline import resolver_for
from training.targets import (
    choose_target,
    found_target,
    quote_target,
    relation_name,
    stance_input,
    target_phrase,
)


def in_text(text: str, content: str, speaker: str | None = None) -> Quote:
    i = text.index(content)
    return Quote(
        id="q", content=Span.of(text, i, i + len(content)), type="indirect", speaker=speaker
    )


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        ("the DPRK’s recent missile launches", "the DPRK’s recent missile launches"),
        # a noun carrying the attitude goes; one prepositional phrase stays, a second ends it
        ("the importance of calm in Jerusalem during April", "calm in Jerusalem"),
        ("U.S. support for Ukraine’s sovereignty, and more", "Ukraine’s sovereignty"),
        ("their deep concern about Russia’s use of force", "Russia’s use of force"),
        # a verb before its object goes
        ("to seek closer ties", "closer ties"),
        ("strengthening historic ties between the two", "historic ties between the two"),
        # the phrase ends before a verb group, a relative clause, a verb after `to`
        ("that Russia’s unprovoked war on Ukraine must end", "Russia’s unprovoked war on Ukraine"),
        ("the sides to show restraint", "the sides"),
        ("the U.S.-ROK Alliance as the linchpin of peace", "the U.S.-ROK Alliance"),
        # an abbreviation's dot is no sentence end, and `of` inside a name is no preposition
        ("the defense of the Republic of Korea in Asia", "the defense of the Republic of Korea"),
        ("“Agreements between two countries are not enough.”", "Agreements between two countries"),
        # a preposition left at the content's edge goes; some attitude nouns take a verb
        ("to Afghan refugees in the region", "Afghan refugees in the region"),
        ("the need for an “international” guarantee", "an “international” guarantee"),
        ("efforts to combat COVID-19 in Asia", "COVID-19 in Asia"),
        ("their commitment to democracy and human rights", "democracy and human rights"),
        # skips repeat; determiners, owners and adjectives before the noun come in any order
        ("to work together to create resilient supply chains", "resilient supply chains"),
        ("the ironclad U.S. commitment to the defense of the ROK", "the defense of the ROK"),
        ("the importance of U.S. and ROK support for Ukraine", "Ukraine"),
        # an adjective or a noun before `to`; a `that` clause's subject
        ("committed to supporting Ukraine", "Ukraine"),
        ("opportunities to improve response efforts", "response efforts"),
        ("the view that the United States and Japan, as allies", "the United States and Japan"),
        ("believe that diplomacy is the best path", "diplomacy"),
        # an attitude noun further on in the first clause
        ("he supports ongoing efforts to ease tensions, and more", "tensions"),
        ("welcomed efforts to enhance trilateral cooperation", "trilateral cooperation"),
        # a name's efforts are the name's; a name's attitude is not; a noun of a name is no frame
        ("concerns about Russia’s efforts to destabilize Ukraine", "Russia’s efforts"),
        ("Ukraine’s ability to defend itself", "Ukraine’s ability"),
        ("the Administration’s resolve to push back against governments", "governments"),
        ("the Action Plan for Critical Minerals", "the Action Plan for Critical Minerals"),
    ],
)  # fmt: skip
def test_the_phrase_a_quote_evaluates(content: str, phrase: str) -> None:
    at = target_phrase(content)
    assert at is not None and content[at[0] : at[1]] == phrase


@pytest.mark.parametrize(
    "content",
    [
        "We are committed to peace",
        "“I think so.”",
        "how the talks went",
        "It’s fine",
        "is a good step",  # a verb form: the content's edge cut its subject off
        "clear that the actions have no place",  # "made clear that ..."
        "the fact that it is late",  # a `that` clause's pronoun subject
        "Yeah, I saw that",  # an interjection
        "directly from me on behalf of many countries",  # an adverb
    ],
)
def test_a_content_opening_with_a_pronoun_or_question_word_has_no_phrase(content: str) -> None:
    assert target_phrase(content) is None


def test_quote_targets_name_the_phrase_by_its_canonical_name_or_its_own_words() -> None:
    text = (
        "Blinken condemned the DPRK’s recent launches. He stressed the importance of calm in "
        "Jerusalem. He said Russia’s war must end. He said we are committed to Japan. "
        "He said we are ready. Secretary Blinken praised President Putin’s decision."
    )

    def target(content: str) -> tuple[str | None, str | None]:
        q = in_text(text, content, speaker="Antony Blinken")
        name, mention = quote_target(q, text)
        if mention is not None:
            assert mention.problem(text) is None
            assert q.content.start <= mention.start and mention.end <= q.content.end
        return name, mention.text if mention else None

    assert target("the DPRK’s recent launches") == ("North Korea", "the DPRK’s recent launches")
    assert target("the importance of calm in Jerusalem") == (
        "calm in Jerusalem",
        "calm in Jerusalem",
    )
    assert target("Russia’s war must end") == ("Russia", "Russia’s war")
    # no phrase: the first name in the quote, else nothing
    assert target("we are committed to Japan") == ("Japan", "Japan")
    assert target("we are ready") == (None, None)


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("the U.S.-ROK Alliance", "U.S.–South Korea alliance"),
        ("strong U.S.-Israeli partnership", "U.S.–Israel relations"),
        ("U.S.-India Comprehensive Global Strategic Partnership", "U.S.–India relations"),
        ("trilateral U.S.-Japan-ROK cooperation on the DPRK", "U.S.–Japan–South Korea relations"),
        ("US-China ties", "U.S.–China relations"),
        ("Japan-U", None),  # a party that is no country
        ("Indo-Pacific", None),
        ("the U.S.-Gabonese relationship", None),  # a nationality word the table lacks
        ("inter-Korean dialogue", None),
    ],
)
def test_a_relation_between_countries_has_one_canonical_name(phrase: str, name: str | None):
    assert relation_name(phrase) == name


def test_quote_targets_name_people_and_governments_as_the_speakers_do() -> None:
    """A titled name is its full name or its surname, a bare office its holder, a government its
    country, "U.S." the United States; a transcript's "Thank you" and a vocative title are none."""
    text = (
        "Secretary of State Antony J. Blinken met Foreign Minister Lavrov. Price said that the "
        "U.S. will not leave. He said Speaker Pelosi is right. He said the Secretary will travel. "
        "He said the Russian Government lied. He said the Russian Federation lied. He said: "
        "Thank you, Secretary. Thank you for being here."
    )

    def target(content: str) -> str | None:
        q = in_text(text, content, speaker="Ned Price")
        return quote_target(q, text, resolver_for(text))[0]

    assert target("Foreign Minister Lavrov") == "Lavrov"
    assert target("that the U.S. will not leave") == "United States"
    assert target("Speaker Pelosi is right") == "Pelosi"
    assert target("the Secretary will travel") == "Antony Blinken"
    assert target("the Russian Government lied") == "Russia"
    assert target("the Russian Federation lied") == "Russia"
    assert target("Thank you, Secretary") is None
    assert target("Thank you for being here") is None


def test_a_quote_without_a_target_is_judged_as_a_whole() -> None:
    text = "He said we are ready."
    q = in_text(text, "we are ready")
    inp = stance_input(q)
    assert (inp.target, inp.target_start, inp.target_end) == ("we are ready", 0, 12)
    q.target = "United States"  # a given target is looked for by name, not marked
    inp = stance_input(q)
    assert (inp.target, inp.target_start, inp.target_end) == ("United States", None, None)


def test_found_targets_skip_capitalised_ordinary_words_and_the_speaker():

    text = (
        "QUESTION: Well, what about Russia? It’s fine, and the question is this. "
        "But Russia and the United States agree, Blinken said. Blinken praised Japan."
    )

    def target(content: str, speaker: str | None = None, given=None) -> str | None:
        i = text.index(content)
        q = Quote(id="q", content=Span.of(text, i, i + len(content)), type="indirect")
        q.speaker = speaker
        return choose_target(q, given, text)

    assert target("QUESTION: Well, what about Russia?") == "Russia"
    assert target("It’s fine") is None  # "It’s" is a sentence start, not a name
    assert target("But Russia and the United States agree") == "Russia"
    assert target("Blinken praised Japan", speaker="Antony Blinken") == "Japan"
    assert target("It’s fine", given=["sanctions"]) == "sanctions"  # given targets win


def test_found_targets_are_canonical_names_with_their_mention():
    """A possessive ends a target, capitals become their country, a titled surname becomes the
    article's full name; contractions, titles and days alone are no targets. The mention is the
    quote's own words, which the stance classifier marks."""
    from annotation.speakers import SpeakerResolver

    text = (
        "Russian President Vladimir Putin met Secretary Antony Blinken on Thursday. "
        "Blinken said Russia’s invasion must end. He said the United States’ position was "
        "clear, that President Putin’s war was wrong and that Washington would act. "
        "I’ve said the Secretary is right. Thursday’s talks were long. "
        "He marked International Women’s Day. The women met. "
        "He thanked UN Special Envoy Hans Grundberg."
    )
    names = SpeakerResolver(text)

    def target(content: str) -> tuple[str, str] | None:
        i = text.index(content)
        q = Quote(id="q", content=Span.of(text, i, i + len(content)), type="indirect")
        q.speaker = "Antony Blinken"
        found = found_target(q, text, names)
        if found is None:
            return None
        name, mention = found
        assert mention.problem(text) is None and q.content.start <= mention.start
        assert mention.end <= q.content.end
        return name, mention.text

    assert target("Russia’s invasion must end") == ("Russia", "Russia")
    assert target("the United States’ position") == ("United States", "United States")
    assert target("President Putin’s war was wrong") == ("Vladimir Putin", "President Putin")
    assert target("Washington would act") == ("United States", "Washington")
    assert target("thanked UN Special Envoy Hans Grundberg") == (
        "Hans Grundberg",  # titles go as they do for speakers
        "UN Special Envoy Hans Grundberg",
    )
    assert target("I’ve said the Secretary is right") is None
    assert target("Thursday’s talks were long") is None
    assert target("International Women’s Day") == (
        "International Women’s Day",  # `women` is a common word: the name goes on
        "International Women’s Day",
    )


def test_found_targets_map_nationality_words_to_their_country():
    """Nationality words become their country ("Russian forces" -> "Russia"), and so does the
    state's formal name ("the Russian Federation"). A regional word, and a name that only starts
    with a nationality, stay as they are; the speaker's country is skipped."""

    text = (
        "Blinken said Russian forces must leave. He said North Korean missiles and Americans "
        "were at risk, that European partners agree, that the Russian Orthodox Church lied and "
        "that the Russian Federation lied."
    )

    def target(content: str, speaker: str = "Antony Blinken") -> tuple[str, str] | None:
        i = text.index(content)
        q = Quote(id="q", content=Span.of(text, i, i + len(content)), type="indirect")
        q.speaker = speaker
        found = found_target(q, text)
        return (found[0], found[1].text) if found else None

    assert target("Russian forces must leave") == ("Russia", "Russian")
    assert target("Russian forces must leave", speaker="Russia") is None
    assert target("North Korean missiles") == ("North Korea", "North Korean")
    assert target("Americans were at risk") == ("United States", "Americans")
    assert target("European partners agree") == ("European", "European")
    assert target("the Russian Orthodox Church lied") == (
        "Russian Orthodox Church",
        "Russian Orthodox Church",
    )
    assert target("the Russian Federation lied") == ("Russia", "Russian Federation")

    # the classifier reads a found target as written, reported by its canonical name
    i = text.index("Russian forces")
    q = Quote(id="q", content=Span.of(text, i, i + 25), type="indirect")
    q.target, q.target_mention = found_target(q, text)
    assert (q.target, stance_input(q).target) == ("Russia", "Russian")
    inp = stance_input(q)
    assert inp.text[inp.target_start : inp.target_end] == "Russian"
    text = "Blinken condemned the DPRK’s launches and called on the PRC to act."
    q = Quote(id="q", content=Span.of(text, 18, len(text) - 1), type="indirect")
    q.target, q.target_mention = found_target(q, text)
    assert (q.target, stance_input(q).target) == ("North Korea", "DPRK")
