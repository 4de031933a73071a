"""One bad-input fixture per rule: each names the file, line, column and rule it must produce.

Each file in fixtures/bad/ starts with two comments:
    # target: tools/alpha-compile.yaml   (where it goes in a copy of the good fixture)
    # expect: LINE:COL RULE              (the diagnostic it must produce, exactly)
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import versus
from versus import RULES
from support import BAD

TODAY = dt.date(2026, 11, 20)
HEADER = re.compile(r"# target: (?P<target>\S+)\n# expect: (?P<line>\d+):(?P<col>\d+) (?P<rule>[a-z-]+)\n")
FIXTURE_FILES = sorted(BAD.glob("*.yaml"))
# Rules whose inputs cannot be written as a text fixture; tests in test_load.py cover them.
COVERED_ELSEWHERE = {"encoding", "file-too-large", "path-escape",
                     "stale-version", "unknown-package",  # tests/test_verify.py (against registry answers)
                     "example-failed"}  # tests/test_examples.py (runs snippets)


def _case(path: Path) -> dict:
    match = HEADER.match(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} must start with '# target:' and '# expect:' lines"
    return match.groupdict()


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=[p.stem for p in FIXTURE_FILES])
def test_bad_fixture_reports_exact_position(fixture: Path, kb_copy: Path) -> None:
    case = _case(fixture)
    target = kb_copy / case["target"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(fixture.read_bytes())

    result = versus.load(kb_copy, today=TODAY)

    assert not result.ok
    found = [(d.file, d.line, d.col, d.rule) for d in result.diagnostics]
    assert (str(target), int(case["line"]), int(case["col"]), case["rule"]) in found, "\n".join(
        d.format() for d in result.diagnostics)
    assert result.knowledge_base is None


def test_every_rule_has_a_fixture() -> None:
    fixture_rules = {_case(p)["rule"] for p in FIXTURE_FILES}
    assert set(RULES) - fixture_rules - COVERED_ELSEWHERE == set()


def test_good_fixture_is_clean() -> None:
    from support import GOOD_KB

    result = versus.load(GOOD_KB, today=TODAY)
    assert result.diagnostics == ()
    assert result.ok and result.records_checked == 12


def test_all_errors_are_collected_and_sorted(kb_copy: Path) -> None:
    (kb_copy / "tools" / "alpha-compile.yaml").write_text(
        "name: x\nsumary: y\ncategory: Serving\nsubjects: [alpha, gamma]\n"
        "status: {state: archve, since: 2099-01}\nreviewed: 2026-02-30\nsources: []\n")
    (kb_copy / "caveats" / "slow-first-step.yaml").write_text("name: [broken\n")
    result = versus.load(kb_copy, today=TODAY)
    rules = [d.rule for d in result.diagnostics]
    assert rules.count("yaml-syntax") == 1
    for rule in ("unknown-key", "bad-format", "broken-ref", "bad-enum", "future-date", "bad-date", "missing-source"):
        assert rule in rules
    keys = [(d.file, d.line, d.col) for d in result.diagnostics]
    assert keys == sorted(keys)


def test_unknown_key_suggests_the_right_field(kb_copy: Path) -> None:
    fixture = BAD / "unknown-key.yaml"
    (kb_copy / "tools" / "alpha-compile.yaml").write_bytes(fixture.read_bytes())
    message = next(d.message for d in versus.load(kb_copy, today=TODAY).diagnostics if d.rule == "unknown-key")
    assert "did you mean 'summary'?" in message


def test_enum_error_lists_allowed_values(kb_copy: Path) -> None:
    (kb_copy / "tools" / "alpha-compile.yaml").write_bytes((BAD / "bad-enum.yaml").read_bytes())
    message = next(d.message for d in versus.load(kb_copy, today=TODAY).diagnostics if d.rule == "bad-enum")
    assert "active, limited-maintenance, deprecated, archived" in message
    assert "did you mean 'archived'?" in message


def test_every_rule_has_a_hint() -> None:
    assert all(hint.strip() for hint in RULES.values())


def test_contributing_documents_every_rule() -> None:
    from support import ROOT

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### ([a-z-]+)$", text, re.M))
    assert documented == set(RULES)
