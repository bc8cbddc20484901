"""Canonical speakers (annotation.speakers): transcript turns, first person, titles, aliases,
governments, owners and organisations, on hand-made texts."""

from __future__ import annotations

import functools
import re

import pytest

from annotation import speakers
from annotation.schema import Span
from annotation.speakers.names import capital_surnames


def test_transcript_turn_labels_resolve_to_the_named_speaker() -> None:
    text = (
        "Department Spokesperson Ned Price briefed reporters.\n\n"
        "MR PRICE: We support the talks.\n\n"
        "QUESTION: Will you meet them?\n\n"
        "SECRETARY BLINKEN: We will.\n\n"
        "I think so.\n\n"
        "QUESTION: I have one more.\n\n"
        "Mr Price said the talks went well."
    )
    resolve = speakers.SpeakerResolver(text)

    def speaker(phrase: str, nth: int = 0) -> str | None:
        found = list(re.finditer(rf"\b{phrase}\b", text))[nth]
        return resolve(Span.of(text, *found.span()))

    assert speaker("MR") == "Ned Price"  # the model often marks only "MR" of "MR PRICE:"
    assert speaker("MR PRICE") == "Ned Price"
    assert speaker("QUESTION") is None
    assert speaker("BLINKEN") == "Blinken"
    assert speaker("We") == "Ned Price"  # first person in a turn: the turn's speaker
    assert speaker("We", 1) == "Blinken"
    assert speaker("I") == "Blinken"  # the turn goes on over paragraphs
    assert speaker("I", 1) is None  # a reporter's question
    assert speaker("Mr Price") == "Ned Price"  # a name inside a turn keeps its own name
    plain = "Mr Price said the talks went well. We agree, I said."
    resolve = speakers.SpeakerResolver(plain)
    assert resolve(Span.of(plain, 0, 8)) == "Price"  # a title without its dot is still a title
    assert resolve(Span.of(plain, 35, 37)) == "We"  # no transcript: first person stays


def speaker_of(text: str, phrase: str, length: int | None = None) -> str | None:
    """The canonical speaker of the first ``phrase`` in ``text`` taken as a mention, or of its
    first ``length`` characters (`he` of `he said`)."""
    at = text.index(phrase)
    return speakers.SpeakerResolver(text)(Span.of(text, at, at + (length or len(phrase))))


def nth_speaker(text: str, phrase: str, nth: int) -> str | None:
    """The canonical speaker of the ``nth`` (from 0) whole-word ``phrase`` in ``text``."""
    at = [m.start() for m in re.finditer(rf"\b{re.escape(phrase)}\b", text)][nth]
    return speakers.SpeakerResolver(text)(Span.of(text, at, at + len(phrase)))


def test_first_person_and_possessive_mentions() -> None:
    """`My` and `our` are first person like `I` and `we`; `His remarks` is his, but `his
    spokesman` is someone else."""
    text = (
        "Secretary Antony Blinken spoke.\n\n"
        "SECRETARY BLINKEN: Our goal is peace. My view is clear.\n\n"
        "QUESTION: My question is simple.\n\n"
        "Ned Price said it. His remarks were brief. His spokesman said more. Our aim is peace."
    )
    speaker = functools.partial(speaker_of, text)
    assert speaker("Our") == speaker("My") == "Antony Blinken"  # the turn's speaker
    assert speaker_of(text[text.index("QUESTION") :], "My") is None  # a reporter
    assert speaker("His remarks") == "Ned Price"
    assert speaker("His spokesman") is None
    tail = text[text.index("Ned Price") :]
    assert speaker_of(tail, "Our") == "We"  # outside a transcript, first person stays


def test_first_person_in_a_bylined_release_is_its_author() -> None:
    """A statement whose first line is its author's byline speaks in the author's first person;
    quoted first person, a participant list and a bylineless release keep "I" / "We"."""
    text = (
        "Antony J. Blinken, Secretary of State\n\n"
        "We stand with Ukraine. As Kuleba said, “we will win.” I thank our partners."
    )
    speaker = functools.partial(speaker_of, text)
    assert speakers.byline_person(text) == "Antony Blinken"
    assert speaker("We") == speaker("I") == speaker("our") == "Antony Blinken"
    assert speaker("we") == "We"  # inside quotation marks: someone else's words
    office = "Office of the Spokesperson\n\nWe call on all parties to talk."
    assert speaker_of(office, "We") == "We"
    listing = "Antony J. Blinken, Secretary of State\n\nMute Egede, Greenlandic Premier\n\nWe met."
    assert speakers.byline_person(listing) is None  # a transcript's participants
    assert speaker_of(listing, "We") == "We"
    headline = "Russia, the West and NATO\n\nWe met."  # a comma, but no title
    assert speakers.byline_person(headline) is None


def test_countries_are_not_given_names_and_aliases_are_merged() -> None:
    """A country before a name belongs to a title (`Special Envoy for Yemen Tim Lenderking`), so
    it neither starts a name nor counts as a person for `he`; `Tony Blinken` is `Antony Blinken`."""
    text = "Special Envoy for Yemen Tim Lenderking spoke. Secretary of State Tony Blinken agreed."
    assert speaker_of(text, "Yemen Tim Lenderking") == "Tim Lenderking"
    assert speaker_of(text, "Tony Blinken") == "Antony Blinken"
    text = "Counselor Derek Chollet reaffirmed ties with our NATO Ally Poland. He met the minister."
    assert speaker_of(text, "He") == "Derek Chollet"
    text = "Rep. Jim Jordan spoke. He said no."  # a country that is also a name stays a name
    assert speaker_of(text, "He") == "Jim Jordan"


def test_an_informal_given_name_of_the_alias_table_is_the_person_and_spanish_titles() -> None:
    """The alias table's informal given names find the person named formally (`as Tony just
    said` beside `Antony J. Blinken`), only when that person is named here; `Secretario` and
    `Presidente` are titles, never part of a name."""
    text = (
        "Secretary of State Antony J. Blinken met Foreign Minister Luigi Di Maio.\n\n"
        "FOREIGN MINISTER DI MAIO: As Tony just said, our ties are strong."
    )
    assert speaker_of(text, "Tony") == "Antony Blinken"
    assert speaker_of("As Tony just said, our ties are strong.", "Tony") == "Tony"
    text = "Assistant Secretary Daniel Kritenbrink spoke. Dan said it went well."
    assert speaker_of(text, "Dan") == "Daniel Kritenbrink"
    assert speaker_of("Special Envoy Rob Malley spoke.", "Special Envoy Rob Malley") == (
        "Robert Malley"
    )
    text = "El Secretario de Estado Antony J. Blinken habló. El Secretario Blinken dijo que sí."
    assert speaker_of(text, "Secretario Blinken") == "Antony Blinken"
    assert speaker_of("El Presidente Biden habló.", "Presidente Biden") == "Biden"


def test_initials_before_a_lone_surname_are_the_given_names() -> None:
    """A middle initial goes (`Antony J. Blinken`), but initials before a lone surname are the
    given names and stay (`Dr. A. G. Yaskin` -> `A. G. Yaskin`, not `Yaskin`); after the full
    given name they are that person, and the alias table writes `S. Jaishankar` in full."""
    text = "Minister of Energy Dr. A. G. Yaskin spoke. Yaskin said he agreed."
    assert speaker_of(text, "Dr. A. G. Yaskin") == "A. G. Yaskin"
    assert speaker_of(text, "Yaskin said", 6) == "A. G. Yaskin"
    text = "Minister Andrei Yaskin arrived. Minister A. Yaskin said he agreed."
    assert speaker_of(text, "Minister A. Yaskin") == "Andrei Yaskin"
    assert speaker_of(text, "he") == "Andrei Yaskin"
    text = (
        "Secretary Antony J. Blinken met Minister of External Affairs Dr. S. Jaishankar. He spoke."
    )
    assert speaker_of(text, "Dr. S. Jaishankar") == "Subrahmanyam Jaishankar"
    assert speaker_of(text, "Secretary Antony J. Blinken") == "Antony Blinken"


