"""Smoke training through the real Hydra config (train, save, reload, predict, evaluate)."""

import json
import os
import subprocess
import sys

import pytest
import yaml
from transformers import AutoModelForTokenClassification

from annotation.paths import GOLD_PATH, PROJECT_ROOT, RELEASE_SET_PATHS
from annotation.schema import read_jsonl

os.environ.setdefault("HF_HUB_OFFLINE", "1")
POLNEAR = PROJECT_ROOT.parent / "shared" / "corpora" / "polnear"
needs_corpora = pytest.mark.skipif(
    not POLNEAR.is_dir() and not os.environ.get("QUOTESTANCE_CORPORA"),
    reason="the training corpora are not beside this checkout",
)


def test_config_composes_with_experiment_and_overrides(tmp_path, smoke_cfg):
    cfg = smoke_cfg(tmp_path, "experiment=full", "trainer.lr=1e-5")
    full = yaml.safe_load((PROJECT_ROOT / "conf/experiment/full.yaml").read_text())
    assert cfg.trainer.lr == 1e-5 != full["trainer"]["lr"]  # the command line wins
    assert cfg.trainer.epochs == full["trainer"]["epochs"]
    assert cfg.model.hidden_dropout == full["model"]["hidden_dropout"]
    assert smoke_cfg(tmp_path).trainer.epochs != full["trainer"]["epochs"]
    assert cfg.data.max_length == 128  # debug=smoke composed after the experiment
    assert "test" not in cfg.data.seed_train_splits
    # experiment=speech is experiment=full plus one delta
    speech = smoke_cfg(tmp_path, "experiment=speech")
    assert speech.data.polnear_speech_only and not cfg.data.polnear_speech_only
    assert speech.trainer.epochs == full["trainer"]["epochs"]
    assert speech.trainer.lr == full["trainer"]["lr"]


def test_bf16_auto_trains_under_autocast_only_on_a_cpu_with_native_bf16(monkeypatch):
    import torch

    from training import common

    cpu, gpu = torch.device("cpu"), torch.device("cuda")
    for native in (True, False):
        monkeypatch.setattr(common, "native_bf16", lambda native=native: native)
        assert common.training_bf16("auto", cpu) is native
        assert common.training_bf16("auto", gpu) is False  # measured slower on an H100
        assert common.bf16_pays(cpu) is native and common.bf16_pays(gpu) is False
        assert common.training_bf16(True, cpu) is True and common.training_bf16(False, cpu) is False
    with pytest.raises(ValueError, match="true, false or auto"):
        common.training_bf16("yes", cpu)


@needs_corpora
def test_smoke_train_save_reload_predict_evaluate(tmp_path, smoke_cfg):
    from training.pipeline import QuotePipeline
    from training.train import train

    metrics = train(smoke_cfg(tmp_path))
    model_dir = tmp_path / "model"
    assert metrics["tagger"]["steps"] == 4 and metrics["tagger"]["final_loss"] > 0
    saved = json.loads((tmp_path / "metrics.json").read_text())
    assert saved["tagger"] == metrics["tagger"]
    assert saved["machine"] == metrics["machine"] and metrics["machine"]  # timings name it
    # the tagger alone loads with plain transformers; labels travel in the config
    tagger = AutoModelForTokenClassification.from_pretrained(model_dir)
    assert tagger.config.id2label[1] == "B-CONTENT"
    assert tagger.config.paragraph_mark == "¶"  # the default: line breaks seen as tokens
    assert tagger.config.release_train_sets == []  # evaluated on every release set as a test
    card = (model_dir / "README.md").read_text()
    assert "Intended use" in card and "baseline" in card
    # end-to-end stance on the seed gold; PolNeAR has no stance to score: a dash, not 0.000
    assert "| stance accuracy (matched, found target) | – |" in card
    # the whole pipeline reloads and predicts valid spans on a seed article
    gold, _ = read_jsonl(GOLD_PATH)
    pipe = QuotePipeline(model_dir, precision="fp32")
    assert pipe.paragraph_mark == "¶"
    (doc,) = pipe.predict([gold[0].text])
    for q in doc.quotes:
        assert doc.text[q.content.start : q.content.end] == q.content.text
        assert q.type in ("direct", "indirect", "mixed") and 0 <= q.score <= 1
        # every quote gets a stance: toward its target, or as a whole when it has none
        assert pipe.stance is None or q.stance in ("favor", "against", "neutral")
        assert (q.target is None) == (q.target_mention is None)
    # evaluation wrote metrics for model and baseline side by side, a report and plots
    evaluation = metrics["eval"]
    assert {"polnear_dev", "seeds_test"} <= set(evaluation)
    for name in ("polnear_dev", "seeds_test"):
        assert {"model", "baseline"} <= set(evaluation[name])
        assert evaluation[name]["baseline"]["quote"]["gold"] > 0
        # speaker accuracy on the quotes both matched: the same items for both systems
        common = [evaluation[name][s]["speaker_common"] for s in ("model", "baseline")]
        assert common[0]["n"] == common[1]["n"] <= evaluation[name]["baseline"]["speaker"]["n"]
    # the speech-only PolNeAR set scores the same predictions against fewer gold quotes
    plain, speech = evaluation["polnear_dev"], evaluation["polnear_dev_speech_only"]
    assert speech["model"]["quote"]["predicted"] == plain["model"]["quote"]["predicted"]
    assert speech["model"]["quote"]["gold"] < plain["model"]["quote"]["gold"]
    # the release sets: gold quotes of State Department releases, spans and stance
    for name in RELEASE_SET_PATHS:
        releases = evaluation[name]
        assert releases["model"]["quote"]["gold"] == releases["baseline"]["quote"]["gold"] > 0
        assert evaluation[f"{name}_stance"]["model"]["n"] == releases["model"]["quote"]["gold"]
    written = {p.name for p in tmp_path.glob("predictions_*.jsonl")}
    assert {"predictions_polnear_dev.jsonl", "predictions_seeds_test.jsonl"} <= written
    assert "predictions_polnear_dev_speech_only.jsonl" not in written  # same as polnear_dev
    assert (tmp_path / "report.md").read_text().count("|") > 10
    assert list(tmp_path.glob("*.png"))


