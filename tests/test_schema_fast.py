"""The compiled schema check (jsonschema-rs) says yes exactly where jsonschema finds no error.

Validation asks the compiled check first and walks a record with jsonschema only when it says no,
so a record it wrongly accepted would lose its diagnostics. These tests run both on every record
of every fixture, on the site's own data, and on values where the two regex dialects differ.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from support import FIXTURES, ROOT
from versus.diagnostics import Report
from versus.kinds import KIND_BY_FOLDER, KINDS
from versus.load import discover, load_file
from versus.schema import PY_SPACE, fast_valid, fast_validator
from versus.schema.diagnose import validator


def _records():
    """(label, kind, data) for every record file that parses, under the fixtures and data/."""
    found = []
    for folder in [ROOT / "data", *sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "bad")]:
        for path, kind in discover(folder, Report()):
            record = load_file(path, kind, Report())
            if record is not None:
                found.append((str(path.relative_to(ROOT)), kind, record.data))
    for path in sorted((FIXTURES / "bad").glob("*.yaml")):  # each names the file it stands for
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if not first.startswith("# target: "):
            continue
        folder = first.removeprefix("# target: ").split("/")[0]
        kind = "settings" if folder == "versus.yaml" else KIND_BY_FOLDER.get(folder)
        record = load_file(path, kind, Report()) if kind else None
        if record is not None:
            found.append((str(path.relative_to(ROOT)), kind, record.data))
    return found


RECORDS = _records()


def test_every_kind_is_compiled() -> None:
    # A kind left to jsonschema alone (a pattern the two dialects read differently) stays correct
    # but slow; none of the shipped schemas needs that.
    assert all(fast_validator(kind) is not None for kind in [k.name for k in KINDS] + ["settings"])


def test_the_records_cover_valid_and_invalid_files() -> None:
    verdicts = {validator(kind).is_valid(data) for _, kind, data in RECORDS}
    assert verdicts == {True, False} and len(RECORDS) > 200


@pytest.mark.parametrize("label,kind,data", RECORDS, ids=[label for label, _, _ in RECORDS])
def test_compiled_check_agrees_with_jsonschema(label: str, kind: str, data: dict) -> None:
    assert fast_valid(kind, data) == validator(kind).is_valid(data)


def _valid(kind: str) -> dict:
    for _, record_kind, data in RECORDS:
        if record_kind == kind and validator(kind).is_valid(data):
            return copy.deepcopy(data)
    raise AssertionError(f"no valid {kind} record")


# Every character Python's `\s` matches, plus those only ECMA-262's `\s` matches (U+FEFF) and
# neighbours of both; and values whose type or form the two libraries could read differently.
ODD_CHARACTERS = sorted(set(PY_SPACE) | {"\ufeff", "\x84", "\x86", "\u200b", "\u180e"})


@pytest.mark.parametrize("char", ODD_CHARACTERS, ids=[f"U+{ord(c):04X}" for c in ODD_CHARACTERS])
def test_whitespace_in_urls_is_read_alike(char: str) -> None:
    data = _valid("source")
    data["url"] = f"https://example.org/a{char}b"
    assert fast_valid("source", data) == validator("source").is_valid(data)


@pytest.mark.parametrize("value", ["jax\n", "jax ", "JAX", "jax--x", "ja\u0445", 1, 1.0, True, None, [], {},
                                   float("nan"), 10 ** 40])
def test_odd_values_are_read_alike(value) -> None:
    data = _valid("tool")
    for field in ("category", "name", "reviewed"):
        changed = {**data, field: value}
        assert fast_valid("tool", changed) == validator("tool").is_valid(changed), (field, value)
    changed = {**data, "subjects": [value]}
    assert fast_valid("tool", changed) == validator("tool").is_valid(changed), value


def test_order_may_be_written_as_a_whole_float_or_not_at_all() -> None:
    data = _valid("factor")
    for value in (3, 3.0, 3.5, -1, True, "3"):
        changed = {**data, "order": value}
        assert fast_valid("factor", changed) == validator("factor").is_valid(changed), value


def test_a_record_is_walked_by_jsonschema_only_when_invalid(tmp_path: Path) -> None:
    from versus.schema import check_record

    target = tmp_path / "tools"
    target.mkdir()
    source = next(p for p in (ROOT / "data" / "tools").glob("*.yaml"))
    good = target / source.name
    good.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    report = Report()
    assert check_record(load_file(good, "tool", report), report) and not report.items
    bad = target / "bad-one.yaml"
    bad.write_text(source.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    assert not check_record(load_file(bad, "tool", report), report)
    assert [item.rule for item in report.items] == ["unknown-key"]