def test_an_offices_place_before_a_comma_is_no_one_and_long_names_with_bin_stay_whole() -> None:
    """`the Crown Prince of Abu Dhabi, Sheikh Mohamed ...` names its holder after the comma,
    not a person `Abu Dhabi`; each `bin` lets a name run one word longer, so two brothers are
    not cut to the same `Zayed bin Sultan Al Nahyan`."""
    text = (
        "Envoy John Kerry met with the Crown Prince of Abu Dhabi, Sheikh Mohamed bin Zayed bin "
        "Sultan Al Nahyan, and Foreign Minister Sheikh Abdullah bin Zayed bin Sultan Al Nahyan. "
        "They reaffirmed the ties."
    )
    assert speaker_of(text, "They") == (
        "Abdullah bin Zayed bin Sultan Al Nahyan & John Kerry & "
        "Mohamed bin Zayed bin Sultan Al Nahyan"
    )
    adviser = "Senior Adviser to Jake Sullivan, the National Security Advisor, spoke. He agreed."
    assert speaker_of(adviser, "He") == "Jake Sullivan"


def test_a_readouts_two_participants_are_joined() -> None:
    """`The Secretary and Foreign Minister` and `The two leaders` are the two people a readout
    introduced with those titles; a pair that resolves to one person is no answer."""
    text = (
        "Secretary Antony J. Blinken met with Australian Foreign Minister Marise Payne. "
        "The Secretary and Foreign Minister discussed the war. The two leaders agreed. "
        "The two sides met. The Secretary and the Secretary agreed."
    )
    speaker = functools.partial(speaker_of, text)
    pair = "Antony Blinken & Marise Payne"
    assert speaker("The Secretary and Foreign Minister") == speaker("The two leaders") == pair
    assert speaker("The two sides") is None  # sides may be delegations or countries
    assert speaker("The Secretary and the Secretary") is None
    assert speaker_of("The two leaders met.", "The two leaders") is None  # nobody named yet
    # an unnamed group is a lowercase plural, and A-Z order ignores capitals
    text = "Secretary Antony Blinken met G7 Foreign Ministers. The Secretary and Foreign Ministers"
    assert speaker_of(text, "The Secretary and Foreign Ministers") == (
        "Antony Blinken & foreign ministers"
    )
    assert speaker_of("Zelenskyy and analysts spoke.", "Zelenskyy and analysts") == (
        "analysts & Zelenskyy"
    )


def test_governments_owners_and_office_portfolios() -> None:
    """A government is its country; a named owner's words are the owner's, but the owner's
    visit or relatives are no speaker; a portfolio or an earlier line never starts a name."""
    text = (
        "Remarks\n\nSecretary of State Antony Blinken and Secretary of Commerce Gina Raimondo, "
        "with Special Envoy for the Northern Triangle Ricardo Zuniga, met Russia’s Foreign "
        "Minister Sergei Lavrov. The Government of Russia, the Kingdom of Bahrain and the "
        "Cuban Government replied. Blinken’s remarks were brief. Austin Tice’s parents spoke. "
        "The Secretary’s visit ended. Those who disagree spoke. Ms. Ayana Elizabeth Johnson\n\n"
        "Johnson is a marine biologist. She spoke."
    )
    speaker = functools.partial(speaker_of, text)
    assert speaker("Commerce Gina Raimondo") == "Gina Raimondo"  # far from the text's start
    assert speaker("Triangle Ricardo Zuniga") == "Ricardo Zuniga"
    assert speaker("Russia’s Foreign Minister Sergei Lavrov") == "Sergei Lavrov"
    assert speaker("The Government of Russia") == "Russia"
    assert speaker("the Kingdom of Bahrain") == "Bahrain"
    assert speaker("Cuban Government") == "Cuba"
    # a U.S. administration is the United States; the new one of another country is not
    admin = "The Biden administration said so. This Administration agreed. The new administration"
    for mention in ("The Biden administration", "This Administration", "the administration’s"):
        assert speaker_of(admin + " and the administration’s aides spoke.", mention) == (
            "United States"
        )
    assert speaker_of(admin + " spoke.", "The new administration") is None
    china = "The PRC spoke. The People’s Republic of China agreed."
    assert speaker_of(china, "The PRC") == "China"
    assert speaker_of(china, "The People’s Republic of China") == "China"
    assert speaker("Blinken’s remarks") == "Antony Blinken"
    assert speaker("Austin Tice’s parents") is None
    assert speaker_of("The Ukrainian people spoke.", "The Ukrainian people") == "Ukrainian people"
    # a preposition the tags took is no part of a people's name
    assert speaker_of("Afghans across the country said it.", "Afghans across") == "Afghans"
    assert speaker("The Secretary’s visit") is None
    assert speaker("Those") is None
    assert speaker_of("Sergei Lavrov spoke. Lavrov, 72, agreed.", "Lavrov,") == "Sergei Lavrov"
    assert speaker_of("Lavrov, 72, agreed.", ",") is None  # nothing left is no crash
    # an age is an appositive; a pronoun owns the rest like a name does
    voter = "Quina Jones, 25, said so in his Facebook profile."
    assert speaker_of(voter, "Quina Jones, 25,") == "Quina Jones"
    assert speaker_of(voter, "his Facebook profile") is None
    assert speaker("She") == "Ayana Elizabeth Johnson"  # not `Johnson Ayana ...` across lines


def test_a_surname_that_is_also_a_word_is_a_name_next_to_a_title() -> None:
    """`Price` also occurs as `price`; a title before the name, or after it past a comma
    (a byline), still makes `Ned Price` a name, so a later bare `Price` resolves to it."""
    body = "\n\nThe price of grain rose.\n\nPrice said the ships would sail."
    for header in (
        "Ned Price, Department Spokesperson",
        "The below is attributable to Spokesperson Ned Price:",
    ):
        text = header + body
        at = text.index("Price said")
        assert speakers.SpeakerResolver(text)(Span.of(text, at, at + 5)) == "Ned Price"
    # without a title the common word keeps its old reading: no name is learnt
    text = "Ned Price wrote." + body
    at = text.index("Price said")
    assert speakers.SpeakerResolver(text)(Span.of(text, at, at + 5)) == "Price"
    # only a title right before the two words counts (`Foreign` is one, three words back):
    # `He` is the chair known only by title and surname, no `Relations Menendez`
    text = "Senate Foreign Relations Chair Menendez wrote. He said the chair was empty."
    at = text.index("He said")
    assert speakers.SpeakerResolver(text)(Span.of(text, at, at + 2)) == "Menendez"


def test_organisations_appositives_and_honorifics_resolve_to_whole_names() -> None:
    """Mentions as the model marks them in news: an organisation keeps its whole name, an
    appositive after a name is not part of it, and `Mr. King` is a name though `king` is a title."""
    text = (
        "Michael Oppenheimer, a professor of geosciences at Princeton University, spoke. "
        "The New York Times reported it. The Times of Israel reported it. "
        "The State Department said so. The State Department official said so. "
        "Rep. Jim Jordan (R-Ohio), an oversight panel member, said so. Mr. King said so. "
        "Mr. President said so. "
        "The Honorable Antony Blinken spoke. Ships crossed the Black Sea under the Marshall Plan. "
        "He said so."
    )
    speaker = functools.partial(speaker_of, text)
    assert speaker("The New York Times") == "New York Times"  # not `York Times`
    assert speaker("The Times of Israel") == "Times of Israel"
    assert speaker("The State Department") == "Department of State"  # its official name
    assert speaker("The State Department official") != "Department of State"  # a person
    assert speaker("Michael Oppenheimer, a professor of geosciences at Princeton University,") == (
        "Michael Oppenheimer"
    )
    assert speaker("Rep. Jim Jordan (R-Ohio), an oversight panel member,") == "Jim Jordan"
    assert speaker("Mr. King") == "King"
    assert speaker("Mr. President") != "President"  # a form of address, not a name
    assert speaker("The Honorable Antony Blinken") == "Antony Blinken"
    assert speaker("He") == "Antony Blinken"  # the last person, not a sea or a plan


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("the State Department", "Department of State"),
        ("The U.S. Department of State", "Department of State"),
        ("United States Department of State", "Department of State"),
        ("the Treasury Department", "Department of the Treasury"),
        ("U.S. Department of Treasury", "Department of the Treasury"),
        ("the Department of Health and Human Services", "Department of Health and Human Services"),
        (
            "The Department of State’s Bureau of Educational and Cultural Affairs",
            ("Bureau of Educational and Cultural Affairs"),
        ),
        ("The Department of State and Keysight", "Department of State & Keysight"),
        ("People’s Republic of China", "China"),
    ],
)
def test_a_us_department_has_one_name_and_a_bureau_its_own(mention: str, name: str) -> None:
    """One name per U.S. department, whatever the article calls it (project decision); a part
    of an organisation is named by its own name; a company after `and` is an organisation of its
    own, though an `and` may be inside a department's name."""
    assert speaker_of(f"{mention} said so.", mention) == name


