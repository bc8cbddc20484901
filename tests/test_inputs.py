"""Reading input documents (annotation.inputs): folders, .txt files, JSONL; bad records named."""

from __future__ import annotations

import json

from annotation import inputs
from annotation.schema import Document, Quote, Span


def test_read_folder_takes_ids_from_stems_and_meta_from_metadata(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"Line one.\r\nLine two.")
    (tmp_path / "b.txt").write_bytes(b"caf\xe9")
    (tmp_path / "c.txt").write_text("  \n")
    (tmp_path / "metadata.json").write_text('{"a": {"title": "A", "split": "test"}}')
    docs, errors = inputs.read_folder(tmp_path)
    assert [(d.id, d.text, d.meta) for d in docs] == [
        ("a", "Line one.\r\nLine two.", {"title": "A", "split": "test"})
    ]
    assert sorted(str(e) for e in errors) == [
        f"file {tmp_path / 'b.txt'}: not UTF-8",
        f"file {tmp_path / 'c.txt'}: empty text",
    ]


def test_read_inputs_takes_txt_files_and_reports_ids_repeated_across_inputs(tmp_path):
    (tmp_path / "one.txt").write_text("First text.", encoding="utf-8")
    records = tmp_path / "more.jsonl"
    records.write_text('{"id": "two", "text": "Second."}\n{"id": "one", "text": "Again."}\n')
    docs, errors = inputs.read_inputs([tmp_path / "one.txt", records, tmp_path / "missing"])
    assert [(d.id, d.text) for d in docs] == [("one", "First text."), ("two", "Second.")]
    assert [str(e) for e in errors] == [
        f"file {records}, line 2: duplicate id 'one' (first in {tmp_path / 'one.txt'})",
        f"file {tmp_path / 'missing'}: no such file or folder",
    ]


def test_jsonl_records_and_canonical_documents_with_bad_lines_named(tmp_path):
    canonical = Document(
        "c1", "“Yes,” Kim said.", {"lang": "en"}, [Quote("q9", Span(0, 6, "“Yes,”"))]
    )
    lines = [
        json.dumps({"id": 7, "text": "A text.", "source": "x"}),
        "{not json",
        json.dumps({"id": True, "text": "An id that is a boolean."}),
        json.dumps(canonical.to_json()),
        "",
        json.dumps({"id": "e", "text": "  "}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = inputs.read_inputs([path])
    assert [(d.id, d.meta, d.quotes) for d in docs] == [
        ("7", {"source": "x"}, []),
        ("c1", {"lang": "en"}, []),
    ]
    assert [(e.where["line"], e.message.split(" (")[0]) for e in errors] == [
        (2, "not JSON"),
        (3, "no usable id"),
        (6, "no text"),
    ]
