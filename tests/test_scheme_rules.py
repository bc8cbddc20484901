"""What the scheme leaves out (annotation.scheme_rules): planned speech and the text's own voice."""

from __future__ import annotations

from annotation.schema import Quote, Span
from annotation.scheme_rules import bare_cue, outside_scheme, scheme_spans
from annotation.speakers import SpeakerResolver


def found(text: str, content: str, cue: str, mention: str | None = None) -> Quote:
    """A quote as a model would give it; each span is the first occurrence of its words."""

    def span(words: str) -> Span:
        at = text.index(words)
        return Span.of(text, at, at + len(words))

    return Quote(
        "m1", span(content), cue=span(cue), speaker_mention=span(mention) if mention else None
    )


def why(text: str, content: str, cue: str, mention: str | None = None) -> str | None:
    return outside_scheme(text, found(text, content, cue, mention), SpeakerResolver(text))


def test_planned_speech_is_left_out_and_past_speech_stays() -> None:
    trip = (
        "Under Secretary Nuland will visit Nigeria. She will also highlight food security. "
        "In Nigeria, the team will meet with officials to discuss regional security. "
        "Throughout the trip, the Envoy will continue to press for aid."
    )
    assert why(trip, "food security", "highlight", "She") == "planned speech"
    assert why(trip, "regional security", "discuss") == "planned speech"
    assert why(trip, "aid", "press for") == "planned speech"
    # the model's cue span may hold the auxiliary itself
    assert why(trip, "food security", "will also highlight", "She") == "planned speech"
    assert why(trip, "regional security", "to discuss") == "planned speech"
    # or only the future auxiliary, the tags having missed the verb
    assert why(trip, "food security", "will also", "She") == "planned speech"
    assert why("She will stress aid.", "aid", "will", "She") == "planned speech"
    readout = (
        "Secretary Blinken spoke with Foreign Minister Kuleba to discuss Russia’s war. "
        "He said the United States will discuss sanctions with allies."
    )
    assert why(readout, "Russia’s war", "discuss", "Secretary Blinken") is None
    assert why(readout, "the United States will", "said", "He") is None


def test_the_texts_own_first_person_voice_is_left_out_but_not_quoted_or_transcribed() -> None:
    statement = "Ned Price, Spokesperson\n\nWe call on all Ethiopians to reject violence."
    assert why(statement, "all Ethiopians to reject violence", "call on", "We") == "own voice"
    quoted = "“We call on all sides to stop,” the minister said."
    assert why(quoted, "all sides to stop", "call on", "We") is None
    transcript = "SECRETARY BLINKEN: As we said, Russia must stop.\n\nQUESTION: Thank you."
    assert why(transcript, "Russia must stop", "said", "we") is None  # see the next test
    readout = "The Secretary reaffirmed our support for Ukraine."
    assert why(readout, "our support for Ukraine", "reaffirmed", "The Secretary") is None


def test_a_transcript_turns_own_words_are_left_out_but_what_it_reports_stays() -> None:
    text = (
        "MR PRICE: Good afternoon. We call on Russia to stop. As I said yesterday, the talks "
        "resume. We have made clear that sanctions stay. The Secretary told them the door is "
        "open.\n\nQUESTION: You said the talks would resume. Is that still true?\n\n"
        "MR PRICE: It is."
    )
    assert why(text, "Russia to stop", "call on", "We") == "a turn's own words"
    assert why(text, "the talks resume", "said", "I") is None
    assert why(text, "that sanctions stay", "made clear", "We") is None
    assert why(text, "the door is open", "told", "The Secretary") is None
    assert why(text, "the talks would resume", "You said", "You") is None

    def quote(content: str, mention: str | None = None, cue: str | None = None) -> Quote:
        def span(words: str) -> Span:
            return Span.of(text, text.index(words), text.index(words) + len(words))

        return Quote(
            "m1",
            span(content),
            cue=span(cue) if cue else None,
            speaker_mention=span(mention) if mention else None,
        )

    names = SpeakerResolver(text)
    # no cue (the label's colon is none) and no source, or the label itself as source
    labelled = quote("Good afternoon", "MR PRICE")
    for q in (quote("Is that still true"), quote("Good afternoon", cue=":"), labelled):
        assert outside_scheme(text, q, names) == "a turn's own words", q.content.text
    # "Said" capitalised is a reporter addressed by name, neither a cue nor a speech word
    asked = text + "\n\nQUESTION: And evictions?\n\nMR PRICE: Said, we say those things clearly."
    names = SpeakerResolver(asked)
    said = asked.index("Said")
    saying = asked.index("we say those")
    vocative = Quote(
        "m1",
        Span.of(asked, saying, saying + len("we say those things clearly")),
        cue=Span.of(asked, said, said + 4),
        speaker_mention=Span.of(asked, asked.rindex("MR PRICE"), asked.rindex("MR PRICE") + 8),
    )
    assert outside_scheme(asked, vocative, names) == "a turn's own words"
    # a text that is no transcript has no turns: a quote there is no turn's words
    plain = "Good afternoon. Is that still true?"
    bare = Quote("m1", Span.of(plain, 16, 34))
    assert outside_scheme(plain, bare, SpeakerResolver(plain)) != "a turn's own words"