def test_a_title_description_takes_the_last_person_with_that_title() -> None:
    """`The Secretary` in a readout is the Secretary named before, not whoever was named last."""
    text = (
        "Secretary of State Antony J. Blinken met Foreign Minister Dmytro Kuleba. "
        "Deputy Secretary Wendy Sherman and Assistant Secretary Molly Phee joined them. "
        "The Secretary said the talks went well. The Deputy Secretary said so. "
        "The Russian leader said so."
    )
    speaker = functools.partial(speaker_of, text)
    assert speaker("The Secretary") == "Antony Blinken"
    assert speaker("The Deputy Secretary") == "Wendy Sherman"
    assert speaker("The Russian leader") == "Molly Phee"  # no one titled so: the last person


def test_an_office_no_one_here_holds_is_no_one() -> None:
    """In a spokesperson's briefing that never names the Secretary, `the Secretary` is no one
    (not the spokesperson named last); a role anyone may hold (`the Russian leader`) is still
    the last person named, and `the Foreign Minister` is `Foreign Minister Sheikh Abdullah`."""
    text = (
        "The below is attributable to Spokesperson Ned Price:\n\n"
        "As the Secretary said, we will help. President Vladimir Putin spoke in Moscow. "
        "The Russian leader said no."
    )
    assert speaker_of(text, "the Secretary") is None
    assert speaker_of(text, "The Russian leader") == "Vladimir Putin"
    # an office held with a title of courtesy is that office
    text = (
        "Secretary of State Antony J. Blinken spoke with UAE Foreign Minister Sheikh Abdullah "
        "bin Zayed. The Secretary and Foreign Minister expressed their support."
    )
    both = "Abdullah bin Zayed & Antony Blinken"
    assert speaker_of(text, "The Secretary and Foreign Minister") == both


def test_titles_with_a_country_and_forms_of_address_are_not_names() -> None:
    """`Prime Minister of Estonia Kaja Kallas` is Kaja Kallas (the country is not a given name);
    `His Excellency` and `Administrator` are titles."""
    text = (
        "Prime Minister of Estonia Kaja Kallas met U.S. Ambassador to Bangladesh Peter Haas "
        "and Administrator Isobel Coleman.\n\n"
        "PRIME MINISTER KALLAS: Thank you.\n\n"
        "His Excellency Pino spoke. Administrator Coleman spoke. "
        "The wife of John Quincy Adams spoke."
    )
    speaker = functools.partial(speaker_of, text)
    assert speaker("Kaja Kallas") == "Kaja Kallas"
    assert speaker("PRIME MINISTER KALLAS") == "Kaja Kallas"  # not `Estonia Kaja Kallas`
    assert speaker("Peter Haas") == "Peter Haas"
    assert speaker("His Excellency Pino") == "Pino"
    assert speaker("Administrator Coleman") == "Isobel Coleman"
    assert speaker("John Quincy Adams") == "John Quincy Adams"  # `of` without a title


def test_lists_and_names_with_and_inside() -> None:
    """A list of three or more names joins them; a country or an organisation with `and` in its
    name stays one speaker; two organisations joined by `and` stay two."""
    text = (
        "Deputy Secretary Wendy Sherman met Foreign Minister Chung Eui-yong and Vice Foreign "
        "Minister Choi Jong-kun. Deputy Secretary Sherman, Minister Chung, and Vice Minister "
        "Choi spoke. Bosnia and Herzegovina spoke. Trinidad and Tobago spoke. The Department of "
        "Health and Human Services spoke. The Bureau of Democracy, Human Rights, and Labor "
        "spoke. The Department of State and the Ministry of Defense spoke. The Department of "
        "State and USAID spoke. The Governments of the United States, France, and Germany spoke."
    )
    speaker = functools.partial(speaker_of, text)
    assert speaker("Deputy Secretary Sherman, Minister Chung, and Vice Minister Choi") == (
        "Choi Jong Kun & Chung Eui Yong & Wendy Sherman"
    )
    assert speaker("Bosnia and Herzegovina") == "Bosnia and Herzegovina"
    assert speaker("Trinidad and Tobago") == "Trinidad and Tobago"
    assert speaker("The Department of Health and Human Services") == (
        "Department of Health and Human Services"
    )
    assert speaker("The Bureau of Democracy, Human Rights, and Labor") == (
        "Bureau of Democracy, Human Rights, and Labor"
    )
    assert speaker("The Department of State and the Ministry of Defense") == (
        "Department of State & Ministry of Defense"
    )
    assert speaker("The Department of State and USAID") == "Department of State & USAID"
    assert speaker("The Governments of the United States, France, and Germany") == (
        "France & Germany & United States"
    )


def test_an_office_ending_in_general_or_elect_is_its_holder() -> None:
    """`the Secretary General` and `the President-Elect` are the people named in those offices
    (their head is `secretary`, `president`), alone and in a joint subject; `the General
    Assembly` is no person."""
    text = (
        "Deputy Secretary Wendy R. Sherman spoke with EEAS Secretary General Stefano Sannino and "
        "met Philippine President-Elect Ferdinand Marcos Jr. in Manila. The Deputy Secretary and "
        "Secretary General discussed aid. The Secretary General said so. The Deputy Secretary "
        "and the President-Elect agreed. The General Assembly voted."
    )
    assert speaker_of(text, "The Deputy Secretary and Secretary General") == (
        "Stefano Sannino & Wendy Sherman"
    )
    assert speaker_of(text, "The Secretary General") == "Stefano Sannino"
    assert speaker_of(text, "The Deputy Secretary and the President-Elect") == (
        "Ferdinand Marcos Jr. & Wendy Sherman"
    )
    assert speaker_of(text, "The General Assembly") != "Stefano Sannino"


def test_an_and_inside_an_office_joins_nobody() -> None:
    """An `and` right after the word a title's `of` or `for` brought in is part of the office;
    between two people, or after a senator's state, it joins them."""
    text = (
        "Deputy Secretary of State for Management and Resources Brian P. McKeon spoke. "
        "Sen. Ted Cruz of Texas and Marco Rubio of Florida spoke. Secretary of State Antony "
        "Blinken and Foreign Minister Sergey Lavrov spoke. The Centers for Disease Control and "
        "Prevention spoke."
    )
    speaker = functools.partial(speaker_of, text)
    assert speaker("Deputy Secretary of State for Management and Resources Brian P. McKeon") == (
        "Brian McKeon"
    )
    assert " & " in speaker("Sen. Ted Cruz of Texas and Marco Rubio of Florida")
    assert speaker("Secretary of State Antony Blinken and Foreign Minister Sergey Lavrov") == (
        "Antony Blinken & Sergey Lavrov"
    )
    assert speaker("The Centers for Disease Control and Prevention") == (
        "Centers for Disease Control and Prevention"
    )


