"""The rule-based baseline: each pattern on hand-made sentences, valid spans on real text, CLI."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import pytest

from annotation import baseline
from annotation.baseline import MODEL_VERSION, annotate, find_quotes
from annotation.paths import SEEDS_DIR, corpus_dir
from annotation.schema import Document, Quote, Span, document_problems, read_jsonl

SEED_000 = SEEDS_DIR / "000_0a5d835df4d6a6fa.txt"
SEED_004 = SEEDS_DIR / "004_849e00ae0fdd7c9d.txt"


def spans(q: Quote) -> tuple[str, str | None, str | None, str | None]:
    """(content, cue, mention, type) as text, for compact expectations."""
    cue = q.cue.text if q.cue else None
    mention = q.speaker_mention.text if q.speaker_mention else None
    return q.content.text, cue, mention, q.type


def assert_valid(text: str, quotes: list[Quote]) -> None:
    """Every span fits the text, ids run b1, b2 ... in text order, no duplicate quotes."""
    assert [q.id for q in quotes] == [f"b{i}" for i in range(1, len(quotes) + 1)]
    assert [q.content.start for q in quotes] == sorted(q.content.start for q in quotes)
    for q in quotes:
        for span in (q.content, q.cue, q.speaker_mention, q.target_mention):
            assert span is None or span.problem(text) is None, (q.id, span)
        assert q.type in ("direct", "indirect", "mixed")
        assert q.stance is None and q.target is None
    keys = [(q.content, q.cue, q.speaker_mention) for q in quotes]
    assert len(keys) == len(set(keys))
    assert not document_problems(Document("d", text, quotes=quotes))


def only(text: str) -> tuple[str, str | None, str | None, str | None]:
    quotes = find_quotes(text)
    assert_valid(text, quotes)
    assert len(quotes) == 1, [spans(q) for q in quotes]
    return spans(quotes[0])


# ---------------------------------------------------------------- direct


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will win,” Smith said.", ("“We will win,”", "said", "Smith", "direct")),
        (
            "“We will win,” said Jane Smith, who leads the party.",
            ("“We will win,”", "said", "Jane Smith", "direct"),
        ),
        ("Jane Smith said, “We will win.”", ("“We will win.”", "said", "Jane Smith", "direct")),
        ("“We will win” Smith added.", ("“We will win”", "added", "Smith", "direct")),
        ('"We will win," he said.', ('"We will win,"', "said", "he", "direct")),
        ("“Hard times,” she has said.", ("“Hard times,”", "said", "she", "direct")),
        (
            "“There is no alternative,” Putin was quoted by TASS as saying.",
            ("“There is no alternative,”", "was quoted by TASS as saying", "Putin", "direct"),
        ),
        (
            "“We are satisfied,” the Russian leader said according to TASS.",
            ("“We are satisfied,”", "said", "the Russian leader", "direct"),
        ),
        (
            "Asked about a deal, Pompeo said, “I do. I absolutely do.”",
            ("“I do. I absolutely do.”", "said", "Pompeo", "direct"),
        ),
    ],
)
def test_direct_quotes(text: str, expected: tuple) -> None:
    assert only(text) == expected


def test_continuation_takes_the_previous_mention_without_cue() -> None:
    text = "“We will win,” Smith said. “The vote is close.”"
    quotes = find_quotes(text)
    assert_valid(text, quotes)
    assert [spans(q) for q in quotes] == [
        ("“We will win,”", "said", "Smith", "direct"),
        ("“The vote is close.”", None, "Smith", "direct"),
    ]
    assert quotes[1].speaker_mention == quotes[0].speaker_mention


def test_split_quote_second_part_is_a_continuation() -> None:
    text = "“We will win,” Smith said, “and soon.”"
    assert [spans(q) for q in find_quotes(text)] == [
        ("“We will win,”", "said", "Smith", "direct"),
        ("“and soon.”", None, "Smith", "direct"),
    ]


def test_standalone_quote_without_previous_quote_is_not_attributed() -> None:
    assert find_quotes("The hall was quiet.\n“We will win.”") == []


# ---------------------------------------------------------------- mixed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He called the workers “good, hard-working, orderly” people.",
            ("the workers “good, hard-working, orderly” people", "called", "He", "mixed"),
        ),
        (
            "Putin has lashed out at ‘countries claiming sole global leadership’.",
            ("‘countries claiming sole global leadership’", "lashed out at", "Putin", "mixed"),
        ),
        (
            "Trump says voter fraud “would be one hell of a way to lose.”",
            ("voter fraud “would be one hell of a way to lose.”", "says", "Trump", "mixed"),
        ),
        (
            "The Kremlin has said the talks will focus on ‘a political solution’.",
            ("the talks will focus on ‘a political solution’", "said", "The Kremlin", "mixed"),
        ),
    ],
)
def test_mixed_quotes(text: str, expected: tuple) -> None:
    assert only(text) == expected


def test_participial_mixed_quote_takes_the_main_clause_subject() -> None:
    text = "He stressed the need for talks, saying a bilateral deal will “hardly be enough.”"
    assert [spans(q) for q in find_quotes(text)] == [
        ("the need for talks", "stressed", "He", "indirect"),
        ("a bilateral deal will “hardly be enough.”", "saying", "He", "mixed"),
    ]


def test_quote_only_cue_needs_a_quoted_fragment() -> None:
    assert find_quotes("He called the office yesterday.") == []
    assert find_quotes("The report described the plan in detail.") == []


# ---------------------------------------------------------------- indirect


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The minister said that the talks had failed.",
            ("that the talks had failed", "said", "The minister", "indirect"),
        ),
        (
            "Putin told Kim he supports the talks.",
            ("he supports the talks", "told", "Putin", "indirect"),
        ),
        (
            "The Kremlin has said the talks will focus on trade.",
            ("the talks will focus on trade", "said", "The Kremlin", "indirect"),
        ),
        (
            "Smith insisted on Friday that nothing had changed.",
            ("that nothing had changed", "insisted", "Smith", "indirect"),
        ),
        (
            "Officials warned the storm would hit the coast.",
            ("the storm would hit the coast", "warned", "Officials", "indirect"),
        ),
        (
            "Russia sent food aid, according to the Kremlin.",
            ("Russia sent food aid", "according to", "the Kremlin", "indirect"),
        ),
        (
            "According to TASS, the talks ended early.",
            ("the talks ended early", "According to", "TASS", "indirect"),
        ),
        (
            "The shipment arrived in March, news agency ‘TASS’ reported.",
            ("The shipment arrived in March", "reported", "news agency ‘TASS’", "indirect"),
        ),
        (
            "The economy is slowing, top black lawmakers said Friday.",
            ("The economy is slowing", "said", "top black lawmakers", "indirect"),
        ),
        (
            "Pyongyang has reportedly asked Russia to employ its workers.",
            ("Russia to employ its workers", "asked", "Pyongyang", "indirect"),
        ),
    ],
)
def test_indirect_quotes(text: str, expected: tuple) -> None:
    assert only(text) == expected


def test_participial_cue_takes_the_subject_of_the_main_clause() -> None:
    text = "North Korea last week launched an attack on the envoy, insisting he be removed."
    assert [spans(q) for q in find_quotes(text)] == [
        ("the envoy", "launched an attack on", "North Korea", "indirect"),
        ("he be removed", "insisting", "North Korea", "indirect"),
    ]
    text = "As a gift, Kim gave Putin a sword, explaining that it represents his “soul.”"
    assert only(text) == ("that it represents his “soul.”", "explaining", "Kim", "mixed")


# ---------------------------------------------------------------- press releases


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Secretary strongly condemned the attack on civilians.",
            ("the attack on civilians", "condemned", "The Secretary", "indirect"),
        ),
        (
            "Both sides expressed concern that the violence continues.",
            ("concern that the violence continues", "expressed", "Both sides", "indirect"),
        ),
        (
            "Secretary Blinken underscored the importance of the alliance.",
            ("the importance of the alliance", "underscored", "Secretary Blinken", "indirect"),
        ),
        (
            "The ministers called for an immediate ceasefire.",
            ("an immediate ceasefire", "called for", "The ministers", "indirect"),
        ),
        (
            "The two sides agreed to meet again in May.",
            ("to meet again in May", "agreed", "The two sides", "indirect"),
        ),
        (
            "The United States welcomed the release of the prisoners.",
            ("the release of the prisoners", "welcomed", "The United States", "indirect"),
        ),
        (
            "The Deputy Secretary discussed regional security with the minister.",
            (
                "regional security with the minister",
                "discussed",
                "The Deputy Secretary",
                "indirect",
            ),
        ),
    ],
)
def test_press_release_cues(text: str, expected: tuple) -> None:
    assert only(text) == expected


def test_coordinated_cues_are_separate_quotes() -> None:
    text = "Smith reiterated support for the plan, and he welcomed the new steps."
    assert [spans(q) for q in find_quotes(text)] == [
        ("support for the plan", "reiterated", "Smith", "indirect"),
        ("the new steps", "welcomed", "he", "indirect"),
    ]
    text = "The Ambassador met students and encouraged religious tolerance."
    assert only(text) == ("religious tolerance", "encouraged", "The Ambassador", "indirect")


@pytest.mark.parametrize(
    "text",
    [
        "He did not elaborate.",
        "Putin plans to brief Xi on the results.",
        "They were expected to exchange views on the summit.",
        "The summit was seen as a key test.",
        "The plan was welcomed by allies.",
        "We remain committed to peace in the region.",
        "Republican claims were rated false.",
        "The president will say more tomorrow.",
        "The new president did not say whether taxes rise.",
        "",
    ],
)
def test_no_quote(text: str) -> None:
    assert find_quotes(text) == []


# ---------------------------------------------------------------- speakers


def test_speaker_names_titles_pronouns_and_descriptions() -> None:
    text = (
        "Russian President Vladimir Putin met North Korean leader Kim Jong-un on Thursday. "
        "Putin said the talks were useful. He added that Russia would help. "
        "“We are satisfied,” the Russian leader said. Kim said he was grateful. "
        "Pyongyang has asked Russia to help. Putin and Kim vowed to meet again. "
        "Analysts said the summit was symbolic. A source said nothing was signed."
    )
    quotes = find_quotes(text)
    assert_valid(text, quotes)
    got = [(q.speaker_mention.text, q.speaker) for q in quotes if q.speaker_mention]
    assert got == [
        ("Putin", "Vladimir Putin"),
        ("He", "Vladimir Putin"),
        ("the Russian leader", "Vladimir Putin"),
        ("Kim", "Kim Jong Un"),
        ("Pyongyang", "North Korea"),
        ("Putin and Kim", "Kim Jong Un & Vladimir Putin"),
        ("Analysts", "analysts"),
        ("A source", None),
    ]


def test_full_noun_phrase_is_the_mention_and_the_name_is_the_speaker() -> None:
    text = "U.S. Secretary of State Mike Pompeo said the talks would continue."
    (q,) = find_quotes(text)
    assert q.speaker_mention.text == "U.S. Secretary of State Mike Pompeo"
    assert q.speaker == "Mike Pompeo"
    text = (
        "Deputy Secretary Brian P. McKeon traveled to Atlanta. "
        "The Deputy Secretary said it went well."
    )
    (q,) = find_quotes(text)
    assert (q.speaker_mention.text, q.speaker) == ("The Deputy Secretary", "Brian McKeon")


# ---------------------------------------------------------------- seeds and corpora


def test_seed_000_direct_quotes() -> None:
    text = SEED_000.read_text(encoding="utf-8")
    quotes = find_quotes(text)
    assert_valid(text, quotes)
    direct = [
        (q.content.text[:25], q.cue.text if q.cue else None, q.speaker_mention.text, q.speaker)
        for q in quotes
        if q.type == "direct"
    ]
    assert direct == [
        ("“I think it will be a ver", "said", "Kim", "Kim Jong Un"),
        ("“As the world is focused ", "added", "he", "Kim Jong Un"),
        ("“I am confident that your", "stated", "Putin", "Vladimir Putin"),
        ("“In terms of bilateral re", None, "Putin", "Vladimir Putin"),
        ("“They carelessly trample ", "said", "Putin", "Vladimir Putin"),
    ]
    kim = next(q for q in quotes if q.content.text.startswith("“I think it will be"))
    assert kim.content.text.endswith("into a more stable and sound one,”")
    assert text[kim.content.end : kim.content.end + 11] == " Kim said. "
    assert (kim.cue.text, kim.speaker_mention.text) == ("said", "Kim")
    assert Span.of(text, kim.cue.start, kim.cue.end) == kim.cue


def test_seed_000_indirect_and_mixed_patterns() -> None:
    quotes = find_quotes(SEED_000.read_text(encoding="utf-8"))
    by_cue: dict[str, tuple] = {}
    for q in quotes:
        if q.cue:
            by_cue.setdefault(q.cue.text, spans(q))  # the first quote with each cue
    assert by_cue["told"] == (
        "he supports ongoing efforts to ease tensions on the Korean peninsula and wants to boost "
        "economic ties",
        "told",
        "Putin",
        "indirect",
    )
    assert by_cue["according to"][1:] == ("according to", "the Kremlin", "indirect")
    assert by_cue["reported"][2] == "news agency ‘TASS’"
    assert by_cue["lashed out at"] == (
        "‘countries claiming sole global leadership’",
        "lashed out at",
        "Putin",
        "mixed",
    )


def test_seed_004_patterns() -> None:
    text = SEED_004.read_text(encoding="utf-8")
    quotes = find_quotes(text)
    assert_valid(text, quotes)
    found = {spans(q) for q in quotes}
    expected = [
        ("a bilateral security arrangement will “hardly be enough.”", "saying", "Putin", "mixed"),
        ("the North Koreans “good, hard-working, orderly” workers", "called", "He", "mixed"),
        ("“I do. I absolutely do.”", "said", "Pompeo", "direct"),
    ]
    assert [e for e in expected if e not in found] == []
    pompeo = [q.speaker for q in quotes if q.content.text.startswith("“We’re very focused")]
    assert pompeo == ["Mike Pompeo"]


def polnear_texts(n: int) -> list[Path]:
    try:
        folder = corpus_dir("polnear") / "dev" / "text"
    except FileNotFoundError as e:
        pytest.skip(str(e))
    texts = sorted(folder.glob("*.txt"))[:n]
    if not texts:
        pytest.skip(f"no PolNeAR dev texts in {folder}")
    return texts


def test_spans_valid_on_polnear_dev() -> None:
    total = 0
    for path in polnear_texts(50):
        text = path.read_text(encoding="utf-8")
        quotes = find_quotes(text)
        assert_valid(text, quotes)
        total += len(quotes)
    assert total > 200  # the rules fire on real news, not only on the seeds


# ---------------------------------------------------------------- annotate and CLI


def test_annotate_replaces_quotes_and_keeps_the_rest() -> None:
    old = Quote("q1", Span(0, 3, "“We"), type="direct", stance="favor")
    doc = Document("d1", "“We will win,” Smith said.", {"source": "x"}, [old])
    out = annotate(doc)
    assert (out.id, out.text, out.meta) == (doc.id, doc.text, doc.meta)
    assert [spans(q) for q in out.quotes] == [("“We will win,”", "said", "Smith", "direct")]
    assert doc.quotes == [old]  # the input is left alone


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    baseline.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["baseline", *argv])
    return args.func(args)


def test_cli_jsonl_bad_lines_are_reported_and_the_rest_written(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    src = tmp_path / "in.jsonl"
    canonical = Document(
        "c1", "“Yes,” Kim said.", {"lang": "en"}, [Quote("q9", Span(0, 6, "“Yes,”"))]
    )
    lines = [
        json.dumps({"id": "a1", "text": "Putin told Kim he supports the talks.", "source": "x"}),
        "{not json",
        json.dumps({"id": "a2"}),
        json.dumps(canonical.to_json()),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with caplog.at_level(logging.ERROR):
        assert run_cli("--input", str(src), "--output", str(out)) == 1
    assert "line 2" in caplog.text and "line 3" in caplog.text
    docs, errors = read_jsonl(out)
    assert not errors
    assert [d.id for d in docs] == ["a1", "c1"]
    assert docs[0].meta == {"source": "x"}
    assert [spans(q) for q in docs[0].quotes] == [
        ("he supports the talks", "told", "Putin", "indirect")
    ]
    assert docs[1].meta == {"lang": "en"}
    assert [q.id for q in docs[1].quotes] == ["b1"]


def test_cli_folder_of_txt(tmp_path: Path) -> None:
    folder = tmp_path / "txt"
    folder.mkdir()
    (folder / "one.txt").write_text("“We will win,” Smith said.\n", encoding="utf-8")
    (folder / "two.txt").write_text("Nothing was said here by anyone of note.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run_cli("--input", str(folder), "--output", str(out)) == 0
    docs, errors = read_jsonl(out)
    assert not errors
    assert [(d.id, len(d.quotes)) for d in docs] == [("one", 1), ("two", 0)]


def test_cli_missing_input(tmp_path: Path) -> None:
    assert run_cli("--input", str(tmp_path / "nope.jsonl"), "--output", str(tmp_path / "o")) == 1


def test_model_version() -> None:
    assert MODEL_VERSION == "baseline-rules-v1"