def test_a_turns_uncued_words_linked_to_someone_else_stay_only_after_a_speech_word() -> None:
    text = (
        "MR PRICE: Jonathan, we continue to look at every contingency. As Linda said, this is "
        "the first gathering. The foreign minister thanked the Secretary and thanked the United "
        "States for its support. The minister put it plainly. “We will win.”\n\n"
        "QUESTION: Is the State Department concerned that Russia will attack?"
    )
    names = SpeakerResolver(text)

    def uncued(content: str, mention: str, kind: str = "indirect") -> str | None:
        at, by = text.index(content), text.index(mention)
        quote = Quote(
            "m1",
            Span.of(text, at, at + len(content)),
            type=kind,
            speaker_mention=Span.of(text, by, by + len(mention)),
        )
        return outside_scheme(text, quote, names)

    # a name addressed, or a question's subject, is no source of the turn's own words
    assert uncued("we continue to look at every contingency", "Jonathan") == "a turn's own words"
    assert uncued("that Russia will attack", "the State Department") == "a turn's own words"
    # a speech word between the source and the content (any tense) attributes it
    assert uncued("this is the first gathering", "Linda") is None
    assert uncued("the United States for its support", "The foreign minister") is None
    # a direct quote may continue the one before without a cue
    assert uncued("“We will win.”", "The minister", "direct") is None


def test_a_turns_words_with_a_cue_and_no_source_stay_only_as_earlier_speech() -> None:
    text = (
        "MR PRICE: Let me say that we welcome the talks. As mentioned, the talks resume. This "
        "shows that our approach works.\n\nQUESTION: Thank you."
    )
    names = SpeakerResolver(text)
    assert outside_scheme(text, found(text, "that we welcome the talks", "say"), names) == (
        "a turn's own words"
    )
    assert why(text, "that our approach works", "shows") == "a turn's own words"
    assert why(text, "the talks resume", "mentioned") is None


def test_a_bare_verb_under_will_is_planned_and_an_abbreviation_ends_no_sentence() -> None:
    trip = (
        "Office of the Spokesperson\n\nThe Assistant Secretary will underscore U.S. support for "
        "peace, thank Azerbaijan for its aid, and highlight the partnership in energy security."
    )
    assert why(trip, "the partnership in energy security", "highlight") == "planned speech"
    assert why(trip, "Azerbaijan for its aid", "thank") == "planned speech"
    readout = "Office of the Spokesperson\n\nThe Secretary highlighted that the U.S. will help."
    assert why(readout, "that the U.S. will help", "highlighted", "The Secretary") is None


def test_the_issuer_in_the_third_person_is_the_releases_own_voice_in_statements() -> None:
    statement = (
        "Antony J. Blinken, Secretary of State\n\nThe United States rejects the Taliban’s "
        "excuses. We stand with Afghan girls. The U.S. Embassy said schools must reopen."
    )
    assert why(statement, "the Taliban’s excuses", "rejects", "The United States") == "own voice"
    assert why(statement, "schools must reopen", "said", "The U.S. Embassy") is None
    # in a first-person statement, a past tense is the issuer's own voice too
    past = "Ned Price, Spokesperson\n\nWe are troubled. The Administration announced aid."
    assert why(past, "aid", "announced", "The Administration") == "own voice"
    # a release without `we`: present tense is the issuer's voice, a readout's past tense a quote
    welcome = "Office of the Spokesperson\n\nThe United States welcomes the new Secretary General."
    assert why(welcome, "the new Secretary General", "welcomes", "The United States") == "own voice"
    readout = (
        "U.S. Department of State\nDuring the dialogue, the United States announced it was "
        "donating vaccines. In addition, the U.S. CDC announced new labs."
    )
    assert why(readout, "it was donating vaccines", "announced", "the United States") is None
    assert why(readout, "new labs", "announced", "the U.S. CDC") is None
    # news has no issuer: `the United States says` is reported speech there
    news = "The United States says it will act, and the Kremlin denies it."
    assert why(news, "it will act", "says", "The United States") is None


def test_an_event_is_no_source() -> None:
    text = "The Dialogue also highlighted the donation of labs. The Secretary highlighted the labs."
    assert why(text, "the donation of labs", "highlighted", "The Dialogue") == "event as source"
    assert why(text, "the labs", "highlighted", "The Secretary") is None


def test_a_thought_cue_is_left_out_unless_a_speech_word_introduces_it() -> None:
    news = (
        "Putin plans to brief Xi on the talks. The leaders were expected to exchange views. "
        "Russia has been seen advocating for a multilateral platform. Sherman sought "
        "clarification on the demolition. Kim said he hopes for more talks."
    )
    assert why(news, "to brief Xi on the talks", "plans", "Putin") == "thought, not speech"
    assert why(news, "to exchange views", "were expected", "The leaders") == "thought, not speech"
    assert why(news, "for a multilateral platform", "has been seen advocating", "Russia") is None
    assert why(news, "the demolition", "sought clarification on", "Sherman") is None
    assert why(news, "for more talks", "said he hopes", "Kim") is None
    assert why(news, "he hopes for more talks", "said", "Kim") is None