def test_readout_people_named_by_title_and_surname_or_with_name_particles() -> None:
    """A person titled by surname only (`Deputy Secretary Sherman`) is found by `the Deputy
    Secretary`, and `she` after that description is her, not the person named in between; an
    Arabic name keeps its `bin`; an adviser's title is no given name; `the two` are the last two
    people named with titles; a summit is no person."""
    text = (
        "Today, Deputy Secretary Sherman met the delegation led by Representative Park Jin. "
        "The Deputy Secretary congratulated the delegation. She stressed the alliance. "
        "Secretary of State Antony J. Blinken spoke with Qatari Minister of Foreign Affairs "
        "Mohammed bin Abdulrahman Al-Thani. The Secretary and Foreign Minister noted the "
        "anniversary. Secretary Blinken and National Security Advisor Akiba Takeo met. The two "
        "discussed the summit. The Secretary noted the U.S.-ASEAN Special Summit. He also noted "
        "the actions."
    )
    speaker = functools.partial(speaker_of, text)
    assert speaker("The Deputy Secretary") == "Sherman"
    she = text.index("She stressed")
    assert speakers.SpeakerResolver(text)(Span.of(text, she, she + 3)) == "Sherman"
    assert speaker("The Secretary and Foreign Minister") == (
        "Antony Blinken & Mohammed bin Abdulrahman Al-Thani"
    )
    assert speaker("Secretary Blinken and National Security Advisor Akiba Takeo") == (
        "Akiba Takeo & Antony Blinken"
    )
    assert speaker("The two") == "Akiba Takeo & Antony Blinken"
    assert speaker("He") == "Antony Blinken"


def test_they_is_the_titled_people_of_the_sentence_before() -> None:
    """`They` and `The participants` are the people the sentence before names with titles (two
    or more), looking through sentences that begin with such a reference themselves; any other
    sentence in between leaves them unresolved. A framing line is a sentence of its own, and an
    office or a continent in a title is no person."""
    text = (
        "The below is attributable to Spokesperson Ned Price:\n\n"
        "Deputy Secretary of State Wendy Sherman spoke today with French MFA Secretary General "
        "Francois Delattre, Italian MFA Secretary General Ettore Sequi, and UK Minister of State "
        "for Europe Leo Docherty. The participants discussed Russia. They discussed aid. "
        "Officials said the talks went well. They praised the Director of the Foreign Affairs "
        "Commission Yang Jiechi. Director Yang and Secretary Blinken met."
    )
    group = "Ettore Sequi & Francois Delattre & Leo Docherty & Wendy Sherman"
    resolve = speakers.SpeakerResolver(text)
    assert speaker_of(text, "The participants") == group
    they = text.index("They discussed")
    assert resolve(Span.of(text, they, they + 4)) == group
    praised = text.index("They praised")
    assert resolve(Span.of(text, praised, praised + 4)) is None  # `Officials said` in between
    # `Commission` ends an office: it is not Yang Jiechi's given name
    assert speaker_of(text, "Director Yang and Secretary Blinken") == "Blinken & Yang Jiechi"


def test_groups_reach_through_an_office_with_and_and_offices_described() -> None:
    """An office may hold an `and` after its `of` or `for` (`Minister of State for Europe and
    North America`), and `the National Security Advisor` is a mention of the person last titled
    so (`The Secretary and Foreign Minister` of both): they count for `They`, also after a
    sentence whose `they` is the same group or that names one of them alone."""
    call = (
        "Deputy Secretary of State Wendy Sherman spoke today with French MFA Secretary General "
        "Francois Delattre and UK Minister of State for Europe and North America James "
        "Cleverly. They discussed aid."
    )
    assert speaker_of(call, "They") == "Francois Delattre & James Cleverly & Wendy Sherman"
    meeting = (
        "Secretary of State Antony J. Blinken met with Japanese National Security Advisor Akiba "
        "Takeo. Secretary Blinken welcomed the Quad. The Secretary and the National Security "
        "Advisor reaffirmed the principles. The Secretary thanked Japan, and they discussed "
        "costs. They also compared notes. The Secretary noted progress. They agreed. Prime "
        "Minister Kishida Fumio welcomed it. They left."
    )
    resolve = speakers.SpeakerResolver(meeting)
    pair = "Akiba Takeo & Antony Blinken"
    they = [m.start() for m in re.finditer(r"\bthey\b", meeting, flags=re.I)]
    # a sentence with one of the group alone is looked through; one with someone else is not
    assert [resolve(Span.of(meeting, t, t + 4)) for t in they] == [pair, pair, pair, None]
    advisor = meeting.index("the National Security Advisor")
    assert resolve(Span.of(meeting, advisor, advisor + 29)) == "Akiba Takeo"
    # one article for two offices: `The Secretary and Foreign Minister`
    cyprus = (
        "Secretary of State Antony J. Blinken met today with Republic of Cyprus Foreign "
        "Minister Ioannis Kasoulides. Secretary Blinken congratulated Foreign Minister "
        "Kasoulides. The Secretary and Foreign Minister discussed a range of issues. They also "
        "underscored science."
    )
    assert speaker_of(cyprus, "They") == "Antony Blinken & Ioannis Kasoulides"


def test_a_they_in_mid_sentence_finds_a_group_that_opens_its_sentence() -> None:
    """A `they` inside the sentence that opens with the group's offices and names is that
    group; one in a sentence opening with anything else is not (`Hillary Clinton and Senator
    Elizabeth Warren of Massachusetts`: only one of them has a title). `Sir` is a title."""
    text = (
        "Deputy Secretary Wendy Sherman, NATO Deputy Secretary General Mircea Geoana, and EEAS "
        "Secretary General Stefano Sannino agreed that coordination is essential, and they "
        "discussed next steps. Hillary Clinton and Senator Elizabeth Warren of Massachusetts "
        "held an event as they sought votes. UK National Security Adviser Sir Stephen Lovegrove "
        "spoke."
    )
    resolve = speakers.SpeakerResolver(text)
    they = [m.start() for m in re.finditer(r"\bthey\b", text)]
    assert [resolve(Span.of(text, t, t + 4)) for t in they] == [
        "Mircea Geoana & Stefano Sannino & Wendy Sherman",
        None,
    ]
    assert speaker_of(text, "UK National Security Adviser Sir Stephen Lovegrove") == (
        "Stephen Lovegrove"
    )


def test_a_pope_keeps_his_title_and_an_acronym_is_the_name_it_stands_for() -> None:
    """Guideline §6: `His Holiness Pope Francis` -> `Pope Francis`. An acronym the text defines
    in parentheses resolves to the name spelled out before it, without a `U.S.` that is not
    among its letters (`the U.S. CDC` -> `Centers for Disease Control and Prevention`)."""
    text = (
        "Secretary Blinken met His Holiness Pope Francis. The Secretary and Pope Francis "
        "discussed peace, Francis said. He thanked the U.S. Centers for Disease Control and "
        "Prevention (CDC) and the U.S. Agency for International Development (USAID). The U.S. "
        "CDC announced a transfer, and USAID said more. The WHO agreed."
    )
    assert speaker_of(text, "The Secretary and Pope Francis") == "Blinken & Pope Francis"
    at = text.index("Francis said")
    assert speakers.SpeakerResolver(text)(Span.of(text, at, at + 7)) == "Pope Francis"
    assert speaker_of(text, "He") == "Blinken"  # the pope is no antecedent for pronouns
    assert speaker_of(text, "The U.S. CDC") == "Centers for Disease Control and Prevention"
    at = text.index("USAID said")
    usaid = speakers.SpeakerResolver(text)(Span.of(text, at, at + 5))
    assert usaid == "U.S. Agency for International Development"
    assert speaker_of(text, "The WHO") == "WHO"  # never spelled out here


def test_an_organisation_described_by_its_head_is_the_one_named_last() -> None:
    """`The Court` is the court the text named last (a title right after `of` is a portfolio:
    `Court of Justice`); with none named, such a description stays unresolved."""
    text = (
        "The UN Security Council met. Secretary Blinken and the Department of State welcomed "
        "the International Court of Justice order. The Court ordered Russia to stop. The Council "
        "agreed, the Department said, and the Committee said nothing."
    )
    assert speaker_of(text, "The Court") == "International Court of Justice"
    assert speaker_of(text, "The Council") == "UN Security Council"
    at = text.index("the Department said")
    assert speakers.SpeakerResolver(text)(Span.of(text, at, at + 14)) == "Department of State"
    at = text.index("the Committee")
    assert speakers.SpeakerResolver(text)(Span.of(text, at, at + 13)) is None


