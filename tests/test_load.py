"""The loader: positions for every node, and byte-level problems a text fixture cannot hold."""

from __future__ import annotations

import os
import time
from pathlib import Path

from versus.diagnostics import Report
from versus.load import MAX_FILE_BYTES, Position, load_dir, load_file, parse_yaml


def _parse(text: str):
    report = Report()
    return parse_yaml(text, "f.yaml", report), report.sorted()


def test_positions_for_keys_and_values() -> None:
    (data, values, keys), problems = _parse("name: X\nratings:\n  jax:\n    note: fine\nlist:\n  - a\n  - b\n")
    assert problems == []
    assert data == {"name": "X", "ratings": {"jax": {"note": "fine"}}, "list": ["a", "b"]}
    assert values[("name",)] == Position(1, 7)
    assert keys[("ratings", "jax")] == Position(3, 3)
    assert values[("ratings", "jax", "note")] == Position(4, 11)
    assert values[("list", 1)] == Position(7, 5)


def test_dates_stay_as_written_and_keys_stay_strings() -> None:
    (data, _, _), problems = _parse("reviewed: 2026-02-30\non: yes\n2024: x\n")
    assert problems == []
    assert data == {"reviewed": "2026-02-30", "on": True, "2024": "x"}


def test_scalars_are_typed() -> None:
    (data, _, _), _ = _parse("a: 1\nb: 1.5\nc: true\nd: ~\ne: '1'\n")
    assert data == {"a": 1, "b": 1.5, "c": True, "d": None, "e": "1"}


def test_duplicate_keys_in_nested_mappings_are_all_reported() -> None:
    result, problems = _parse("a:\n  x: 1\n  x: 2\nb: 1\nb: 2\n")
    assert result is not None
    assert [(d.line, d.col, d.rule) for d in problems] == [(3, 3, "duplicate-key"), (5, 1, "duplicate-key")]
    assert result[0] == {"a": {"x": 1}, "b": 1}


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    folder = tmp_path / "tools"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path


def _load(path: Path):
    report = Report()
    return load_file(path, "tool", report), report.sorted()


def test_invalid_utf8_points_at_the_byte(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.yaml", b"name: ok\nsummary: caf\xe9\n")
    record, problems = _load(path)
    assert record is None
    assert [(d.line, d.col, d.rule) for d in problems] == [(2, 13, "encoding")]
    assert "0xe9" in problems[0].message


def test_byte_order_mark_is_rejected(tmp_path: Path) -> None:
    record, problems = _load(_write(tmp_path, "x.yaml", b"\xef\xbb\xbfname: x\n"))
    assert record is None and [d.rule for d in problems] == ["encoding"]


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    record, problems = _load(_write(tmp_path, "x.yaml", b"\x00\x01\x02binary"))
    assert record is None and [d.rule for d in problems] == ["encoding"]


def test_oversized_file_is_rejected_without_parsing(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.yaml", b"a: " + b"x" * (50 * MAX_FILE_BYTES))
    started = time.perf_counter()
    record, problems = _load(path)
    assert time.perf_counter() - started < 1.0
    assert record is None and [d.rule for d in problems] == ["file-too-large"]


def test_alias_bomb_is_rejected_fast(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ",".join([f"*{chr(96 + n)}"] * 9) + "]")
    path = _write(tmp_path, "x.yaml", "\n".join(lines).encode())
    started = time.perf_counter()
    record, problems = _load(path)
    assert time.perf_counter() - started < 1.0
    assert record is None and problems[0].rule == "yaml-alias"


def test_top_level_list_is_not_a_record(tmp_path: Path) -> None:
    record, problems = _load(_write(tmp_path, "x.yaml", b"- a\n- b\n"))
    assert record is None and [(d.line, d.col, d.rule) for d in problems] == [(1, 1, "not-a-mapping")]


def test_symlink_outside_the_data_folder_is_rejected(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("name: secret\n")
    data = tmp_path / "data"
    (data / "tools").mkdir(parents=True)
    os.symlink(outside, data / "tools" / "x.yaml")
    report = Report()
    records, _ = load_dir(data, report)
    assert records == []
    assert [d.rule for d in report.sorted()] == ["path-escape"]


def test_non_yaml_files_and_hidden_files_are_ignored(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "tools").mkdir(parents=True)
    (data / "README.md").write_text("# notes\n")
    (data / "tools" / ".draft.yaml").write_text("[broken\n")
    report = Report()
    assert load_dir(data, report) == ([], set())
    assert report.items == []


def test_yml_extension_is_rejected_with_a_fix(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "tools").mkdir(parents=True)
    (data / "tools" / "x.yml").write_text("name: x\n")
    report = Report()
    load_dir(data, report)
    assert [d.rule for d in report.items] == ["bad-id"] and ".yaml" in report.items[0].message
