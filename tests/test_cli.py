"""The `versus` command line contract: output format and exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from support import BAD, GOOD_KB, run_versus

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+) \[(?P<rule>[a-z-]+)\]$")


def test_clean_data_exits_zero() -> None:
    result = run_versus("validate", str(GOOD_KB))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("12 records checked, no problems found")


def _break(kb: Path) -> Path:
    target = kb / "tools" / "alpha-compile.yaml"
    target.write_bytes((BAD / "bad-enum.yaml").read_bytes())
    (kb / "factors" / "speed.yaml").write_bytes((BAD / "missing-rating.yaml").read_bytes())
    return target


def test_errors_exit_one_with_contract_lines_relative_to_cwd(kb_copy: Path) -> None:
    _break(kb_copy)
    result = run_versus("validate", "data", cwd=kb_copy.parent)
    assert result.returncode == 1
    problems = [LINE.match(line) for line in result.stdout.splitlines() if not line.startswith(("    ", "versus:"))]
    assert all(problems), result.stdout
    assert [(m["file"], m["line"], m["col"], m["rule"]) for m in problems] == [
        ("data/factors/speed.yaml", "5", "1", "missing-rating"),
        ("data/tools/alpha-compile.yaml", "7", "17", "bad-enum"),
    ]
    assert "    fix: Use one of the allowed values." in result.stdout
    assert result.stdout.splitlines()[-1] == "versus: 2 errors, 0 warnings in 2 files (12 records checked)"
    assert "Traceback" not in result.stderr


def test_no_hints_prints_one_line_per_problem(kb_copy: Path) -> None:
    _break(kb_copy)
    result = run_versus("validate", "data", "--no-hints", cwd=kb_copy.parent)
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all(LINE.match(line) for line in lines[:2])


def test_github_format(kb_copy: Path) -> None:
    _break(kb_copy)
    result = run_versus("validate", "data", "--format", "github", cwd=kb_copy.parent)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("::error file=data/factors/speed.yaml,line=5,col=1,title=versus missing-rating::")
    assert "%0A" in first  # the hint travels in the annotation body


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert run_versus("validate", str(tmp_path / "missing")).returncode == 2
    assert run_versus("frobnicate").returncode == 2
    assert run_versus().returncode == 2


def test_console_script_matches_module() -> None:
    script = Path(sys.executable).parent / "versus"
    direct = subprocess.run([str(script), "validate", str(GOOD_KB)], capture_output=True, text=True)
    assert direct.returncode == 0 and direct.stdout == run_versus("validate", str(GOOD_KB)).stdout


def test_schema_command_writes_every_kind(tmp_path: Path) -> None:
    result = run_versus("schema", str(tmp_path / "schemas"))
    assert result.returncode == 0
    written = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert "tool.schema.json" in written and "common.schema.json" in written and len(written) == 12
    schema = json.loads((tmp_path / "schemas" / "tool.schema.json").read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