def test_a_portfolio_is_never_a_name_and_an_office_description_matches_its_portfolio() -> None:
    """The words of an office's portfolio (`of Foreign Affairs`, `for Relations with States`,
    `for Arms Control and International Security`) are no name, and `the Secretary of Foreign
    Affairs` is the person introduced in that office, not whoever was named last."""
    manila = (
        "Deputy Secretary of State Wendy Sherman met today with Secretary of Foreign Affairs "
        "Teodoro Locsin, Jr., in Manila. Deputy Secretary Sherman thanked Secretary Locsin. The "
        "Deputy Secretary and Secretary of Foreign Affairs spoke about the Indo-Pacific."
    )
    assert speaker_of(manila, "The Deputy Secretary and Secretary of Foreign Affairs") == (
        "Teodoro Locsin Jr. & Wendy Sherman"
    )
    vatican = (
        "Secretary of State Antony J. Blinken met Cardinal Pietro Parolin and Secretary for "
        "Relations with States Archbishop Paul Gallagher. They discussed Ukraine."
    )
    assert speaker_of(vatican, "They") == "Antony Blinken & Paul Gallagher & Pietro Parolin"
    assert speaker_of(vatican, "Secretary for Relations with States Archbishop Paul Gallagher") == (
        "Paul Gallagher"
    )
    jenkins = "Under Secretary of State for Arms Control and International Security Bonnie Jenkins"
    assert speaker_of(jenkins + " said so.", jenkins) == "Bonnie Jenkins"  # one person
    unnamed = "The acting assistant secretary for African Affairs said so."
    assert speaker_of(unnamed, "acting assistant secretary for African Affairs") is None
    # a portfolio must match: Xi is no `President of the United States`
    summit = "President Xi Jinping spoke. The President of the United States replied."
    assert speaker_of(summit, "The President of the United States") is None
    mexico = "Mexican President Andres Obrador spoke. Later the President of Mexico agreed."
    assert speaker_of(mexico, "the President of Mexico") == "Andres Obrador"
    # an office ends with its line: a participants list's line before is no office of the next
    header = (
        "Wendy R. Sherman, Deputy Secretary of State\n\nStefano Sannino, EEAS Secretary General"
    )
    resolve = speakers.SpeakerResolver(header + "\n\nSecretary General Sannino: Thank you.")
    assert resolve.people.last_titled(len(header), frozenset({"deputy", "secretary"})) is None


def test_suffixes_titles_inside_names_accents_and_honorifics() -> None:
    """`Jr.` and `III` stay, so a son is not his father, and a name ending in one is still a
    name; `Sheikh` inside `Hassan Sheikh Mohamud` is part of the name; `Geoana` is `Geoană`;
    `she` skips a man the text calls `Mr.`; `Ted Cruz of Texas` is Ted Cruz."""
    manila = (
        "Deputy Secretary of State Wendy Sherman met President-Elect Ferdinand Romualdez Marcos "
        "Jr. today. The President-elect and Deputy Secretary agreed. They discussed trade."
    )
    assert speaker_of(manila, "They") == "Ferdinand Romualdez Marcos Jr. & Wendy Sherman"
    assert speaker_of(manila, "President-Elect Ferdinand Romualdez Marcos Jr.") == (
        "Ferdinand Romualdez Marcos Jr."
    )
    assert speaker_of("Pope John Paul II said so.", "Pope John Paul II") == "John Paul II"
    family = "Donald Trump spoke. Donald Trump Jr. agreed. Mr. Trump and his son Donald Jr. did."
    assert speaker_of(family, "Donald Trump Jr.") == "Donald Trump Jr."
    assert speaker_of(family, "his son Donald Jr.") == "Donald Trump Jr."
    assert speaker_of(family, "Mr. Trump") == "Donald Trump"  # not his son, named last
    bozell = "His father, Brent Bozell, Jr., wrote it. Brent Bozell III said so."
    assert speaker_of(bozell, "Brent Bozell III") == "Brent Bozell III"
    assert speaker_of(bozell, "His father, Brent Bozell, Jr.") == "Brent Bozell Jr."
    somalia = (
        "Secretary of State Antony J. Blinken spoke with Somali President Hassan Sheikh Mohamud. "
        "Secretary Blinken congratulated him. They discussed reconciliation."
    )
    assert speaker_of(somalia, "They") == "Antony Blinken & Hassan Sheikh Mohamud"
    nato = (
        "Deputy Secretary of State Wendy Sherman met NATO Deputy Secretary General Mircea Geoană. "
        "Deputy Secretary General Geoana agreed."
    )
    assert speaker_of(nato, "Deputy Secretary General Geoana") == "Mircea Geoană"
    rally = (
        "Hillary Clinton spoke. Joseph Biden sat behind her. Mrs. Clinton introduced Mr. Biden. "
        "She said he would help."
    )
    assert speaker_of(rally, "She") == "Hillary Clinton"  # not Biden, named last
    assert speaker_of(rally, "he") == "Joseph Biden"
    senators = "Sen. Ted Cruz of Texas and Sen. Marco Rubio of Florida said so."
    assert speaker_of(senators, senators.removesuffix(" said so.")) == "Marco Rubio & Ted Cruz"


def test_you_in_a_question_is_whoever_answers_or_is_called_on() -> None:
    """In a transcript a reporter's `you` is the official who answers the question (the next
    turn that is no question) or the one the sentence calls on; an official's `you` is the
    reporter, and `you` outside a transcript has no speaker."""
    text = (
        "Department Spokesperson Ned Price briefed reporters.\n\n"
        "MR PRICE: Good afternoon.\n\n"
        "QUESTION: Yesterday you said the talks would resume.\n\n"
        "QUESTION: And a follow-up: do you stand by it?\n\n"
        "MR PRICE: We do, as you know.\n\n"
        "QUESTION: Secretary Blinken, you said so too.\n\n"
        "MR PRICE: The Secretary will answer that."
    )
    resolve = speakers.SpeakerResolver(text)
    yous = [Span.of(text, m.start(), m.end()) for m in re.finditer(r"\byou\b", text)]
    assert [resolve(y) for y in yous] == ["Ned Price", "Ned Price", None, "Blinken"]
    assert speaker_of("You said so, she told him.", "You") is None  # no turns: no one
    # remarks without questions: `you` is the one other speaker, if there is just one
    remarks = (
        "FOREIGN MINISTER PAYNE: As you said, we are stronger together.\n\n"
        "SECRETARY BLINKEN: Marise, you put it well.\n\n"
    )
    resolve = speakers.SpeakerResolver(remarks)
    yous = [Span.of(remarks, m.start(), m.end()) for m in re.finditer(r"\byou\b", remarks)]
    assert [resolve(y) for y in yous] == ["Blinken", "Payne"]
    three = remarks + "MS KVIEN: And you, Minister, as you said, are welcome.\n\n"
    resolve = speakers.SpeakerResolver(three)
    yous = [Span.of(three, m.start(), m.end()) for m in re.finditer(r"\byou\b", three)]
    assert {resolve(y) for y in yous} == {None}  # Payne or Kvien? unclear


def test_a_transcript_has_three_turns_or_a_titled_or_role_label() -> None:
    """`SECRETARY BLINKEN:` alone makes a transcript, and so do three labels of any kind; a lone
    `CORRECTION:` or a headline's `FIX IS IN:` in a news article does not."""
    assert [t[2] for t in speakers.transcript_turns("SECRETARY BLINKEN: Thank you.")] == [
        "SECRETARY BLINKEN"
    ]
    assert speakers.transcript_turns("QUESTION: Why?")[0][2] == "QUESTION"
    tapper = "TAPPER: Why?\nTRUMP: Because.\nTAPPER: Really?"
    assert [t[2] for t in speakers.transcript_turns(tapper)] == ["TAPPER", "TRUMP", "TAPPER"]
    for news in ("FIX IS IN: PBS moderators...", "He spoke.\n\nCORRECTION: An earlier version"):
        assert speakers.transcript_turns(news) == []
    # so a first person after the lone label is the article's own, not a speaker "Correction"
    text = "We regret the error.\n\nCORRECTION: We misspelled his name."
    mention = Span.of(text, text.rindex("We"), text.rindex("We") + 2)
    assert speakers.SpeakerResolver(text)(mention) == "We"