@needs_corpora
def test_polnear_speech_only_reaches_the_training_documents(tmp_path, smoke_cfg):
    from annotation.corpora.polnear import NON_SPEECH_CUE
    from training.train import training_documents

    plain = training_documents(smoke_cfg(tmp_path))
    aligned = training_documents(smoke_cfg(tmp_path, "data.polnear_speech_only=true"))
    assert [d.id for d in aligned] == [d.id for d in plain]

    def cues(docs, corpus):
        return [
            q.cue.text for d in docs if d.meta.get("corpus") == corpus for q in d.quotes if q.cue
        ]

    assert any(NON_SPEECH_CUE.search(c) for c in cues(plain, "polnear"))
    assert not any(NON_SPEECH_CUE.search(c) for c in cues(aligned, "polnear"))
    assert cues(aligned, "polnear") and cues(aligned, None) == cues(plain, None) != []  # seeds


@needs_corpora
def test_release_sets_trained_on_join_the_training_data_and_leave_the_test_sets(
    tmp_path, smoke_cfg
):
    from evaluation.evaluate import span_sets, stance_sets
    from training.train import training_documents

    plain = training_documents(smoke_cfg(tmp_path))
    cfg = smoke_cfg(tmp_path, "data.release_train_sets=[releases_dev]", "data.release_oversample=3")
    extended = training_documents(cfg)
    added = extended[len(plain) :]
    assert [d.id for d in extended[: len(plain)]] == [d.id for d in plain]
    releases = {d.id for d in added}
    assert len(added) == 3 * len(releases) and len(releases) >= 10
    assert sum(len(d.quotes) for d in added) > 0

    sets = span_sets(cfg)
    assert "releases_dev" not in sets and "releases_test" in sets
    assert {d.id for d in sets["releases_dev_trained_on"][0]} == releases
    assert "NOT a test" in sets["releases_dev_trained_on"][1]
    assert "releases_dev_trained_on_stance" not in stance_sets(cfg, sets)
    # a model folder names the sets it was trained on, and the evaluation honours it unasked
    by_model = span_sets(smoke_cfg(tmp_path), trained_releases=["releases_test"])
    assert "releases_test_trained_on" in by_model and "releases_test" not in by_model

    with pytest.raises(ValueError, match="releases_typo"):
        training_documents(smoke_cfg(tmp_path, "data.release_train_sets=[releases_typo]"))


@needs_corpora
def test_multirun_writes_one_folder_per_run(tmp_path):
    cmd = [
        sys.executable,
        "-m",
        "training.train",
        "-m",
        "debug=smoke",
        "trainer.lr=1e-5,3e-5",
        "trainer.max_steps=1",
        "evaluate=false",
        "trainer.stance.enabled=false",
        f"paths.output_dir={tmp_path}",
        "run_name=sweep",
    ]
    done = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    runs = sorted(p for p in (tmp_path / "multirun" / "sweep").iterdir() if p.is_dir())
    assert len(runs) == 2
    lrs = set()
    for run in runs:
        assert (run / "model" / "model.safetensors").is_file()
        assert json.loads((run / "metrics.json").read_text())["tagger"]["steps"] == 1
        lrs.add(float((run / ".hydra" / "config.yaml").read_text().split("lr: ")[1].split()[0]))
    assert lrs == {1e-5, 3e-5}