def test_content_with_neither_speech_cue_nor_source_is_left_out_unless_direct() -> None:
    text = (
        "U.S. assistance is a concrete example of our commitment to the region. The Department "
        'has also supported its partners. "We will not waver," Blinken said. "The region can '
        'count on us."'
    )
    names = SpeakerResolver(text)

    def at(words: str, kind: str, cue: str | None = None) -> Quote:
        start = text.index(words)
        said = text.index(cue) if cue else 0
        return Quote(
            "m1",
            Span.of(text, start, start + len(words)),
            type=kind,
            cue=Span.of(text, said, said + len(cue)) if cue else None,
        )

    unattributed = at("commitment to the region", "indirect")
    assert outside_scheme(text, unattributed, names) == "no cue, no source"
    assert outside_scheme(text, at("commitment to the region", "mixed"), names) is not None
    # an auxiliary or an adverb is no speech cue
    for cue in ("has", "has also"):
        bare = at("its partners", "indirect", cue)
        assert outside_scheme(text, bare, names) == "no cue, no source", cue
    # a speech cue alone attributes it, and a direct quote may continue the one before
    assert outside_scheme(text, at("commitment to the region", "indirect", "said"), names) is None
    assert outside_scheme(text, at('"The region can count on us."', "direct"), names) is None


def test_scheme_boundaries_take_the_addressee_out_and_the_expressed_noun_in() -> None:
    text = (
        "The Secretary also thanked the Foreign Minister for Jordan’s support for Ukraine. "
        "He expressed appreciation for Japan’s leadership. They discussed aid for Ukraine."
    )

    def spans(content: str, cue: str) -> tuple[str, str]:
        quote = scheme_spans(text, found(text, content, cue))
        return quote.cue.text, quote.content.text

    assert spans("the Foreign Minister for Jordan’s support for Ukraine", "also thanked") == (
        "thanked",
        "Jordan’s support for Ukraine",
    )
    assert spans("for Japan’s leadership", "expressed appreciation") == (
        "expressed",
        "appreciation for Japan’s leadership",
    )
    assert spans("aid for Ukraine", "discussed") == ("discussed", "aid for Ukraine")  # unchanged
    # no addressee: a content that starts at `for` keeps its words
    assert spans("for Jordan’s support for Ukraine", "also thanked")[1] == (
        "for Jordan’s support for Ukraine"
    )


def test_a_cue_loses_auxiliaries_and_adverbs_before_its_verb() -> None:
    """Guideline 5.2: `also discussed` -> `discussed`; a negation, a passive frame and a cue of
    nothing else stay whole; an intermediary's `according to` leaves the cue."""

    def cue(words: str) -> str:
        text = f"Putin {words} ties."
        return bare_cue(text, Span.of(text, 6, 6 + len(words))).text

    assert cue("also discussed") == "discussed"
    assert cue("has reportedly asked") == "asked"
    assert cue("strongly condemned") == "condemned"
    assert cue("’ve noted") == "noted"
    assert cue("said according to") == "said"
    assert cue("did not say") == "did not say"
    assert cue("has been quoted as saying") == "has been quoted as saying"
    assert cue("was quoted by") == "was quoted by"
    assert cue("also") == "also"
    assert cue("reply to") == "reply to"
    assert cue("according to") == "according to"
    # the tags may cut a clitic from its apostrophe (`we’ve said` -> `ve said`); more adverbs
    assert cue("ve said") == "said"
    assert cue("just said") == "said"
    assert cue("always said") == "said"
    # a progressive's `be` goes, a passive's stays
    assert cue("are saying") == "saying"
    assert cue("has been saying") == "saying"
    assert cue("is now saying") == "saying"
    assert cue("re saying") == "saying"
    assert cue("is being said") == "is being said"
    assert cue("was told") == "was told"
    assert cue("are concerned") == "are concerned"
    text = "They also discussed aid for Ukraine."
    quote = scheme_spans(text, found(text, "aid for Ukraine", "also discussed", "They"))
    assert (quote.cue.text, quote.content.text) == ("discussed", "aid for Ukraine")


def test_a_passive_quoting_frame_is_taken_whole() -> None:
    """Guideline 5.2: the tags' `was quoted by` goes on to its `as saying`."""
    text = "“No alternative,” Putin was quoted by Russian news service TASS as saying. He left."
    quote = scheme_spans(text, found(text, "No alternative", "was quoted by", "Putin"))
    assert quote.cue.text == "was quoted by Russian news service TASS as saying"
    text = "He was quoted today as saying Russia should stay. It was quoted by many, as ever."
    quote = scheme_spans(text, found(text, "Russia should stay", "was quoted", "He"))
    assert quote.cue.text == "was quoted today as saying"
    quote = scheme_spans(text, found(text, "many", "was quoted by", "It"))
    assert quote.cue.text == "was quoted by"  # no `as saying` in its clause