def test_a_sentence_opening_pronoun_or_number_and_a_numbered_thing_are_no_names() -> None:
    """`One of my colleagues`, `We of course` and `One hundred states` name no one (their first
    word is capitalised only by the sentence); `Nord Stream 2` is a pipeline, so a later `he`
    is the person named before it."""
    text = (
        "President Joe Biden spoke. One of my colleagues said that it was over. We of course "
        "called that a lie. One hundred states voted against it. He said the Nord Stream 2 "
        "pipeline was a bad deal, and he said so again."
    )
    for mention in ("One of my colleagues", "We of", "One hundred"):
        assert speaker_of(text, mention) is None, mention
    at = text.rindex("he said")
    assert speakers.SpeakerResolver(text)(Span.of(text, at, at + 2)) == "Joe Biden"


def test_a_sentence_opening_pronoun_is_the_person_the_sentence_before_opens_with() -> None:
    """The subject carries on: `Assistant Secretary Phee will meet with President Mahamat
    Deby ... She will discuss` is Phee, not the last person named; a `she` inside a sentence,
    or after a sentence that opens with no one, is still the last person named."""
    text = (
        "Assistant Secretary Molly Phee will travel to Chad. Assistant Secretary Phee will "
        "meet with President Mahamat Deby and other officials. She will discuss security. "
        "After that, Phee will see Foreign Minister Amina Mohamed, and she will urge calm. "
        "On Monday, the talks will include Minister Mohamed and Molly Phee. She will leave."
    )
    assert speaker_of(text, "She will discuss", 3) == "Molly Phee"
    assert speaker_of(text, "she will urge", 3) == "Amina Mohamed"  # inside: the last one
    assert speaker_of(text, "She will leave", 3) == "Molly Phee"  # no one opens the one before
    # a sentence opening on `She` hands its subject on to the next one's `She`
    text = (
        "Deputy Secretary Wendy Sherman met Foreign Minister Bui Thanh Son. She praised Prime "
        "Minister Chinh’s visit. She also reiterated support."
    )
    assert speaker_of(text, "She also", 3) == "Wendy Sherman"


def test_a_pronoun_finds_a_person_named_only_by_title_and_surname() -> None:
    """A briefing may never give `Secretary Blinken` in full; `he` is still Blinken, not an
    earlier full name nor a month named like a person (`Pride Month`)."""
    text = (
        "Happy Pride Month to all. Ambassador Sung Kim joined us. Secretary Blinken was in "
        "Costa Rica, where he met officials. Secretary Blinken spoke to President Bukele. He "
        "placed a call."
    )
    for phrase in ("he met", "He placed"):
        assert speaker_of(text, phrase, 2) == "Blinken", phrase


def test_a_turns_he_or_she_is_someone_other_than_its_speaker() -> None:
    """`SECRETARY RAIMONDO: ... I concur with everything he said` is the minister who spoke
    before, though Raimondo was named after him; outside a turn `he` is still the last one."""
    text = (
        "Secretary Gina Raimondo and Minister Hagiuda Koichi spoke.\n\n"
        "MINISTER HAGIUDA: It is epoch-making. Secretary Raimondo agrees. Thank you.\n\n"
        "SECRETARY RAIMONDO: Well said by my colleague. I concur with everything he said."
    )
    resolve = speakers.SpeakerResolver(text)
    at = text.index("he said")
    assert resolve(Span.of(text, at, at + 2)) == "Hagiuda Koichi"
    assert resolve.people.last_mentioned(at, "he") == "Gina Raimondo"
    # a relative who shares the speaker's surname is someone else
    text = (
        "Margot Friedlander spoke.\n\nMODERATOR: Go ahead.\n\n"
        "MS FRIEDLANDER: Weeks later, sitting with Adolf Friedlander, he asked me to stay."
    )
    assert speaker_of(text, "he asked", 2) == "Adolf Friedlander"


def test_an_owner_is_a_mention_a_pronoun_may_find() -> None:
    """`President Biden’s speech ... he called them` is Biden: a name with `’s` is a mention
    of its person, while `Let’s` names no one; an owner is no participant of a meeting
    (`They` after `discussed President Putin’s war` is the two who met)."""
    text = (
        "President Joe Biden met President Hassan Rouhani. Let’s be clear. You heard "
        "President Biden’s speech yesterday, and he called them despicable.\n"
        "Secretary Blinken met Foreign Minister Kuleba and discussed President Putin’s war. "
        "They agreed."
    )
    assert speaker_of(text, "he called", 2) == "Joe Biden"
    owners = speakers.SpeakerResolver(text).people.owners
    assert [name for _, name in owners] == ["Joe Biden", "Putin"]
    assert speaker_of(text, "They") == "Blinken & Kuleba"


# a group stops at the first subordinate phrase after two people (`to discuss`, `for hosting`,
# `between`, `accountable`); a third person named in the meeting itself stays, also in a list
# after `including`
THEY_MET = {
    "sherman": (
        "Deputy Secretary Wendy Sherman met today with First Vice Foreign Minister Cho Hyundong "
        "to discuss the momentum from the May 21 Summit between President Biden and President "
        "Yoon. They discussed trilateral ties.",
        "Cho Hyundong & Wendy Sherman",
    ),
    "kofod": (
        "Secretary Blinken thanked Foreign Minister Kofod for Denmark’s support and efforts to "
        "hold Russian President Putin accountable. They also discussed quantum computing.",
        "Blinken & Kofod",
    ),
    "motegi": (
        "Secretary Blinken thanked Foreign Minister Motegi for hosting Deputy Secretary Sherman. "
        "They also discussed Burma.",
        "Blinken & Motegi",
    ),
    "kosovo": (
        "Secretary of State Antony J. Blinken met today with Kosovan President Vjosa Osmani and "
        "Prime Minister Albin Kurti to discuss the Dialogue. They agreed.",
        "Albin Kurti & Antony Blinken & Vjosa Osmani",
    ),
    "egypt": (
        "Special Presidential Envoy Kerry met with Prime Minister Mostafa Madbouly, as well as "
        "top officials including Foreign Minister Sameh Shoukry. They discussed COP27.",
        "Kerry & Mostafa Madbouly & Sameh Shoukry",
    ),
    "portfolio with and": (  # `Foreign` is a title word, here inside the portfolio
        "Deputy Secretary of State Wendy Sherman met with Rwandan Minister of Foreign Affairs and "
        "International Cooperation Vincent Biruta yesterday. They noted the partnership.",
        "Vincent Biruta & Wendy Sherman",
    ),
    "through the two sides": (  # a sentence about the same group is looked through
        "Deputy Secretary of State Wendy Sherman and Secretary General Stefano Sannino held the "
        "first meeting of the dialogue on China. The two sides reiterated that relations are "
        "multifaceted. They highlighted issues of shared concern.",
        "Stefano Sannino & Wendy Sherman",
    ),
    "ambassador to": (
        "U.S. Special Envoy for Yemen Tim Lenderking and Ambassador to Yemen Steve Fagin visited "
        "Aden today. They met with President Rashad al-Alimi.",
        "Steve Fagin & Tim Lenderking",
    ),
}


@pytest.mark.parametrize("case", list(THEY_MET))
def test_they_are_those_who_met_not_those_named_in_what_they_discussed(case: str) -> None:
    text, group = THEY_MET[case]
    assert speaker_of(text, "They") == group


