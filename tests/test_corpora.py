"""Corpus readers: synthetic fixtures for every known pitfall, and a check over the real corpora."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from annotation.corpora import cli, newsmtsc, polnear, state_dept
from annotation.paths import corpus_dir
from annotation.schema import Document, Quote, Span, document_problems, read_jsonl

TEXT = (
    'Smith said "We will win." "It is over," Jones said, "and we are done."\n'
    'The senator added that taxes are high. Brown, the mayor, noted "jobs" and "growth".\n'
    "A leak is suspected.\n"
    '"First line.\n\nSecond line," Lee wrote.\n'
    "Kim and Park both said no.\n"
)
STEM = "pub_2016-01-01_alpha"


def off(sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return start, start + len(sub)


def t_line(tid: str, label: str, *pieces: tuple[int, int], covered: str | None = None) -> str:
    offsets = ";".join(f"{s} {e}" for s, e in pieces)
    text = " ".join(TEXT[s:e] for s, e in pieces) if covered is None else covered
    return f"{tid}\t{label} {offsets}\t{text}"


ANN = [
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",  # E before its T lines
    t_line("T1", "Source", off("Smith")),
    t_line("T2", "Cue", off("said")),
    t_line("T3", "Content", off('"We will win."')),
    t_line("T4", "Attribution", off("said")),
    t_line("T5", "Content", off('"It is over,"'), off('"and we are done."')),  # discontinuous
    t_line("T6", "Cue", off("said", 1)),
    t_line("T7", "Source", off("Jones")),
    "E2\tAttribution:T6 Content:T5 Cue:T6 Source:T7",
    t_line("T8", "Source", off("Brown"), off("the mayor")),  # short hull
    t_line("T9", "Cue", off("noted")),
    t_line("T10", "Content", off('"jobs"')),
    t_line("T11", "Content", off('"growth"')),
    "E3\tAttribution:T9 Source:T8 Cue:T9 Content:T10 Content2:T11",
    t_line("T12", "Cue", off("is suspected")),
    t_line("T13", "Content", off("A leak")),
    "E4\tAttribution-no-source:T12 Cue:T12 Content:T13",
    t_line("T14", "Discuss", off("added")),
    t_line("T15", "Content", off("that taxes are high")),
    t_line("T16", "Source", off("The senator")),
    "E5\tAttribution:T14 Source:T16 Cue:T14 Content:T15",
    t_line("T17", "Discard", off("A leak is suspected.")),
    t_line("T18", "Content", off('"First line.\n\nSecond line,"')),  # covered text over 3 lines
    t_line("T19", "Cue", off("wrote")),
    t_line("T20", "Source", off("Lee")),
    "E6\tAttribution:T19 Content:T18 Cue:T19 Source:T20",
    t_line("T21", "Source", off("Kim and Park"), covered="Kim and Pork"),  # bad offset
    t_line("T22", "Cue", off("said", 2)),
    t_line("T23", "Content", off("no")),
    "E7\tAttribution:T22 Content:T23 Cue:T22 Source:T21",
    "E8\tAttribution:T4 Content:T3 Cue:T2 Source:T1",  # duplicate of E1
    "E9\tAttribution-no-source:T12",  # no content
]
OTHER_ANN = [t_line("T1", "Content", off("A leak")), "E1\tAttribution-no-source:T1 Content:T1"]
EXPECTED = [
    ("E1", '"We will win."', "said", "Smith"),
    ("E2", '"It is over,"', "said", "Jones"),
    ("E2.2", '"and we are done."', None, "Jones"),
    ("E3", '"jobs"', "noted", "Brown, the mayor"),
    ("E3.2", '"growth"', None, "Brown, the mayor"),
    ("E4", "A leak", "is suspected", None),
    ("E6", '"First line.\n\nSecond line,"', "wrote", "Lee"),
]


@pytest.fixture
def polnear_root(tmp_path: Path) -> Path:
    root = tmp_path / "polnear"
    for part in polnear.PARTS:
        (root / part / "text").mkdir(parents=True)
        (root / part / "attributions").mkdir()
    (root / "train" / "text" / f"{STEM}.txt").write_text(TEXT, encoding="utf-8")
    ann_dir = root / "train" / "attributions"
    (ann_dir / f"{STEM}_9f3e.ann").write_text("\n".join(OTHER_ANN) + "\n", encoding="utf-8")
    (ann_dir / f"{STEM}_4e07.ann").write_text("\n".join(ANN) + "\n", encoding="utf-8")
    return root


def quote_rows(doc) -> list[tuple]:
    return [
        (q.id, q.content.text, q.cue and q.cue.text, q.speaker_mention and q.speaker_mention.text)
        for q in doc.quotes
    ]


def test_polnear_pitfalls(polnear_root: Path) -> None:
    counts: Counter[str] = Counter()
    docs, errors = polnear.read_polnear("train", polnear_root, counts)
    assert [d.id for d in docs] == [STEM]
    doc = docs[0]
    assert doc.meta == {
        "corpus": "polnear",
        "part": "train",
        "publisher": "pub",
        "annotator": "4e07",
    }
    assert quote_rows(doc) == EXPECTED
    assert all(q.type is q.stance is q.speaker is q.target is None for q in doc.quotes)
    assert document_problems(doc) == []
    # the bad span: one error naming file, line and span; its event is skipped
    lines = "\n".join(ANN).split("\n")
    bad_line = next(n for n, line in enumerate(lines, 1) if line.startswith("T21\t"))
    assert bad_line == 29  # T18's covered text runs over three lines
    assert len(errors) == 1
    assert errors[0].where == {
        "file": str(polnear_root / "train" / "attributions" / f"{STEM}_4e07.ann"),
        "line": bad_line,
        "span": "T21",
    }
    assert "Kim and Pork" in errors[0].message
    assert counts["events"] == 9
    assert counts["quotes"] == 7
    assert counts["continuation quotes"] == 2
    assert counts["skipped: uses a Discuss span"] == 1
    assert counts["skipped: no content"] == 1
    assert counts["skipped: bad span"] == 1
    assert counts["duplicates dropped"] == 1
    assert counts["no source"] == 1
    assert counts["discontinuous"] == 1
    assert counts["multi-content"] == 1
    assert counts["texts with several annotators"] == 1
    assert counts["annotation files ignored"] == 1


def test_polnear_empty_part_and_bad_part(polnear_root: Path) -> None:
    assert polnear.read_polnear("dev", polnear_root) == ([], [])
    with pytest.raises(ValueError):
        polnear.read_polnear("test", polnear_root)


def test_polnear_long_discontinuous_source_takes_first_piece() -> None:
    text = "Kim" + ", and" * 14 + " Park"
    assert polnear._short_span([(len(text) - 4, len(text)), (0, 3)], text).text == "Kim"
    assert polnear._short_span([(0, 3), (4, 8)], "Kim\nPark").text == "Kim"
    assert polnear._short_span([(0, 3), (8, 12)], "Kim and Park").text == "Kim and Park"


def test_polnear_env_override(polnear_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTESTANCE_POLNEAR", str(polnear_root))
    docs, _ = polnear.read_polnear("train")
    assert quote_rows(docs[0]) == EXPECTED


def test_missing_corpus_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("QUOTESTANCE_NEWSMTSC", str(tmp_path / "nowhere"))
    assert cli.main(["newsmtsc"]) == 2
    err = capsys.readouterr().err
    assert "QUOTESTANCE_NEWSMTSC" in err
    assert "git clone https://github.com/fhamborg/NewsMTSC" in err
    assert "Traceback" not in err


def test_cli_writes_polnear_jsonl(
    polnear_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("QUOTESTANCE_POLNEAR", str(polnear_root))
    out = tmp_path / "out" / "polnear.jsonl"
    assert cli.main(["polnear", "--part", "train", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "quotes: 7" in printed and "errors: 1" in printed and "T21" in printed
    docs, errors = read_jsonl(out)
    assert errors == [] and quote_rows(docs[0]) == EXPECTED
    assert cli.main(["all", "--out", str(out)]) == 2
    assert cli.main(["polnear", "--part", "devtest_mt"]) == 2


NEWSMTSC_LINES = [
    json.dumps(
        {
            "primary_gid": "g1",
            "sentence_normalized": "Trump praised Putin.",
            "targets": [
                {"Input.gid": "g1", "from": 0, "to": 5, "mention": "Trump", "polarity": 2.0},
                {"Input.gid": "g1b", "from": 14, "to": 19, "mention": "Putin", "polarity": 6.0},
            ],
        }
    ),
    "{not json",
    json.dumps(
        {
            "sentence_normalized": "Clinton spoke.",
            "targets": [
                {"Input.gid": "g2", "from": 0, "to": 7, "mention": "Clinton", "polarity": 4.0},
                {"Input.gid": "g2b", "from": 0, "to": 6, "mention": "Clinton", "polarity": 4.0},
            ],
        }
    ),
    "",
    json.dumps(
        {
            "sentence_normalized": "Trump praised Putin.",
            "targets": [{"Input.gid": "g3", "from": 0, "to": 5, "mention": "Trump", "polarity": 2}],
        }
    ),
    json.dumps(
        {
            "sentence_normalized": "Sanders won.",
            "targets": [
                {"Input.gid": "g4", "from": 0, "to": 7, "mention": "Sanders", "polarity": 5.0}
            ],
        }
    ),
]


def test_newsmtsc(tmp_path: Path) -> None:
    (tmp_path / "train.jsonl").write_text("\n".join(NEWSMTSC_LINES) + "\n", encoding="utf-8")
    counts: Counter[str] = Counter()
    examples, errors = newsmtsc.read_newsmtsc("train", tmp_path, counts)
    assert [(e.id, e.target, e.target_start, e.target_end, e.stance) for e in examples] == [
        ("g1", "Trump", 0, 5, "against"),
        ("g1b", "Putin", 14, 19, "favor"),
        ("g2", "Clinton", 0, 7, "neutral"),
    ]
    assert examples[0].text == "Trump praised Putin."
    assert [e.where["line"] for e in errors] == [2, 3, 4, 6]
    assert "Clinto" in errors[1].message and "bad target 2" in errors[1].message
    assert counts["duplicate targets dropped"] == 1
    assert counts["sentences"] == 4
    with pytest.raises(ValueError):
        newsmtsc.StanceExample("x", "abc", "ab", 0, 2, "positive")


def test_state_dept(tmp_path: Path) -> None:
    def release(i: int, text: str = "The Secretary condemned the attack.") -> str:
        obj = {"id": f"r{i}", "title": "T", "date": "Wed, 03 Aug 2022 19:49:23 +0000"}
        return json.dumps(
            {**obj, "author": "A", "url": "u", "license": "public domain", "text": text}
        )

    lines = [release(1), "{bad", "  ", json.dumps({"id": "r9"}), release(1), release(2, "")]
    (tmp_path / "press_releases.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = state_dept.read_state_dept(root=tmp_path)
    assert [d.id for d in docs] == ["r1", "r1--2"]
    assert docs[1].meta["source_id"] == "r1"
    assert docs[0].quotes == []
    assert docs[0].meta == {
        "title": "T",
        "date": "2022-08-03T19:49:23+00:00",
        "author": "A",
        "url": "u",
        "license": "public domain",
        "corpus": "state_dept",
    }
    assert [e.where["line"] for e in errors] == [2, 3, 4, 6]
    assert [d.id for d in state_dept.read_state_dept(limit=1, root=tmp_path)[0]] == ["r1"]
    assert next(state_dept.iter_state_dept(tmp_path)).id == "r1"


def test_polnear_annotator_sets_and_human_agreement(polnear_root: Path, capsys) -> None:
    from evaluation import human_agreement as ha

    (docs,) = polnear.annotator_sets("train", polnear_root)
    assert [d.meta["annotator"] for d in docs] == ["4e07", "9f3e"]  # sorted: read_polnear's first
    assert [len(d.quotes) for d in docs] == [7, 1]
    assert polnear.annotator_sets("dev", polnear_root) == []
    # 9f3e marks only "A leak" (no source), which 4e07 has too (E4, no source):
    # both orders: 7 + 1 gold, 1 + 7 predicted, 1 + 1 matched -> P = R = F1 = 2/8;
    # the speakers agree (both none), so attribution is 2/8 as well
    every = ha.human_agreement([docs])
    assert (every["texts"], every["annotations"], every["pairs"]) == (1, 2, 2)
    assert (every["quote"]["gold"], every["quote"]["predicted"], every["quote"]["matched"]) == (
        8,
        8,
        2,
    )
    assert every["quote"]["f1"] == every["attribution"]["f1"] == pytest.approx(2 / 8)
    # first annotator as gold: 1 of 7 found, the one found is right
    first = ha.human_agreement([docs], "first")
    assert (first["quote"]["precision"], first["quote"]["recall"]) == (1.0, pytest.approx(1 / 7))
    with pytest.raises(ValueError, match="pairs"):
        ha.human_agreement([docs], "some")
    ha.main(["--root", str(polnear_root), "--parts", "train"])
    out = capsys.readouterr().out
    assert "1 texts, 2 annotations, 2 ordered pairs" in out
    assert "| quote F1 | 0.250 | 0.250 |" in out
    with pytest.raises(SystemExit, match="no PolNeAR text"):
        ha.main(["--root", str(polnear_root), "--parts", "dev"])
    run = polnear_root / "metrics.json"
    common = {"n": 4, "correct": 3, "accuracy": 0.75}
    dev = {"model": first | {"speaker_common": common}, "baseline": every}
    run.write_text(json.dumps({"eval": {"polnear_dev": dev}}))
    ha.main(["--root", str(polnear_root), "--parts", "train", "--metrics", str(run)])
    out = capsys.readouterr().out
    assert "| quote F1 | 0.250 | 0.250 | 0.250 | 0.250 |" in out
    assert "| speaker accuracy (quotes both systems matched) |  |  | 0.750 |  |" in out
    run.write_text(json.dumps({"tagger": {"steps": 1}}))  # a run trained with evaluate=false
    with pytest.raises(SystemExit, match="no PolNeAR dev evaluation"):
        ha.main(["--root", str(polnear_root), "--parts", "train", "--metrics", str(run)])


def test_polnear_speech_only_drops_thought_and_plan_attributions(polnear_root: Path) -> None:
    (doc,) = polnear.read_polnear("train", polnear_root)[0]
    # E4 "A leak" / "is suspected" is a perception, not speech; said / noted / wrote stay
    assert [q.id for q in polnear.speech_only(doc).quotes] == [
        "E1",
        "E2",
        "E2.2",
        "E3",
        "E3.2",
        "E6",
    ]
    text = 'Kim hopes "to win" and "to stay," Lee said.'

    def q(qid: str, content: str, cue: str | None) -> Quote:
        c = text.index(content)
        k = text.index(cue) if cue else None
        return Quote(
            qid, Span.of(text, c, c + len(content)), cue=cue and Span.of(text, k, k + len(cue))
        )

    plans = Document("d", text, {}, [q("E1", "to win", "hopes"), q("E1.2", "to stay", None)])
    assert polnear.speech_only(plans).quotes == []  # the continuation goes with its quote
    said = Document("d", text, {}, [q("E2", "to stay", "said")])
    assert polnear.speech_only(said).quotes == said.quotes


def _real(name: str) -> Path:
    try:
        return corpus_dir(name)
    except FileNotFoundError:
        pytest.skip(f"corpus {name} not available")


def test_real_polnear() -> None:
    root = _real("polnear")
    for part, n_docs, n_shared in (("train", 840, 16), ("dev", 84, 2)):
        counts: Counter[str] = Counter()
        docs, errors = polnear.read_polnear(part, root, counts)
        assert len(docs) == n_docs and errors == []
        assert counts["texts with several annotators"] == n_shared
        sets = polnear.annotator_sets(part, root)
        assert len(sets) == n_shared and all(len(s) >= 5 for s in sets)
        assert {s[0].id: s[0].quotes for s in sets} == {
            d.id: d.quotes for d in docs if d.id in {s[0].id for s in sets}
        }
        assert all(document_problems(d) == [] for d in docs)
        assert len({d.meta["publisher"] for d in docs}) <= 7
        quotes = [q for d in docs for q in d.quotes]
        assert counts["quotes"] == len(quotes) > counts["events"] * 0.9
        assert all(q.stance is None and q.type is None for q in quotes)
        assert all("\n" not in q.cue.text for q in quotes if q.cue)


def test_real_newsmtsc() -> None:
    root = _real("newsmtsc")
    counts: Counter[str] = Counter()
    examples, errors = newsmtsc.read_newsmtsc("train", root, counts)
    assert errors == [] and counts["sentences"] == 7758
    assert len(examples) + counts["duplicate targets dropped"] == 8739
    assert set(Counter(e.stance for e in examples)) == {"favor", "against", "neutral"}
    counts = Counter()
    examples, errors = newsmtsc.read_newsmtsc("devtest_mt", root, counts)
    assert errors == [] and counts["sentences"] == 721
    assert len(examples) + counts["duplicate targets dropped"] >= 2 * 721


def test_real_state_dept() -> None:
    docs, errors = state_dept.read_state_dept(root=_real("state_dept"))
    assert len(docs) == 2015 and errors == []
    assert len({d.id for d in docs}) == len(docs)
    assert all(len(d.text) >= 200 for d in docs)
