"""`versus new KIND ID`: a record that fails validation only where a person must write."""

from __future__ import annotations

from pathlib import Path

import pytest

import versus
from support import run_versus
from versus.kinds import KINDS


@pytest.mark.parametrize("kind", [k for k in KINDS])
def test_new_record_fails_only_on_the_fields_to_fill(kind, kb_copy: Path) -> None:
    result = run_versus("new", kind.name, "brand-new", "--data-dir", str(kb_copy))
    assert result.returncode == 0, result.stderr
    path = kb_copy / kind.folder / "brand-new.yaml"
    assert path.is_file() and "FILL IN" in path.read_text()
    rules = {d.rule for d in versus.load(kb_copy).diagnostics if d.file == str(path)}
    assert rules == {"unfilled"}
    others = {d.rule for d in versus.load(kb_copy).diagnostics if d.file != str(path)}
    # A new subject must then be rated by every factor: that is the only other complaint.
    assert others == ({"missing-rating"} if kind.name == "subject" else set())


def test_new_refuses_bad_input(kb_copy: Path) -> None:
    assert run_versus("new", "tools", "x", "--data-dir", str(kb_copy)).returncode == 2  # folder, not kind
    assert "did you mean 'tool'" in run_versus("new", "tol", "x", "--data-dir", str(kb_copy)).stderr
    assert run_versus("new", "tool", "Bad_Id", "--data-dir", str(kb_copy)).returncode == 2
    existing = run_versus("new", "tool", "alpha-compile", "--data-dir", str(kb_copy))
    assert existing.returncode == 2 and "already exists" in existing.stderr