def test_a_plural_office_is_the_people_named_with_it_never_a_name() -> None:
    """`The Secretary and Foreign Ministers` are Blinken and the two foreign ministers named
    before (not `Ministers`, not the Prime Minister), and so are `The Ministers`; `Peace` in a
    portfolio is no person."""
    honolulu = (
        "U.S. Secretary of State Antony J. Blinken, Japanese Foreign Minister Hayashi Yoshimasa "
        "and Republic of Korea (ROK) Minister of Foreign Affairs Chung Eui-yong met today with "
        "Prime Minister Fumio Kishida in Honolulu. The Secretary and Foreign Ministers emphasized "
        "their shared view. They pledged cooperation. The Ministers condemned the launch."
    )
    they = "Antony Blinken & Chung Eui Yong & Hayashi Yoshimasa"
    assert speaker_of(honolulu, "They") == they
    assert speaker_of(honolulu, "The Ministers") == they
    dprk = (
        "Special Representative Sung Kim met with ROK Special Representative for Korean "
        "Peninsula Peace and Security Affairs Kim Gunn in Seoul. They discussed the DPRK."
    )
    assert speaker_of(dprk, "They") == "Kim Gunn & Sung Kim"


def test_a_title_in_the_plural_is_no_name_and_covers_each_name_after_it() -> None:
    """`Ministers Hayashi, Hagiuda` greets two ministers (no one is called `Ministers Hayashi`),
    and `Vice Foreign Ministers Cho and Mori` are both vice foreign ministers, so a later `they`
    counts Mori too."""
    remarks = (
        "SECRETARY BLINKEN: Ministers Hayashi, Hagiuda, Secretary Raimondo, welcome. "
        "As you said, Minister Hayashi, the order is challenged."
    )
    assert nth_speaker(remarks, "Minister Hayashi", 0) == "Hayashi"
    call = (
        "Deputy Secretary Wendy R. Sherman held a call with First Vice Foreign Minister "
        "Cho Hyun-dong and Vice Foreign Minister Mori Takeo. The Deputy Secretary and Vice "
        "Foreign Ministers Cho and Mori reaffirmed their cooperation, and they discussed the DPRK."
    )
    assert nth_speaker(call, "they", 0) == "Cho Hyun Dong & Mori Takeo & Wendy Sherman"
    # a plural of another word may be a surname
    met = "Ambassador Dana Banks and Commissioner Bankole Adeoye met. They discussed it."
    assert nth_speaker(met, "They", 0) == "Bankole Adeoye & Dana Banks"


TWO_PLUS_TWO = (
    "Secretary of State Antony J. Blinken and Secretary of Defense Lloyd J. Austin III welcomed "
    "Minister of Defence Rajnath Singh and Minister of External Affairs Subrahmanyam Jaishankar "
    "to Washington for the 2+2 Ministerial Dialogue. The Dialogue was preceded by a meeting "
    "between Prime Minister Narendra Modi and President Joseph Biden. The Ministers welcomed "
    "the launch of a new initiative. They also noted progress on trade. Trade grew by a third. "
    "President Biden and Prime Minister Modi met in May. The Ministers condemned the attack. "
    "Ministers, thank you. The Secretaries and Ministers discussed Ukraine."
)


@pytest.mark.parametrize(
    ("mention", "nth"),
    [("The Ministers", 0), ("They", 0), ("The Ministers", 1), ("The Secretaries and Ministers", 0)],
)
def test_the_ministers_of_a_joint_statement_are_the_ministers_who_met(mention, nth) -> None:
    """`The Ministers` (scheme section 6: a plural subject is all participants) are the
    ministers and secretaries named with their offices at the start of the sentence before, or
    of the first such sentence (a joint statement names them once); a later `They` follows
    them, and a sentence of leaders in between does not take their place."""
    met = "Antony Blinken & Lloyd Austin III & Rajnath Singh & Subrahmanyam Jaishankar"
    assert nth_speaker(TWO_PLUS_TWO, mention, nth) == met


def test_the_ministers_are_the_group_when_no_ministers_met() -> None:
    """Leaders are no ministers (`Prime Minister` included), and one minister is no group:
    `The Ministers` are then the unnamed group `ministers`, like `the Foreign Ministers` with
    fewer than two named (guideline section 6); a vocative `Ministers` keeps the plain group
    word too."""
    leaders = (
        "President Joseph Biden and Prime Minister Narendra Modi met in Washington. "
        "The Ministers welcomed the launch."
    )
    assert speaker_of(leaders, "The Ministers") == "ministers"
    one = (
        "President Joseph Biden met Foreign Minister Subrahmanyam Jaishankar in Washington. "
        "The Ministers welcomed the launch."
    )
    assert speaker_of(one, "The Ministers") == "ministers"
    assert nth_speaker(TWO_PLUS_TWO, "Ministers", 2) == "ministers"


EPCC = (
    "Begin Text\n\nUnited States Secretary of State Antony Blinken and Secretary of Commerce "
    "Gina Raimondo co-hosted Japan’s Minister for Foreign Affairs HAYASHI Yoshimasa and Minister "
    "of Economy, Trade and Industry HAGIUDA Koichi for the inaugural ministerial meeting. The "
    "Ministers affirmed their shared resolve. They noted the recovery remains incomplete."
)


@pytest.mark.parametrize("mention", ["The Ministers", "They"])
def test_the_ministers_after_a_country_with_a_listed_portfolio_or_a_capital_surname(
    mention,
) -> None:
    """A sentence that opens with `United States` still opens with an office; a portfolio
    listed with commas (`Economy, Trade and Industry`) is still an office; a surname in
    capitals before a given name (Japanese order) is a name, written as one."""
    met = "Antony Blinken & Gina Raimondo & Hagiuda Koichi & Hayashi Yoshimasa"
    assert speaker_of(EPCC, mention) == met
    assert speaker_of(EPCC, "HAYASHI Yoshimasa") == "Hayashi Yoshimasa"


def test_an_acronym_before_a_name_or_a_word_in_capitals_is_no_surname() -> None:
    """`NATO` before `Allies` is an acronym (it stands alone elsewhere), a title in capitals
    has too few vowels (`PDAS Busby`), and a shouted word before a common word is no name."""
    nato = "Secretary Blinken met Foreign Minister Joly: NATO Allies agree. NATO is united."
    assert capital_surnames(nato) == {}
    assert capital_surnames("Acting Assistant Secretary PDAS Busby spoke.") == {}
    shout = "Federal Judge Just Gave Hillary News – She’s Going To HATE It. it is."
    assert capital_surnames(shout) == {}
    assert capital_surnames(EPCC) == {"HAYASHI": "Hayashi", "HAGIUDA": "Hagiuda"}


def test_they_looks_through_the_same_group_not_any_the_two() -> None:
    """`The two vice foreign ministers` refer to the group and are looked through; a sentence
    with `the two days` is about something else and ends the search."""
    met = (
        "Deputy Secretary of State Wendy Sherman met with Japanese Vice Foreign Minister Mori "
        "Takeo and First Vice Foreign Minister Choi Jong Kun. During the meeting, the Deputy "
        "Secretary and the two vice foreign ministers committed to cooperation. They also "
        "discussed Korea."
    )
    assert speaker_of(met, "They") == "Choi Jong Kun & Mori Takeo & Wendy Sherman"
    days = met.replace("the Deputy Secretary and the two vice foreign ministers", "the two days")
    assert speaker_of(days, "They") is None


def test_the_leaders_are_the_group_like_they() -> None:
    """`The leaders` of a readout are the people who met, as `They` would be; with no one
    named before, no one."""
    met = (
        "Secretary of State Antony J. Blinken met with North Macedonian Foreign Minister Bujar "
        "Osmani. Secretary Blinken and Foreign Minister Osmani celebrated the dialogue. The "
        "leaders noted their cooperation at NATO."
    )
    assert speaker_of(met, "The leaders") == "Antony Blinken & Bujar Osmani"
    assert speaker_of("The leaders noted it.", "The leaders") is None