@needs_corpora
def test_int8_pipeline_predicts_the_same_kind_of_output(smoke_model):
    """Dynamic int8 quantization runs the whole pipeline (pointers included) on a seed article."""
    from training.pipeline import QuotePipeline

    gold, _ = read_jsonl(GOLD_PATH)
    text = gold[0].text
    fp32 = QuotePipeline(smoke_model, precision="fp32").predict([text])[0]
    pipe = QuotePipeline(smoke_model, precision="int8")  # device auto: the CPU, GPU or not
    assert pipe.device.type == "cpu"
    int8 = pipe.predict([text])[0]
    assert fp32.quotes, "the smoke model should find some content spans to link"
    assert int8.quotes
    for q in int8.quotes:
        assert text[q.content.start : q.content.end] == q.content.text
        assert 0 <= q.score <= 1


def test_auto_precision_is_bf16_only_where_it_pays(smoke_model, monkeypatch):
    from training import pipeline

    for pays, precision in ((True, "bf16"), (False, "fp32")):
        monkeypatch.setattr(pipeline, "bf16_pays", lambda device, pays=pays: pays)
        assert pipeline.QuotePipeline(smoke_model, device="cpu").precision == precision


def test_model_card_says_which_scheme_the_model_was_trained_to(tmp_path, smoke_cfg):
    from training.card import write_model_card

    for speech, phrase in ((False, "Trained on PolNeAR as annotated"), (True, "speech-only")):
        cfg = smoke_cfg(tmp_path, f"data.polnear_speech_only={str(speech).lower()}")
        card = write_model_card(tmp_path, cfg, {}).read_text()
        assert phrase in card and "_This run was not evaluated._" in card
        assert f"polnear_speech_only: {str(speech).lower()}" in card  # the config block
    for marks, phrase in ((True, "replaced by `¶`"), (False, "without paragraph marks")):
        cfg = smoke_cfg(tmp_path, f"data.paragraph_marks={str(marks).lower()}")
        assert phrase in write_model_card(tmp_path, cfg, {}).read_text()
    for head in (True, False):
        cfg = smoke_cfg(tmp_path, f"model.cue_content={str(head).lower()}")
        assert ("Cue -> content head" in write_model_card(tmp_path, cfg, {}).read_text()) == head
    for rules in (True, False):
        cfg = smoke_cfg(tmp_path, f"trainer.decode.scheme_rules={str(rules).lower()}")
        card = write_model_card(tmp_path, cfg, {}).read_text()
        assert ("drops what the scheme leaves out" in card) == rules
    for bf16 in (True, False):
        card = write_model_card(tmp_path, cfg, {"tagger": {"seconds": 9.5, "bf16": bf16}})
        assert ("Tagger 9.5 s (bf16 autocast)" in card.read_text()) == bf16
    timed = {"machine": "NVIDIA H100", "tagger": {"seconds": 9.5}, "stance": {"seconds": 3.007}}
    card = write_model_card(tmp_path, cfg, timed).read_text()
    assert "Tagger 9.5 s (fp32), stance 3.0 s on NVIDIA H100." in card


def test_paragraph_marks_never_end_up_inside_a_span(smoke_model):
    import torch

    from annotation.schema import Document
    from training.pipeline import Encoded, QuotePipeline
    from training.windows import TAG_ID, TAGS

    pipe = QuotePipeline(smoke_model, precision="fp32", device="cpu")
    assert pipe.paragraph_mark == "¶"
    pipe.decode_args = {"min_content_tokens": 1, "min_score": 0.0}
    text = "Putin said the talks went well.\n\nKim agreed."
    doc = Document("p", text)
    enc = pipe.encode([doc])
    (w,) = enc.windows
    hidden = enc.outputs[0][1]
    pieces = [text[s:e] for s, e in w.offsets]
    assert "\n" in pieces  # the mark is a token of its own
    # pretend the model tags "the talks went well." and the mark after it as one quote's content
    first, mark = pieces.index("the"), pieces.index("\n")
    probs = torch.zeros(len(pieces), len(TAGS))
    probs[:, TAG_ID["O"]] = 1
    probs[first : mark + 1] = torch.eye(len(TAGS))[TAG_ID["I-CONTENT"]]
    probs[first] = torch.eye(len(TAGS))[TAG_ID["B-CONTENT"]]
    (out,) = pipe.decode([doc], Encoded(enc.windows, [(probs, hidden)]))
    # the line break cuts the span; the mark alone is no quote, and no span keeps the break
    assert [q.content.text for q in out.quotes] == ["the talks went well."]


