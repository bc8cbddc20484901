"""``evaluation.metrics``: hand-computed cases for every metric (the arithmetic is in comments)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotation.schema import Document, Quote, Span
from evaluation import metrics as m

# Document 1 and 2 of the two-document case. Tokens are \w+ or one punctuation character.
T1 = 'Kim said: "We will win this war." Putin replied that talks must continue.'
T2 = "Lavrov said the sanctions are illegal and harmful, adding that Moscow would respond."
P3 = "sanctions are illegal and harmful, adding that Moscow would respond"


def sp(text: str, needle: str, after: str = "") -> Span:
    """The span of the first ``needle`` in ``text`` at or after the first ``after``."""
    start = text.index(needle, text.index(after) if after else 0)
    return Span.of(text, start, start + len(needle))


def quote(text: str, qid: str, content: str, **kw: Any) -> Quote:
    """A quote of ``text``; ``cue`` and ``mention`` given as substrings become spans."""
    cue = kw.pop("cue", None)
    mention = kw.pop("mention", None)
    return Quote(
        id=qid,
        content=sp(text, content),
        cue=sp(text, cue) if cue else None,
        speaker_mention=sp(text, mention) if mention else None,
        **kw,
    )


def two_docs() -> tuple[list[Document], list[Document]]:
    """Gold and predictions where token overlap, quote matching and exact spans all differ.

    g1 "We will win this war" (trimmed; 5 tokens), direct, Kim, favor
    g2 "talks must continue" (3 tokens), indirect, Putin, stance unknown
    g3 "the sanctions are illegal and harmful" (6 tokens), indirect, Lavrov
    p1 "We will win this war." -> trimmed equal to g1: exact and overlap match, name right
    p2 "that talks must" (3 tokens): shares 2 with g2, 2*2 >= 3 and >= 3 -> overlap match only;
       speaker wrong; typed direct (gold: indirect); stance neutral (gold unknown: skipped)
    p3 "sanctions ... harmful, adding that Moscow would respond" (11 tokens): shares 5 with g3,
       2*5 >= 6 but 2*5 < 11 -> not eligible
    """
    gold = [
        Document(
            "d1",
            T1,
            quotes=[
                quote(T1, "g1", '"We will win this war."', type="direct", cue="said",
                      mention="Kim", speaker="Kim Jong Un", stance="favor"),
                quote(T1, "g2", "talks must continue", type="indirect", cue="replied",
                      mention="Putin", speaker="Vladimir Putin", stance=None),
            ],
        ),
        Document(
            "d2",
            T2,
            quotes=[
                quote(T2, "g3", "the sanctions are illegal and harmful", type="indirect",
                      cue="said", mention="Lavrov", speaker="Sergei Lavrov", stance="against"),
            ],
        ),
    ]  # fmt: skip
    pred = [
        Document(
            "d1",
            T1,
            quotes=[
                quote(T1, "p1", 'We will win this war."', type="direct", cue="said:",
                      speaker="  kim  JONG un", stance="favor"),
                quote(T1, "p2", "that talks must", type="direct", cue="replied that",
                      speaker="Sergei Lavrov", stance="neutral"),
            ],
        ),
        Document(
            "d2",
            T2,
            quotes=[
                quote(T2, "p3", P3, type="indirect", mention="Lavrov", speaker="Sergei Lavrov",
                      stance="against"),
            ],
        ),
    ]  # fmt: skip
    return gold, pred


def test_tokens_and_trimming() -> None:
    text = 'He said: "It\'s over."'
    tokens = m.Tokens(text)
    # He said : " It ' s over . "  -> 10 tokens
    assert len(tokens) == 10
    # the trimmed span is It's over (tokens 4..7); a span cutting into a word takes the word
    assert tokens.of(sp(text, '"It\'s over."')) == (4, 8)
    assert tokens.of(Span.of(text, 1, 5)) == (0, 2)  # "e sa" touches He and said


def test_two_documents_overlap_quote_and_exact_differ() -> None:
    r = m.score(*two_docs())
    json.dumps(r)  # plain JSON
    # content tokens: d1 gold 5+3=8, pred 5+3=8, shared 5+2=7; d2 gold 6, pred 11, shared 5
    # pooled: gold 14, pred 19, shared 12 -> P 12/19, R 12/14, F1 2*12/(14+19) = 24/33
    assert r["content"]["gold_tokens"] == 14
    assert r["content"]["pred_tokens"] == 19
    assert r["content"]["shared_tokens"] == 12
    assert r["content"]["precision"] == pytest.approx(12 / 19)
    assert r["content"]["recall"] == pytest.approx(12 / 14)
    assert r["content"]["f1"] == pytest.approx(24 / 33)
    # quotes: 3 gold, 3 predicted, matched g1-p1 and g2-p2 -> P = R = F1 = 2/3
    assert (r["quote"]["gold"], r["quote"]["predicted"], r["quote"]["matched"]) == (3, 3, 2)
    assert r["quote"]["f1"] == pytest.approx(2 / 3)
    # exact (trimmed): only g1-p1 -> 1/3
    assert r["exact"]["matched"] == 1
    assert r["exact"]["precision"] == r["exact"]["recall"] == pytest.approx(1 / 3)
    # speaker on the 2 matched: p1 right by name (case, spacing), p2 wrong -> 1/2
    assert r["speaker"] == {"n": 2, "correct": 1, "accuracy": 0.5}
    # attribution: 1 quote matched with the right speaker -> P = 1/3, R = 1/3
    assert r["attribution"]["matched"] == 1
    assert r["attribution"]["f1"] == pytest.approx(1 / 3)
    # cue tokens: d1 gold {said, replied}, pred {said, replied, that}; d2 gold {said}, pred {}
    # gold 3, pred 3, shared 2 -> P = R = F1 = 2/3
    assert (r["cue"]["gold_tokens"], r["cue"]["pred_tokens"], r["cue"]["shared_tokens"]) == (
        3,
        3,
        2,
    )
    assert r["cue"]["f1"] == pytest.approx(2 / 3)
    # quote type on matched pairs with known gold type: direct=direct, indirect!=direct -> 1/2
    assert r["type"] == {"n": 2, "correct": 1, "accuracy": 0.5}
    # stance: g1 favor/favor counted; g2 unknown skipped (pred neutral not counted); g3 unmatched
    assert (r["stance"]["n"], r["stance"]["correct"], r["stance"]["skipped_unknown_gold"]) == (
        1,
        1,
        1,
    )
    assert r["stance"]["confusion"] == [[1, 0, 0], [0, 0, 0], [0, 0, 0]]
    assert r["stance"]["macro_f1"] == 1.0 and r["stance"]["macro_classes"] == ["favor"]


def test_by_type_breakdown() -> None:
    r = m.score(*two_docs())
    direct, indirect = r["by_gold_type"]["direct"], r["by_gold_type"]["indirect"]
    # gold direct: g1 matched, exact, attributed, stance right; its 5 tokens all predicted
    assert (direct["gold"], direct["matched"], direct["exact_matched"], direct["attributed"]) == (
        1, 1, 1, 1)  # fmt: skip
    assert direct["quote_recall"] == direct["attribution_recall"] == 1.0
    assert direct["stance"] == {"n": 1, "correct": 1, "accuracy": 1.0}
    assert direct["content"]["recall"] == 1.0
    # gold indirect: g2 matched (speaker wrong), g3 missed -> recall 1/2, attribution 0/2;
    # stance: g2 unknown, g3 unmatched -> n 0, accuracy 0.0; tokens 3+6 = 9, predicted 2+5 = 7
    assert (indirect["gold"], indirect["matched"], indirect["attributed"]) == (2, 1, 0)
    assert indirect["quote_recall"] == 0.5 and indirect["attribution_recall"] == 0.0
    assert indirect["stance"] == {"n": 0, "correct": 0, "accuracy": 0.0}
    assert indirect["content"]["gold_tokens"] == 9
    assert indirect["content"]["recall"] == pytest.approx(7 / 9)
    assert (
        r["by_gold_type"]["mixed"]["gold"] == 0 and r["by_gold_type"]["mixed"]["quote_recall"] == 0
    )
    # predicted direct: p1, p2 both matched -> precision 1; exact 1/2; attributed 1/2;
    # tokens 5+3 = 8 of which 7 in gold. predicted indirect: p3 unmatched -> 0/1; tokens 5/11
    pd, pi = r["by_pred_type"]["direct"], r["by_pred_type"]["indirect"]
    assert (pd["predicted"], pd["matched"], pd["quote_precision"]) == (2, 2, 1.0)
    assert pd["exact_precision"] == 0.5 and pd["attribution_precision"] == 0.5
    assert pd["content"]["precision"] == pytest.approx(7 / 8)
    assert (pi["predicted"], pi["matched"], pi["quote_precision"]) == (1, 0, 0.0)
    assert pi["content"]["precision"] == pytest.approx(5 / 11)


def test_split_prediction_only_one_piece_matches() -> None:
    text = "Kim said we will win this war now."
    gold = [Document("d", text, quotes=[quote(text, "g", "we will win this war now")])]
    pred = [
        Document(
            "d",
            text,
            quotes=[quote(text, "a", "we will win"), quote(text, "b", "this war now")],
        )
    ]
    r = m.score(gold, pred)
    # each piece shares 3 of the gold's 6 tokens (3*2 >= 6, >= 3): both eligible, one matches
    assert r["quote"]["matched"] == 1
    assert (r["quote"]["precision"], r["quote"]["recall"]) == (0.5, 1.0)
    # the tokens all agree: P = R = 6/6
    assert r["content"]["precision"] == r["content"]["recall"] == 1.0


def test_matching_maximises_pairs_not_greedy() -> None:
    text = "alpha beta gamma delta epsilon zeta eta"
    tok = m.Tokens(text)
    g_a, g_b = tok.of(sp(text, "beta gamma")), tok.of(sp(text, "delta epsilon zeta"))
    p_1, p_2 = tok.of(sp(text, "beta gamma delta epsilon")), tok.of(sp(text, "alpha beta"))
    # p1-gA: shared 2, Jaccard 2/4 = 0.5; p1-gB: shared 2 (4 >= 3, 4 >= 4), Jaccard 2/5;
    # p2-gA: shared 1 (2 >= 2, 2 >= 2), Jaccard 1/3; p2-gB: none.
    # Greedy by Jaccard takes p1-gA first and ends with 1 pair; the maximum is 2 pairs.
    assert m.match_quotes([g_a, g_b], [p_1, p_2]) == [(0, 1), (1, 0)]


def test_speaker_by_name_and_by_mention() -> None:
    text = "Kim and Putin said that they agree."
    content = "they agree"

    def q(speaker: str | None = None, mention: str | None = None) -> Quote:
        return quote(text, "q", content, speaker=speaker, mention=mention)

    # names: case, spacing and the order of &-joined names do not matter
    assert m.speaker_correct(q("Kim Jong Un & Vladimir Putin"), q("vladimir  putin & KIM jong un"))
    # different names, but the mentions share characters ("Kim" within "Kim and Putin")
    assert m.speaker_correct(q("Kim Jong Un", "Kim"), q("Kim Jong-un", "Kim and Putin"))
    # different names, disjoint mentions
    assert not m.speaker_correct(q("Kim Jong Un", "Kim"), q("Vladimir Putin", "Putin"))
    # gold with a name only, prediction with a mention only: nothing to compare -> wrong
    assert not m.speaker_correct(q("Kim Jong Un"), q(None, "Kim"))
    # gold with neither: right only when the prediction has neither
    assert m.speaker_correct(q(), q())
    assert not m.speaker_correct(q(), q("Kim Jong Un"))
    assert not m.speaker_correct(q(), q(None, "Kim"))


def test_canonical_name_accuracy_ignores_mentions() -> None:
    """`speaker_name` judges the name a reader sees: an overlapping mention with a wrong name is
    a right speaker but a wrong name; gold quotes without a name are not counted."""
    text = "The Deputy Secretary said that talks went well. Officials said that it rained."
    gold = [
        Document(
            "d",
            text,
            quotes=[
                quote(text, "g1", "talks went well", speaker="Sherman", mention="The Deputy"),
                quote(text, "g2", "it rained", mention="Officials"),
            ],
        )
    ]
    wrong_name = quote(
        text, "p1", "talks went well", speaker="Park Jin", mention="Deputy Secretary"
    )
    pred = [Document("d", text, quotes=[wrong_name, quote(text, "p2", "it rained")])]
    result = m.score(gold, pred)
    assert result["speaker"]["correct"] == 1  # the mentions overlap; g2 has no name to compare
    assert result["speaker_name"] == {"n": 1, "correct": 0, "accuracy": 0.0}
    right_name = [Document("d", text, quotes=[replace(wrong_name, speaker="sherman")])]
    assert m.score(gold, right_name)["speaker_name"]["correct"] == 1


def test_target_found_mention_and_name_on_matched_quotes() -> None:
    """Targets are judged on matched quotes whose gold has a target mention: found (a target or
    a mention), the mention sharing at least half of each side's tokens, the same name."""
    text = (
        "Blinken condemned the DPRK's recent missile launches. He praised Japan's role. "
        "He said it rained. He said talks went well."
    )

    def q(content: str, target: str | None, mention: str | None, qid: str = "q") -> Quote:
        tm = sp(text, mention, content) if mention else None
        return quote(text, qid, content, target=target, target_mention=tm)

    gold = [
        Document(
            "d",
            text,
            quotes=[
                q(
                    "the DPRK's recent missile launches",
                    "North Korea",
                    "the DPRK's recent missile launches",
                    "g1",
                ),
                q("Japan's role", "Japan", "Japan's role", "g2"),
                q("it rained", "weather", "it rained", "g3"),
                q("talks went well", None, None, "g4"),  # no gold target: not judged
            ],
        )
    ]
    pred = [
        Document(
            "d",
            text,
            quotes=[
                # "DPRK ' s recent missile launches" (6 tokens) shares 6 of gold's 7: 2*6 >= 7
                q(
                    "the DPRK's recent missile launches",
                    "north korea",
                    "DPRK's recent missile launches",
                ),
                # "Japan" (1 token) shares 1 of "Japan ' s role" (4): 2*1 < 4
                q("Japan's role", "Japan", "Japan"),
                q("it rained", None, None),  # nothing found
                q("talks went well", "talks", "talks"),
            ],
        )
    ]
    result = m.score(gold, pred)
    assert result["target_found"] == {"n": 3, "correct": 2, "accuracy": 2 / 3}
    assert result["target_mention"] == {"n": 3, "correct": 1, "accuracy": 1 / 3}
    assert result["target_name"] == {"n": 3, "correct": 2, "accuracy": 2 / 3}  # case ignored
    report = m.format_report({"model": result}, "t")
    assert "| mention overlaps gold (≥ ½) | 0.333 (1/3) |" in report


