"""Windows, sub-word label alignment, stitching and span decoding."""

import math
import re

import pytest
import torch
from transformers import AutoTokenizer

from annotation.schema import Document, Quote, Span
from annotation.speakers import SpeakerResolver
from training.common import resolve_encoder
from training.decode import (
    TokenSpan,
    best_span,
    crossings,
    decode_spans,
    link,
    prefix_counts,
    stitch,
)
from training.edges import (
    addressed,
    after_clitic,
    apart,
    bare_content,
    cue_particle,
    joint_subject,
    line_breaks,
    other_sentence,
    own_pronoun,
    pronoun_before,
    sentence_stops,
    snap,
    whole_mention,
)
from training.pipeline import span_turns
from training.windows import (
    IGNORE,
    PARAGRAPH_MARK,
    TAG_ID,
    TAGS,
    make_windows,
    mark_paragraphs,
    window_starts,
)

TEXT = (
    "The weather was mild. "
    "“Cooperation between our countries is unbreakable,” Putin said on Thursday in Vladivostok. "
    "Kim told reporters that the talks were constructive and useful for both sides."
)


@pytest.fixture(scope="module")
def tokenizer():
    return AutoTokenizer.from_pretrained(resolve_encoder("minilm"))


def span(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(start, start + len(needle), needle)


@pytest.fixture()
def doc() -> Document:
    content = span(TEXT, "“Cooperation between our countries is unbreakable,”")
    indirect = span(TEXT, "that the talks were constructive and useful for both sides")
    return Document(
        "d1",
        TEXT,
        quotes=[
            Quote("q1", content, "direct", span(TEXT, "said"), span(TEXT, "Putin")),
            Quote("q2", indirect, "indirect", span(TEXT, "told"), span(TEXT, "Kim")),
        ],
    )


def covered(window, tokens_of_role: str) -> str:
    """Characters covered by the window tokens tagged with the role, joined by spaces."""
    pieces = [
        TEXT[s:e]
        for (s, e), t in zip(window.offsets, window.tags, strict=True)
        if t != IGNORE and TAGS[t].endswith(tokens_of_role)
    ]
    return " ".join(pieces)


def test_window_starts_cover_everything_with_overlap():
    assert window_starts(10, 16, 4) == [0]
    starts = window_starts(100, 30, 10)
    assert starts[0] == 0 and starts[-1] == 70
    assert all(b - a == 20 for a, b in zip(starts, starts[1:-1], strict=False))


def test_subword_tags_follow_character_offsets(tokenizer, doc):
    (w,) = make_windows([doc], tokenizer, max_length=256, stride=32)
    assert w.tags[0] == w.tags[-1] == IGNORE  # [CLS], [SEP]
    assert covered(w, "-SOURCE") == "Putin Kim"
    assert covered(w, "-CUE") == "said told"
    # "unbreakable" is several word pieces, all inside the content; "Cooperation" begins it
    first = [t for t in w.tags if t == TAG_ID["B-CONTENT"]]
    assert len(first) == 2
    text = covered(w, "-CONTENT").replace(" ", "")
    assert "unbreakable" in text and "constructive" in text and "Vladivostok" not in text


def test_every_token_is_in_some_window_and_links_point_at_the_source(tokenizer, doc):
    windows = make_windows([doc], tokenizer, max_length=24, stride=8)
    n = max(w.doc_tokens[1] for w in windows)
    seen = set()
    for w in windows:
        seen.update(range(*w.doc_tokens))
    assert seen == set(range(n)) and len(windows) > 2
    links = [(w, lk) for w in windows for lk in w.links]
    assert links, "some quote fits wholly in a window"
    for w, lk in links:
        if lk.source not in (0, IGNORE):
            s, e = w.offsets[lk.source]
            assert TEXT[s:e].lower() in ("putin", "kim")


def test_each_cue_points_at_its_nearest_content_when_both_are_in_the_window(tokenizer):
    text = "“We will talk,” President Putin said, “and we will act.” Kim told them that he agreed."
    first, second = span(text, "“We will talk,”"), span(text, "“and we will act.”")
    said, told = span(text, "said"), span(text, "told")
    doc = Document(
        "d2",
        text,
        quotes=[
            Quote("q1", first, "direct", said, span(text, "Putin")),
            Quote("q2", second, "direct", said, span(text, "Putin")),
            Quote("q3", span(text, "that he agreed"), "indirect", told, span(text, "Kim")),
        ],
    )
    (w,) = make_windows([doc], tokenizer, max_length=64, stride=8)

    def chars(rng: tuple[int, int]) -> tuple[int, int]:
        return w.offsets[rng[0]][0], w.offsets[rng[1] - 1][1]

    got = {text[slice(*chars(cl.cue))]: text[slice(*chars(cl.content))] for cl in w.cue_links}
    # "said" has two contents: it learns the nearer one (one token away, against two)
    assert got == {"said": "“and we will act.”", "told": "that he agreed"}
    # in windows too small to hold a cue and its content together, no cue link is made
    for small in make_windows([doc], tokenizer, max_length=8, stride=2):
        for cl in small.cue_links:
            assert small.offsets[cl.content[0]] != (0, 0) and cl.content[1] < len(small.offsets)
            assert text[slice(*(small.offsets[cl.cue[0]]))] in ("said", "told")


def test_best_span_takes_the_likeliest_start_and_a_later_end():
    start = torch.tensor([0.0, 5.0, 1.0, 0.0, 0.0])
    end = torch.tensor([0.0, 0.0, 0.0, 4.0, 6.0])
    first, stop, p = best_span(start, end)
    assert (first, stop) == (1, 5)  # tokens 1..4, end exclusive
    expected = torch.softmax(start, 0)[1] * torch.softmax(end, 0)[4]
    assert p == pytest.approx(float(expected))
    # an end before the start is never chosen, even when it scores higher
    first, stop, _ = best_span(torch.tensor([-20.0, -20.0, 5.0]), torch.tensor([0.0, 9.0, 1.0]))
    assert (first, stop) == (2, 3)
    # at most max_tokens long: the far end loses to a near one
    first, stop, _ = best_span(start, end, max_tokens=3)
    assert (first, stop) == (1, 4)


def test_a_span_crossing_a_window_boundary_is_recovered_by_stitching(tokenizer, doc):
    windows = make_windows([doc], tokenizer, max_length=12, stride=4)  # 10 tokens a window
    n = max(w.doc_tokens[1] for w in windows)
    # pretend the model is perfect: one-hot gold tags per window, then stitch and decode
    outputs = []
    for w in windows:
        probs = torch.zeros(len(w.input_ids), len(TAGS))
        for i, t in enumerate(w.tags):
            probs[i, t if t != IGNORE else TAG_ID["O"]] = 1.0
        outputs.append((w.doc_tokens, probs))
    spans = decode_spans(stitch(n, outputs, len(TAGS)))
    contents = [s for s in spans if s.role == "CONTENT"]
    held = [w.doc_tokens for w in windows]
    crossing = [c for c in contents if not any(a <= c.start and c.end <= b for a, b in held)]
    assert len(contents) == 2
    assert crossing, "the test needs a content span that no single window holds"
    offsets = {}
    for w in windows:
        for k, off in enumerate(w.offsets[1:-1]):
            offsets[w.doc_tokens[0] + k] = off
    got = {TEXT[offsets[c.start][0] : offsets[c.end - 1][1]] for c in contents}
    assert got == {q.content.text for q in doc.quotes}


def test_paragraph_marks_become_tokens_with_the_original_offsets(tokenizer):
    text = "He said it.\n\nShe disagreed.\nThen left."
    marked = mark_paragraphs(text, PARAGRAPH_MARK)
    assert len(marked) == len(text) and marked.count(PARAGRAPH_MARK) == 2
    assert mark_paragraphs(text, None) == text
    with pytest.raises(ValueError, match="one character"):
        mark_paragraphs(text, "<p>")
    said = span(text, "said")
    doc = Document("p", text, quotes=[Quote("q", span(text, "it"), "indirect", said)])
    (plain,) = make_windows([doc], tokenizer)
    (w,) = make_windows([doc], tokenizer, paragraph_mark=PARAGRAPH_MARK)
    assert len(w.input_ids) == len(plain.input_ids) + 2
    marks = [k for k, i in enumerate(w.input_ids) if i == tokenizer.convert_tokens_to_ids("¶")]
    assert [text[slice(*w.offsets[k])] for k in marks] == ["\n", "\n"]
    assert all(w.tags[k] == TAG_ID["O"] for k in marks)
    # one line break per paragraph, with or without the mark tokens
    offsets = w.offsets[1:-1]
    assert sum(line_breaks(text, offsets)) == sum(line_breaks(text, plain.offsets[1:-1])) == 2
    assert [text[slice(*offsets[k])] for k, f in enumerate(line_breaks(text, offsets)) if f] == [
        "\n",
        "\n",
    ]


def test_sentence_stops_skip_abbreviation_dots() -> None:
    """`U.S.` and `Mr.` end no sentence (a content bridged over them is not cut at `U`); a full
    stop, `!`, `?`, an abbreviation before `In`, and the releases' `Washington, D.C.` do."""
    text = (
        "They discussed continued U.S. support. Mr. Lee met them in Washington, D.C. Why? Yes! "
        "He signed the E.O. In May U.S. Secretary Blinken spoke."
    )
    offsets = [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]
    ends = [e for (_, e), stop in zip(offsets, sentence_stops(text, offsets), strict=True) if stop]
    assert [text[e - 8 : e] for e in ends] == [
        "support.",
        "on, D.C.",
        ".C. Why?",
        "hy? Yes!",
        "the E.O.",
        "n spoke.",
    ]


def test_decoding_bridges_small_gaps_and_respects_confident_splits():
    def probs(tags: list[str]) -> torch.Tensor:
        p = torch.zeros(len(tags), len(TAGS))
        for i, t in enumerate(tags):
            p[i, TAG_ID[t]] = 1.0
        return p

    gap = ["B-CONTENT", "I-CONTENT", "O", "I-CONTENT", "I-CONTENT", "O", "O", "O", "B-CUE"]
    spans = decode_spans(probs(gap), max_gap=2)
    assert [(s.role, s.start, s.end) for s in spans] == [("CONTENT", 0, 5), ("CUE", 8, 9)]
    split = ["B-CONTENT", "I-CONTENT", "B-CONTENT", "I-CONTENT"]
    pieces = decode_spans(probs(split), min_content_tokens=2)
    assert [(s.start, s.end) for s in pieces] == [(0, 2), (2, 4)]
    # no span crosses a line break, and no join crosses a sentence end
    newline = [False, False, False, True]
    assert [
        (s.start, s.end)
        for s in decode_spans(
            probs(["I-CONTENT"] * 4), min_content_tokens=1, newline_before=newline
        )
    ] == [(0, 3), (3, 4)]
    stop = [False, False, True, False, False]
    joined = ["B-CONTENT", "I-CONTENT", "O", "I-CONTENT", "I-CONTENT"]
    assert len(decode_spans(probs(joined), min_content_tokens=1, sentence_end=stop)) == 2
    assert len(decode_spans(probs(joined), min_content_tokens=1)) == 1
    # a cue run is one cue even where its verb begins again (`has | said`); sources split
    again = ["B-SOURCE", "B-SOURCE", "B-CUE", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT"]
    assert [(s.role, s.start, s.end) for s in decode_spans(probs(again))] == [
        ("SOURCE", 0, 1),
        ("SOURCE", 1, 2),
        ("CUE", 2, 4),
        ("CONTENT", 4, 7),
    ]
    short = ["O", "B-CONTENT", "O", "O", "O", "B-SOURCE", "I-SOURCE"]
    assert [(s.role, s.start, s.end) for s in decode_spans(probs(short))] == [("SOURCE", 5, 7)]


def test_link_picks_the_best_candidate_or_none():
    cands = [TokenSpan("SOURCE", 12, 13, 0.9), TokenSpan("SOURCE", 40, 42, 0.9)]
    logits = torch.full((20,), -5.0)
    logits[0] = 1.0  # [CLS]: none
    logits[1 + 12 - 10] = 3.0  # window starts at document token 10
    assert link(logits, 10, 29, cands)[0] == 0
    logits[1 + 12 - 10] = -1.0
    assert link(logits, 10, 29, cands)[0] is None  # the second candidate is outside the window


def test_crossings_count_line_breaks_and_sentence_ends_between_quote_and_candidate():
    # tokens: 0-1 "Putin said" | 2 "." ends a sentence | 3-8 content | line break before 9 | 9 "He"
    newline = [False] * 12
    newline[9] = True
    stops = [False] * 12
    stops[2] = True
    content = TokenSpan("CONTENT", 3, 9, 0.9)
    before, inside, after = (
        TokenSpan("SOURCE", 0, 1, 0.9),
        TokenSpan("SOURCE", 4, 5, 0.9),
        TokenSpan("SOURCE", 9, 10, 0.9),
    )
    counts = crossings(
        content, [before, inside, after], prefix_counts(newline), prefix_counts(stops)
    )
    assert counts == [(0, 1), (0, 0), (1, 0)]
    assert prefix_counts([True, False, True]) == [0, 1, 1, 2]


def test_link_penalties_move_the_choice_to_a_nearer_candidate():
    cands = [TokenSpan("SOURCE", 12, 13, 0.9), TokenSpan("SOURCE", 20, 21, 0.9)]
    logits = torch.full((20,), -5.0)
    logits[1 + 12 - 10] = 2.0  # the far candidate scores higher
    logits[1 + 20 - 10] = 1.5
    assert link(logits, 10, 29, cands)[0] == 0
    chosen, p = link(logits, 10, 29, cands, penalties=[1.0, 0.0])
    assert chosen == 1
    assert p == pytest.approx(float(torch.softmax(logits[[0, 3, 11]], 0)[2]))


def test_a_link_never_crosses_a_transcript_turn() -> None:
    """`MR PRICE:` is no source of the question before it, and a reporter's `said` no cue of
    the answer after it: candidates in another turn than the content are told apart, and the
    pointer then links the best one in the turn, or none."""
    text = (
        "QUESTION: Will the talks resume, as Russia said?\n\n"
        "MR PRICE: We think they will resume, as we have said."
    )
    offsets = [(m.start(), m.end()) for m in re.finditer(r"\n|\w+|[^\w\s]", text)]

    def token_span(role: str, words: str, nth: int = 0) -> TokenSpan:
        at = [m.start() for m in re.finditer(re.escape(words), text)][nth]
        first = next(i for i, (s, _) in enumerate(offsets) if s == at)
        last = next(i for i, (_, e) in enumerate(offsets) if e == at + len(words))
        return TokenSpan(role, first, last + 1, 0.9)

    resolver = SpeakerResolver(text)
    question = token_span("CONTENT", "the talks resume")
    answer = token_span("CONTENT", "they will resume")
    sources = [token_span("SOURCE", "Russia"), token_span("SOURCE", "MR")]
    cues = [token_span("CUE", "said"), token_span("CUE", "said", 1)]

    def other_turn(
        text: str, resolver: SpeakerResolver, content: TokenSpan, candidates: list[TokenSpan]
    ) -> list[bool]:
        own, *theirs = span_turns(text, resolver, offsets, [content, *candidates])
        return [turn != own for turn in theirs]

    assert other_turn(text, resolver, question, sources) == [False, True]
    assert other_turn(text, resolver, answer, sources) == [True, False]
    assert other_turn(text, resolver, answer, cues) == [True, False]
    # a paragraph mark token before the content counts with the turn after it
    last_mark = max(i for i, (s, _) in enumerate(offsets) if text[s] == "\n")
    marked = TokenSpan("CONTENT", last_mark, answer.end, 0.9)
    assert other_turn(text, resolver, marked, sources) == [True, False]
    # no turns: nothing crosses
    plain = SpeakerResolver("Russia said the talks will resume.")
    assert other_turn("Russia said...", plain, question, sources) == [False, False]
    # the pointer, shown the flags as infinite penalties, takes the other one or none
    logits = torch.full((20,), -5.0)
    logits[1 + 3] = 3.0  # the crossing candidate scores highest
    logits[1 + 8] = 1.0
    cands = [TokenSpan("SOURCE", 3, 4, 0.9), TokenSpan("SOURCE", 8, 9, 0.9)]
    assert link(logits, 0, 19, cands, penalties=[math.inf, 0.0])[0] == 1
    assert link(logits, 0, 19, cands[:1], penalties=[math.inf])[0] is None


def test_a_cue_with_no_source_takes_the_subject_pronoun_right_before_it() -> None:
    """The tags often leave `we` of `we recognise` or `you` of `you said` untagged: a cue the
    pointer linked no source to takes the subject pronoun right before it, and no other word."""
    text = "We recognise it. QUESTION: Yesterday you said so. Russia said no. The heat said it."

    def before(cue: str) -> str | None:
        at = text.index(cue)
        found = pronoun_before(text, Span.of(text, at, at + len(cue)))
        return found.text if found else None

    assert before("recognise") == "We"
    assert before("said so") == "you"
    assert before("said no") is None  # a name: the pointer's to link, not this rule's
    assert before("said it") is None  # `he` inside `The heat` is no pronoun
    assert pronoun_before("I said", Span.of("I said", 2, 6)).text == "I"


def test_a_name_said_to_someone_is_no_speaker_mention() -> None:
    """A name set off by a comma where an utterance starts, before what one says to someone, is
    spoken to (`Chris, I’m ...`); a speaker with a clause about him, a list, a noun phrase with
    a determiner or a name after an abbreviation's dot is not."""
    text = (
        "SECRETARY BLINKEN: Chris, I’m looking forward.\n\n"
        "QUESTION: Thanks. Ned, any update on Iran?\n\n"
        "It was good. So once again, Tony, welcome. Well, Mr. Prime Minister, thank you.\n\n"
        "Miller, a retired worker, said no. Clinton, clearly frustrated, responded.\n\n"
        "Any party, any element that seeks power. The aide met Sen. Kim, you see.\n\n"
        "I spoke to Matt, I think. Biden and Sullivan, we hear, agreed."
    )

    def spoken_to(name: str, nth: int = 0) -> bool:
        at = -1
        for _ in range(nth + 1):
            at = text.index(name, at + 1)
        return addressed(text, Span.of(text, at, at + len(name)))

    assert spoken_to("Chris")  # after a turn label
    assert spoken_to("Ned")  # after a sentence end
    assert spoken_to("Tony")  # after openers
    assert spoken_to("Mr. Prime Minister")  # after `Well,`
    assert not spoken_to("Miller")  # `, a retired worker, said`
    assert not spoken_to("Clinton")  # `, clearly frustrated, responded`
    assert not spoken_to("Any party")  # a determiner
    assert not spoken_to("Kim")  # after `Sen.`, an abbreviation: mid-sentence
    assert not spoken_to("Matt")  # mid-sentence
    assert not spoken_to("Sullivan")  # in a list


def test_a_cue_and_its_content_are_in_one_sentence_unless_a_block_quote_follows() -> None:
    """Between an indirect content and a cue of another sentence stands a sentence end or a
    line break; an abbreviation's dot and the break after a colon (a block quote) do not count."""
    text = (
        "We have said the talks went well. The Secretary said no. He told the U.S. Treasury so.\n\n"
        "He added:\n\nIt was a success.\n\nThey agreed."
    )

    def span(part: str) -> Span:
        at = text.index(part)
        return Span.of(text, at, at + len(part))

    said, talks = span("said"), span("the talks went well")
    assert not other_sentence(text, said, talks)
    assert not other_sentence(text, talks, said)  # either order
    assert other_sentence(text, talks, span("said no"))  # `. The` ends a sentence
    assert other_sentence(text, span("the talks went well."), span("said no"))  # its own stop
    assert not other_sentence(text, span("told"), span("Treasury so"))  # `U.S.` does not
    assert not other_sentence(text, span("added"), span("It was a success"))  # a block quote
    assert not other_sentence(text, span("added:"), span("It was a success"))  # colon in the cue
    assert other_sentence(text, span("It was a success"), span("agreed"))  # a paragraph
    assert not other_sentence(text, None, talks)


def test_a_word_split_between_cue_and_content_stays_with_the_cue() -> None:
    text = "He sought clarification on the demolition and voiced support, he said."

    def span(words: str, skip: int = 0) -> Span:
        at = text.index(words)
        return Span.of(text, *snap(text, at + skip, at + len(words)))

    # the tags give "sought clar" to the cue and "ification on ..." to the content: snapped to
    # whole words, both hold "clarification"
    cue = span("sought clar")
    content = span("clarification on the demolition", skip=4)
    assert cue.text == "sought clarification" and content.text.startswith("clarification")
    assert apart(text, content, cue).text == "on the demolition"
    # likewise a mention at the content's end; a span inside the content stays; no overlap: as is
    mention = span("he said")
    late = span("voiced support, he")
    assert apart(text, late, mention).text == "voiced support,"
    whole = span("sought clarification on the demolition")
    assert apart(text, whole, span("clarification")) == whole
    assert apart(text, span("the demolition"), cue) == span("the demolition")
    # nothing left, or nothing to cut from
    assert apart(text, span("clarification"), cue) is None and apart(text, None, cue) is None


def test_a_span_never_ends_before_a_negation_and_a_content_never_starts_on_a_clitic() -> None:
    """The tokenizer splits `didn’t` into `didn`, `’` and `t`: a span ending on `didn` takes the
    `’t` (its meaning turns on it). A content the tags start on a clitic cut from its word (`he’s`
    -> `’s been clear`) starts after it; a cue keeps it (`’s claiming`), and a possessive or a
    quotation mark after a span stays out of it."""
    text = "They didn’t find any reason. He’s been clear that Russia’s war must end, ‘he said’."

    def snapped(words: str) -> str:
        at = text.index(words)
        start, end = snap(text, at, at + len(words))
        return text[start:end]

    def content(words: str) -> str:
        at = text.index(words)
        start, end = snap(text, at, at + len(words))
        return text[after_clitic(text, start, end) : end]

    assert snapped("They didn") == "They didn’t"
    assert snapped("didn’t find") == "didn’t find"
    assert snapped("’s been clear that") == "’s been clear that"  # as a cue
    assert content("’s been clear that") == "been clear that"
    assert content("’s war must end") == "war must end"
    assert content("’s") == "’s"  # nothing after the clitic: left as it is
    assert content("They didn") == "They didn’t"
    assert snapped("Russia") == "Russia"  # not `Russia’s`
    assert snapped("he said") == "he said"


def test_a_content_has_no_stray_punctuation_at_its_edges() -> None:
    """A comma, colon or dash the tags leave before a content's first word or after its last
    goes; quote marks and a final full stop or question mark stay, and a content of nothing but
    punctuation is left as it is."""
    text = "But as you said, our status has not changed, he added. “We stand firm.” Why? – –"

    def bare(part: str) -> str:
        at = text.index(part)
        start, end = bare_content(text, at, at + len(part))
        return text[start:end]

    assert bare(", our status has not changed,") == "our status has not changed"
    assert bare(". “We stand firm.”") == "“We stand firm.”"
    assert bare("Why? –") == "Why?"
    assert bare("– –") == "– –"
    # nor a conjunction or an article left dangling at its end, however many
    more = "He said the talks will resume, and the war goes on as the sides meet."
    at = more.index("the talks")

    def cut(end: str) -> str:
        start, stop = bare_content(more, at, more.index(end) + len(end))
        return more[start:stop]

    assert cut("resume, and") == "the talks will resume"
    assert cut("resume, and the") == "the talks will resume"
    assert cut("goes on as") == "the talks will resume, and the war goes on"
    assert cut("the sides") == "the talks will resume, and the war goes on as the sides"
    alone = more.index("and the")
    assert more[slice(*bare_content(more, alone, alone + 3))] == "and"  # nothing else: as it is


def test_a_mention_cut_after_a_title_or_an_article_takes_the_name_after_it() -> None:
    """The tags of a weakly trained model often stop a source at its title (`Secretary` of
    `Secretary Blinken`): the mention is widened over the name on its line, up to its content
    or cue; any other mention, and a transcript's turn label, is left as it is."""
    text = (
        "Secretary of State Antony J. Blinken spoke today with President Putin’s envoy. "
        "Secretary Blinken underscored the need. So the United States will act, the report said."
        "\nMR PRICE: Thanks."
    )

    def widened(words: str, cut: str, limit: int | None = None) -> str:
        at = text.index(words)
        mention = Span.of(text, at, at + len(cut))
        return whole_mention(text, mention, len(text) if limit is None else limit).text

    assert widened("Secretary of State", "Secretary of") == "Secretary of State Antony J. Blinken"
    assert widened("President Putin", "President") == "President Putin’s"
    assert widened("Secretary Blinken underscored", "Secretary") == "Secretary Blinken"
    assert widened("the United", "the") == "the United States"
    # never into the content or cue that follows, nor over lowercase words or a line break
    blinken = text.index("Secretary Blinken underscored")
    assert widened("Secretary Blinken underscored", "Secretary", blinken + 12) == "Secretary"
    assert widened("the report", "the") == "the"  # the report's `said` is no limit here
    said = text.index(" said.")
    assert widened("the report", "the", said) == "the"  # `said` is its content, not its cue
    at = text.index("the report")
    mention = whole_mention(text, Span.of(text, at, at + 3), said, cue=said)
    assert mention.text == "the report"  # up to its cue: a noun phrase
    assert widened("So the United", "So the", said) == "So the United States"
    assert widened("MR PRICE", "MR") == "MR"
    # an honorific the tags cut from its dot, and a name with an accented capital
    other = (
        "Mr. Ng and his counterparts will advise them. The Élysée put out a statement. "
        "Mr. Blinken, I am interested in your view."
    )

    def widened_other(cut: str, words: str, stop: str) -> str:
        at = other.index(words)
        return whole_mention(other, Span.of(other, at, at + len(cut)), other.index(stop)).text

    assert widened_other("Mr", "Mr. Ng", " and") == "Mr. Ng"
    assert widened_other("The", "The Élysée", " put") == "The Élysée"
    assert widened_other("Mr", "Mr. Ng", ".") == "Mr"  # never past its content or cue
    assert widened_other("Mr", "Mr. Blinken", " I am") == "Mr"  # addressed: no speaker
    # an article's noun phrase: lowercase words up to its cue, but no adverb, auxiliary or verb
    more = (
        "The strategy recognizes it. Some officials also told us. The world can see, he said. "
        "Some claim that it works; the report itself states so; some doubted it: so says he. "
        "The April 19 agreement committed them. Kerry at the moment said it."
    )
    for where, cut, cue, expected in (
        ("The strategy", "The", "recognizes", "The strategy"),
        ("Some claim", "Some", "that it", "Some"),
        ("the report", "the", "itself", "the report"),
        ("some doubted", "some", "it:", "some"),
        ("The April", "The", "committed", "The"),  # a capitalised word is a name, not April
        ("Kerry at the", "Kerry at the", "said it", "Kerry at the"),  # only a bare article
        ("Some officials", "Some", "told", "Some"),
        ("Some officials", "Some", "also told", "Some officials"),
        ("The world", "The", "see", "The"),
    ):
        at = more.index(where)
        limit = more.index(cue)
        mention = whole_mention(more, Span.of(more, at, at + len(cut)), limit, cue=limit)
        assert mention.text == expected, where
    assert widened("Secretary of State", "Secretary of State Antony J. Blinken").endswith("Blinken")


def test_a_mention_cut_after_an_office_or_an_of_takes_the_rest_of_the_name() -> None:
    """A mention that ends on an office's portfolio (`Secretary of State`) or on an `of` takes
    the name after it; an `and` only inside an office's `of` (`Bureau of Educational and
    Cultural Affairs`), never between two people, and never a day of the week."""
    text = (
        "Secretary of State Antony J. Blinken spoke with Minister Lee. The Department of "
        "State’s Bureau of Educational and Cultural Affairs announced it. Secretary of State "
        "Blinken and Foreign Minister Lavrov agreed. Minister of Economics Janis Vitenbergs "
        "Tuesday said so."
    )

    def widened(cut: str) -> str:
        at = text.index(cut)
        mention = Span.of(text, at, at + len(cut))
        limit = re.compile(r" (?:spoke|announced|agreed|said)").search(text, at).start()
        return whole_mention(text, mention, limit).text

    assert widened("Secretary of State") == "Secretary of State Antony J. Blinken"
    assert widened("The") == "The Department of State’s Bureau of Educational and Cultural Affairs"
    assert widened("The Department of State’s Bureau of") == (
        "The Department of State’s Bureau of Educational and Cultural Affairs"
    )
    assert widened("Secretary of State Blinken") == "Secretary of State Blinken"
    assert widened("Minister of Economics") == "Minister of Economics Janis Vitenbergs"


def test_a_mention_cut_before_a_second_subject_takes_the_whole_subject() -> None:
    """A subject the tags cut after its first person (`Secretary Blinken` of `Secretary Blinken
    and Foreign Minister Rau discussed`) takes the others up to its cue, and the name rules join
    them (guideline: a plural subject is all participants); not over a pronoun, a lowercase
    word, a sentence end or a line break."""
    text = (
        "Secretary of State Antony J. Blinken spoke with Polish Foreign Minister Zbigniew Rau. "
        "Secretary Blinken and Foreign Minister Rau discussed Ukraine. The Secretary, Minister "
        "Rau, and Ambassador Brzezinski also condemned the strikes. The Secretary and I agreed. "
        "Secretary Blinken and his counterpart noted it. Blinken and Rau. Officials said so. "
        "Secretary Blinken and\nMinister Rau said so."
    )
    resolve = SpeakerResolver(text)

    def joined(cut: str, cue: str, nth: int = 0) -> tuple[str, str | None]:
        at = [m.start() for m in re.finditer(re.escape(cut), text)][nth]
        found = joint_subject(text, Span.of(text, at, at + len(cut)), text.index(cue, at))
        return found.text, resolve(found)

    assert joined("Secretary Blinken", "discussed") == (
        "Secretary Blinken and Foreign Minister Rau",
        "Antony Blinken & Zbigniew Rau",
    )
    assert joined("The Secretary", "condemned")[0] == (
        "The Secretary, Minister Rau, and Ambassador Brzezinski"  # `also` is the cue's
    )
    assert joined("The Secretary", "agreed", 1)[0] == "The Secretary"  # `I`: a pronoun
    assert joined("Secretary Blinken", "noted", 1)[0] == "Secretary Blinken"  # lowercase
    assert joined("Blinken", "said", 3)[0] == "Blinken"  # `Rau.` ended a sentence
    assert joined("Secretary Blinken", "said so.", 2)[0] == "Secretary Blinken"  # a line break


@pytest.mark.parametrize(
    ("cue", "content", "new_cue", "new_content"),
    [
        ("called", "for restraint by all sides", "called for", "restraint by all sides"),
        ("spoke", "of our commitment", "spoke of", "our commitment"),
        ("persistent calls", "for dialogue", "persistent calls for", "dialogue"),
        # the noun phrase is the content's after an attitude word: left as it is
        ("expressed appreciation", "for their support", "expressed appreciation", None),
        ("said", "that talks would resume", "said", None),  # not a preposition
    ],
)
def test_a_preposition_between_a_cue_and_its_content_is_the_cues(
    cue: str, content: str, new_cue: str, new_content: str | None
) -> None:
    """`called` + `for X` is `called for` + `X`, as the guideline and both golds mark it."""
    text = f"The Secretary {cue} {content}."
    c_at, q_at = text.index(cue), text.index(content)
    got_content, got_cue = cue_particle(
        text, Span.of(text, q_at, q_at + len(content)), Span.of(text, c_at, c_at + len(cue))
    )
    assert got_cue is not None
    assert (got_cue.text, got_content.text) == (new_cue, new_content or content)
    apart_cue = Span.of(text, c_at, c_at + len(cue))
    far = Span.of(text, q_at + 1, q_at + len(content))  # not right after the cue: left alone
    assert cue_particle(text, far, apart_cue) == (far, apart_cue)


def test_a_quote_linked_to_a_turn_label_takes_the_turns_own_i_or_we() -> None:
    """A turn label is never a span: a quote the pointer linked to it takes the turn's nearest
    `I` or `we` before it in the same sentence, else nothing (the label stays the pipeline's)."""
    text = (
        "MR PRICE: Well, as I said, the talks resume. What we’ve said remains true. "
        "The U.S. and we agreed. Good day. The door is open."
    )
    end = text.index(":") + 1

    def own(before: str) -> str | None:
        found = own_pronoun(text, end, text.index(before))
        return found.text if found else None

    assert own("the talks resume") == "I"
    assert own("remains true") == "we"  # `we’ve`
    assert own("agreed") == "we"  # `U.S.` ends no sentence
    assert own("The door is open") is None  # `we` is a sentence away
    assert own_pronoun("MR PRICE: I said.", 9, 9) is None  # nothing before the label's end