@pytest.mark.parametrize(
    ("text", "mention", "speaker"),
    [
        ("Credible reports indicate that it happened. It is credible.", "Credible reports", None),
        ("Everyone said it would be over. Not everyone agreed.", "Everyone", None),
        ("Partners agreed it was over. Our partners said so.", "Partners", "partners"),
        ("Liberal writers said so. He was liberal.", "Liberal writers", "liberal writers"),
        (
            "Gun rights advocates said so. They own a gun.",
            "Gun rights advocates",
            ("gun rights advocates"),
        ),
        ("The Chinese said so.", "The Chinese", "China"),
        ("Our Ukrainian partners said so.", "Our Ukrainian partners", None),
        # names: mid-sentence, a surname the article never writes in lowercase, or a plain name
        ("“It helps,” said Small, who attended. Small firms suffer.", "Small", "Small"),
        ("Cuban said it was time. Cuban also said so.", "Cuban", "Cuban"),
        ("Will urged voters to wait. Time will tell.", "Will", "Will"),
    ],
)
def test_a_word_capitalised_by_its_place_is_no_name(text, mention, speaker) -> None:
    """A sentence's first word that the article also writes in lowercase names no one when a
    description follows it or it is a plural alone (then the group, in lowercase); a
    nationality adjective before other words is no one, but `the Chinese` is China. A name
    stays a name, even one that is also a word, when it opens no description."""
    assert speaker_of(text, mention) == speaker


def test_a_letter_cut_from_an_abbreviation_is_no_name() -> None:
    """A mention the tags cut at the first dot of `U.S.` is no speaker `U`."""
    text = "U.S. law forbids the importation of such products."
    assert speaker_of(text, "U", 1) is None
    assert speaker_of("The U.S. said so.", "The U", 5) is None


def test_bare_participants_are_the_group_or_participants_never_a_name() -> None:
    """`Participants discussed` after a titled list is the people of that list; with no such
    list it is the unnamed group `participants`, never a name `Participants`."""
    call = (
        "Deputy Secretary Wendy Sherman spoke today with French MFA Secretary General Francois "
        "Delattre. Participants discussed Russia."
    )
    assert speaker_of(call, "Participants") == "Francois Delattre & Wendy Sherman"
    haiti = "The United States convened partner countries. Participants encouraged an accord."
    assert speaker_of(haiti, "Participants") == "participants"


def test_places_events_and_documents_named_like_people_are_no_people() -> None:
    """Two capitalised words that never occur in lowercase look like a name; a country (`El
    Salvador`, `Costa Rica`), a place (`Royal Botanic Gardens`), a day (`Christmas Eve`) or a
    document (`Paris Agreement`) is none, so a later `he` is still the person."""
    text = (
        "Secretary Antony Blinken flew from El Salvador and Costa Rica to the Royal Botanic "
        "Gardens on Christmas Eve, to mark the Green Revolution and the Paris Agreement, "
        "and he said it mattered."
    )
    seen = speakers.SpeakerResolver(text).people.seen
    assert [name for _, name in seen] == ["Antony Blinken"]
    assert speaker_of(text, "he said", 2) == "Antony Blinken"


def test_a_turn_label_may_spell_a_name_with_accents_hyphens_or_apostrophes() -> None:
    """`FOREIGN MINISTER RINKĒVIČS:` opens a turn like `SECRETARY BLINKEN:` (not part of the
    moderator's turn before it), and so do hyphenated names (`AL-SABAH:`), `O’BRIEN:` and
    `ÇAVUŞOĞLU:`; a mixed-case `Élysée:` opens none."""
    text = (
        "Foreign Minister Edgars Rinkēvičs met Sheikh Ahmed Al-Sabah, Ambassador Robert O’Brien "
        "and Foreign Minister Mevlüt Çavuşoğlu.\n"
        "MODERATOR: The floor is yours.\n"
        "FOREIGN MINISTER RINKĒVIČS: We are very happy about it.\n"
        "FOREIGN MINISTER AL-SABAH: We agree.\n"
        "MR. O’BRIEN: We do too.\n"
        "FOREIGN MINISTER ÇAVUŞOĞLU: We hope so.\n"
        "Élysée: a palace."
    )
    resolve = speakers.SpeakerResolver(text)
    assert [t[2] for t in resolve.turns] == [
        "MODERATOR",
        "FOREIGN MINISTER RINKĒVIČS",
        "FOREIGN MINISTER AL-SABAH",
        "MR. O’BRIEN",
        "FOREIGN MINISTER ÇAVUŞOĞLU",
    ]
    for phrase, speaker in [
        ("We are", "Edgars Rinkēvičs"),
        ("We agree", "Ahmed Al-Sabah"),
        ("We do", "Robert O’Brien"),
        ("We hope", "Mevlüt Çavuşoğlu"),
    ]:
        we = text.index(phrase)
        assert resolve(Span.of(text, we, we + 2)) == speaker, phrase


def test_an_unnamed_briefer_is_called_by_the_label_and_a_label_finds_a_mcname() -> None:
    """A turn label of up to six words opens a turn; an unnamed briefer's `I` (and a question's
    `you` that the briefer answers) is the label in title case; `DEPUTY SECRETARY MCKEON` is the
    `Brian McKeon` the text names, not `Mckeon`, while an acronym (`UN`) is no surname (`Un`)."""
    text = (
        "Deputy Secretary Brian McKeon and two officials briefed.\n"
        "MODERATOR: Go ahead.\n"
        "SENIOR STATE DEPARTMENT OFFICIAL ONE: As I said yesterday, we will help.\n"
        "QUESTION: Did you say that the talks failed?\n"
        "SENIOR STATE DEPARTMENT OFFICIAL TWO: No.\n"
        "DEPUTY SECRETARY MCKEON: As I told them, it is fine.\n"
    )
    resolve = speakers.SpeakerResolver(text)
    assert [t[2] for t in resolve.turns][1] == "SENIOR STATE DEPARTMENT OFFICIAL ONE"

    def at(phrase: str, length: int) -> str | None:
        start = text.index(phrase)
        return resolve(Span.of(text, start, start + length))

    assert at("I said", 1) == "Senior State Department Official One"
    assert at("you say", 3) == "Senior State Department Official Two"
    assert at("I told", 1) == "Brian McKeon"
    assert at("MODERATOR", 9) is None  # a moderator is no speaker
    for surname in ("Mckeon", "MCKEON"):
        assert resolve.people.expand(surname, len(text), "") == "Brian McKeon"
    kim = "Kim Jong Un met them. UN monitors said so."
    assert speakers.SpeakerResolver(kim).people.expand("UN", len(kim), "") is None


def test_a_relative_who_is_the_name_just_before_its_comma() -> None:
    """`President Biden, who asked me to come` is Joe Biden, the full name the text gave him; a
    `who` after anything but a name (`the families who`, `those who`), after a name that may
    be only part of whom it means (`Democrats on Capitol Hill, who`), or after a place or a
    body (`from Miami, who`), has no speaker."""
    text = (
        "President Joe Biden spoke. I traveled here at the request of President Biden, who asked "
        "me to come. We join the families who are suffering, and those who share our concern.\n"
        "Russia’s Foreign Minister Sergey Lavrov, who said it was over, left."
    )
    resolve = speakers.SpeakerResolver(text)

    def who(before: str) -> str | None:
        at = text.index(before) + len(before)
        return resolve(Span.of(text, at, at + 3))

    assert who("President Biden, ") == "Joe Biden"
    assert who("the families ") is None
    assert who("those ") is None
    assert who("Sergey Lavrov, ") == "Sergey Lavrov"
    # a name that may be only part of the antecedent, or none on the relative's own line
    assert speaker_of("He placated Democrats on Capitol Hill, who argued it.", "who") is None
    assert speaker_of("Mr. Kerry and Mr. Obama, who sent a letter.", "who") is None
    assert speaker_of("Jamal Khashoggi,\nwho wrote for The Post, said so.", "who") is None
    # a place or a body is no one; a people is
    assert speaker_of("I met a student from Miami, who said it was fine.", "who") is None
    assert speaker_of("Ask the deputy administrator for USAID, who said so.", "who") is None
    assert speaker_of("We thank the Colombians, who said so.", "who") == "Colombians"
    assert speaker_of("Last week the Europeans, who saw it, agreed.", "who") == "Europeans"