def test_stance_unknown_gold_skipped_and_missing_prediction_wrong() -> None:
    s = m.stance_scores(["favor", None, "neutral"], ["favor", "neutral", None])
    # item 2 skipped (gold unknown, its "neutral" prediction not counted); item 3 no prediction
    assert (s["n"], s["skipped_unknown_gold"], s["correct"], s["accuracy"]) == (2, 1, 1, 0.5)
    assert s["confusion"] == [[1, 0, 0], [0, 0, 0], [0, 0, 0]]
    assert s["no_prediction"] == [0, 0, 1]
    # favor: P = R = F1 = 1; neutral: support 1, predicted 0 -> P 0.0, R 0, F1 0;
    # against occurs nowhere -> left out of the macro average: (1 + 0) / 2
    assert s["per_class"]["neutral"]["support"] == 1
    assert s["per_class"]["neutral"]["predicted"] == 0
    assert s["macro_classes"] == ["favor", "neutral"]
    assert s["macro_f1"] == 0.5


def test_stance_macro_f1_three_by_three() -> None:
    confusion = [[3, 1, 0], [0, 1, 1], [2, 0, 2]]  # gold rows favor, against, neutral
    labels = ("favor", "against", "neutral")
    gold, pred = [], []
    for i, row in enumerate(confusion):
        for j, count in enumerate(row):
            gold += [labels[i]] * count
            pred += [labels[j]] * count
    s = m.stance_scores(gold, pred)
    assert s["confusion"] == confusion
    # accuracy (3 + 1 + 2) / 10 = 0.6
    assert (s["n"], s["correct"], s["accuracy"]) == (10, 6, 0.6)
    # favor: tp 3, predicted 3+0+2 = 5, support 4 -> P 3/5, R 3/4, F1 2*3/(5+4) = 2/3
    # against: tp 1, predicted 2, support 2 -> P = R = F1 = 1/2
    # neutral: tp 2, predicted 3, support 4 -> P 2/3, R 1/2, F1 2*2/(3+4) = 4/7
    fav = s["per_class"]["favor"]
    assert (fav["precision"], fav["recall"]) == (pytest.approx(3 / 5), pytest.approx(3 / 4))
    assert fav["f1"] == pytest.approx(2 / 3)
    assert s["per_class"]["against"]["f1"] == pytest.approx(1 / 2)
    assert s["per_class"]["neutral"]["f1"] == pytest.approx(4 / 7)
    # macro: (2/3 + 1/2 + 4/7) / 3 = (28 + 21 + 24) / 42 / 3 = 73/126
    assert s["macro_f1"] == pytest.approx(73 / 126)