def test_cue_head_adds_contents_that_overlap_nothing_and_keep_their_cue(smoke_model):
    from training.pipeline import QuotePipeline

    gold, _ = read_jsonl(GOLD_PATH)
    doc = gold[0]
    pipe = QuotePipeline(smoke_model, precision="fp32", device="cpu")
    assert pipe.model.cue_content and "cue_content_threshold" in pipe.decode_args
    encoded = pipe.encode([doc])
    args = dict(pipe.decode_args)
    pipe.decode_args = args | {"cue_content_threshold": None}
    (plain,) = pipe.decode([doc], encoded)
    pipe.decode_args = args | {"cue_content_threshold": 0.0}  # every proposal that fits
    (more,) = pipe.decode([doc], encoded)
    before = {(q.content.start, q.content.end) for q in plain.quotes}
    after = [(q.content.start, q.content.end) for q in more.quotes]
    added = [q for q in more.quotes if (q.content.start, q.content.end) not in before]
    assert before <= set(after) and added, "the untrained head proposes something at threshold 0"
    for q in added:
        assert q.cue is not None  # the cue that proposed it
        assert "\n" not in q.content.text
        others = [s for s in after if s != (q.content.start, q.content.end)]
        assert all(min(e, q.content.end) <= max(s, q.content.start) for s, e in others)
    pipe.decode_args = args | {"cue_content_threshold": 1.01}  # nothing is that likely
    (none,) = pipe.decode([doc], encoded)
    assert [q.content for q in none.quotes] == [q.content for q in plain.quotes]


def test_cue_proposals_blend_in_how_sure_the_tags_are(smoke_model):
    """With ``cue_content_blend`` 1 a proposal is as likely as the tags' mean content probability
    over it: here 0.45 on every word (below P(O), so the tags alone decode no content)."""
    import torch

    from annotation.schema import Document
    from training.pipeline import Encoded, QuotePipeline
    from training.windows import TAG_ID, TAGS

    pipe = QuotePipeline(smoke_model, precision="fp32", device="cpu")
    text = "Putin told Kim that he supports the talks and the new rail link."
    doc = Document("b", text)
    enc = pipe.encode([doc])
    (w,) = enc.windows
    pieces = [text[s:e] for s, e in w.offsets]
    probs = torch.zeros(len(pieces), len(TAGS))
    probs[:, TAG_ID["O"]], probs[:, TAG_ID["I-CONTENT"]] = 0.55, 0.45
    probs[pieces.index("told")] = torch.eye(len(TAGS))[TAG_ID["B-CUE"]]
    encoded = Encoded(enc.windows, [(probs, enc.outputs[0][1])])

    def contents(threshold: float, blend: float) -> list[str]:
        pipe.decode_args = {"cue_content_threshold": threshold, "cue_content_blend": blend}
        return [q.content.text for q in pipe.decode([doc], encoded)[0].quotes]

    assert contents(0.4, 1.0) and contents(0.5, 1.0) == []  # the tags' 0.45 decides
    assert contents(0.4, 0.0) == []  # the untrained head alone is far less sure


def test_scheme_rules_drop_planned_speech_and_own_voice_when_decoding(smoke_model, monkeypatch):
    """``trainer.decode.scheme_rules`` (on in experiment=speech) drops what the scheme leaves out,
    from whatever the tagger found; without it the quotes stay as found."""
    from annotation.schema import Document, Quote, Span
    from training.pipeline import QuotePipeline

    text = "The Envoy will discuss a truce. We welcome the talks. Kim said the talks went well."

    def span(words: str) -> Span:
        return Span.of(text, text.index(words), text.index(words) + len(words))

    found = [
        Quote("m1", span("a truce"), cue=span("discuss"), speaker_mention=span("The Envoy")),
        Quote("m2", span("the talks"), cue=span("welcome"), speaker_mention=span("We")),
        Quote("m3", span("the talks went well"), cue=span("said"), speaker_mention=span("Kim")),
    ]
    pipe = QuotePipeline(smoke_model, precision="fp32", device="cpu")
    monkeypatch.setattr(pipe, "_document_quotes", lambda *a: [*found])
    doc = Document("d", text)
    encoded = pipe.encode([doc])
    pipe.decode_args = {"scheme_rules": False}
    assert [q.content.text for q in pipe.decode([doc], encoded)[0].quotes] == [
        "a truce",
        "the talks",
        "the talks went well",
    ]
    pipe.decode_args = {"scheme_rules": True}
    (kept,) = pipe.decode([doc], encoded)[0].quotes
    assert kept.content.text == "the talks went well" and kept.id == "m1"