def test_stance_scores_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="length"):
        m.stance_scores(["favor"], [])
    with pytest.raises(ValueError, match="positive"):
        m.stance_scores(["favor"], ["positive"])


def test_zero_denominators() -> None:
    r = m.score([], [])
    json.dumps(r)
    assert r["quote"] == {
        "gold": 0, "predicted": 0, "matched": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0
    }  # fmt: skip
    assert r["content"]["f1"] == 0.0 and r["speaker"]["accuracy"] == 0.0
    assert r["stance"]["accuracy"] == 0.0 and r["stance"]["macro_f1"] == 0.0
    assert r["stance"]["macro_classes"] == []
    s = m.stance_scores([], [])
    assert (s["n"], s["accuracy"], s["macro_f1"]) == (0, 0.0, 0.0)


def test_gold_document_without_prediction_is_all_missed() -> None:
    gold, pred = two_docs()
    r = m.score(gold, pred[:1] + [Document("other", "Some other text.")])
    assert r["documents"]["missing_prediction"] == ["d2"]
    assert r["documents"]["extra_prediction"] == ["other"]
    # g3 missed, p3 gone: gold 3, predicted 2, matched 2 -> P 1, R 2/3
    assert (r["quote"]["gold"], r["quote"]["predicted"], r["quote"]["matched"]) == (3, 2, 2)
    assert r["quote"]["precision"] == 1.0
    # content: gold 14 tokens, pred 8, shared 7 -> R 7/14
    assert r["content"]["recall"] == 0.5
    # nothing predicted at all: recall 0, precision 0.0 over 0 predicted
    none = m.score(gold, [])
    assert none["quote"]["recall"] == 0.0 and none["quote"]["predicted"] == 0


def test_inconsistent_input_is_an_error() -> None:
    gold, pred = two_docs()
    with pytest.raises(ValueError, match="duplicate"):
        m.score(gold + gold[:1], pred)
    with pytest.raises(ValueError, match="text differs"):
        m.score(gold, [Document("d1", T1 + " More.")])
    pred[0].quotes[1].content = Span(0, 3, "Tim")
    with pytest.raises(ValueError, match="quote p2: content offsets 0-3 cover 'Kim'"):
        m.score(gold, pred)
    pred[0].quotes[1].content = Span.of(T1, 0, 3)
    pred[0].quotes[0].type = "reported"
    with pytest.raises(ValueError, match="reported"):
        m.score(gold, pred)


def test_common_speaker_accuracy_judges_every_system_on_the_same_quotes() -> None:
    gold, pred_a = two_docs()  # a matches g1 (speaker right) and g2 (wrong)
    pred_b = [
        Document("d1", T1, quotes=[quote(T1, "b1", "We will win this war", speaker="Putin")]),
        # "the sanctions are illegal": 4 of g3's 6 tokens -> matches g3; mention overlaps -> right
        Document("d2", T2, quotes=[quote(T2, "b2", "the sanctions are illegal", mention="Lavrov")]),
    ]
    # each on its own matched quotes: a 1/2 (g1 right, g2 wrong), b 1/2 (g1 wrong, g3 right)
    assert (
        m.score(gold, pred_a)["speaker"]["accuracy"]
        == m.score(gold, pred_b)["speaker"]["accuracy"]
        == 0.5
    )
    # on the quotes both matched (g1 only): a right, b wrong
    common = m.common_speaker_accuracy(gold, {"a": pred_a, "b": pred_b})
    assert common == {
        "a": {"n": 1, "correct": 1, "accuracy": 1.0},
        "b": {"n": 1, "correct": 0, "accuracy": 0.0},
    }
    # a system with no prediction for a document matches nothing there: nothing in common
    assert m.common_speaker_accuracy(gold, {"a": pred_a, "none": []})["a"]["n"] == 0
    results = {"a": m.score(gold, pred_a) | {"speaker_common": common["a"]}}
    assert "| speaker accuracy (quotes every system matched) | 1.000 (1/1) |" in m.format_report(
        results, "paired"
    )


def test_format_report_side_by_side() -> None:
    gold, pred = two_docs()
    results = {"model": m.score(gold, pred), "baseline": m.score(gold, [])}
    text = m.format_report(results, "Seed evaluation")
    assert text.startswith("# Seed evaluation\n")
    assert "| metric | model | baseline |" in text
    assert "| quote (overlap ≥ ½) F1 | 0.667 | 0.000 |" in text
    assert "| exact span recall | 0.333 (1/3) | 0.000 (0/3) |" in text
    assert "| indirect | 0.500 (1/2) | 0.000 (0/2) |" in text
    assert "| favor | 1 | 0 | 0 | 0 |" in text  # model's confusion row
    # a bare stance_scores result (NewsMTSC) gets only the stance tables
    news = m.format_report({"newsmtsc": m.stance_scores(["favor"], ["against"])}, "NewsMTSC")
    assert "## Stance" in news and "Quote spans" not in news
    assert "| accuracy | 0.000 (0/1) |" in news


def test_report_shows_no_rate_over_nothing() -> None:
    """Gold without types or stances (as PolNeAR) reports no 0.000 for type or stance figures."""
    gold, pred = two_docs()
    untyped = [
        Document(d.id, d.text, quotes=[replace(q, type=None, stance=None) for q in d.quotes])
        for d in gold
    ]
    text = m.format_report({"model": m.score(untyped, pred), "none": m.score(untyped, [])}, "t")
    assert "quote type accuracy" not in text and "| accuracy |" not in text
    assert "macro-F1" not in text and "favor F1" not in text
    assert "| skipped (gold stance unknown) | 2 | 0 |" in text  # the two matched quotes
    assert "Stance confusion" not in text
    assert "| direct |" not in text.split("Quote recall by gold type")[1].split("##")[0]
    # a system that predicts nothing has no precision, but its recall and F1 are 0
    assert "| quote (overlap ≥ ½) precision | 0.667 (2/3) | – |" in text
    assert "| quote (overlap ≥ ½) recall | 0.667 (2/3) | 0.000 (0/3) |" in text
    assert "| quote (overlap ≥ ½) F1 | 0.667 | 0.000 |" in text


def test_plots_write_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    gold, pred = two_docs()
    results = {"model": m.score(gold, pred), "baseline": m.score(gold, [])}
    for path in (
        m.plot_stance_confusion(results["model"], tmp_path / "confusion.png"),
        m.plot_stance_confusion(m.stance_scores(["favor"], [None]), tmp_path / "none.png"),
        m.plot_by_type(results, tmp_path / "by_type.png"),
        m.plot_by_type({"empty": m.score([], [])}, tmp_path / "empty.png"),
    ):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
