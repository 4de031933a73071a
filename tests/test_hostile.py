"""The hostile-input corpus, end to end: every case fails `versus validate` and `mkdocs build`
with a diagnostic naming file, line and column, no traceback, in bounded time, and leaves the
previously built site exactly as it was.

Cases: every file in fixtures/bad/ (text inputs, with their expected diagnostic in a header) plus
the byte-level and file-system cases below, which a text fixture cannot hold.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import BAD, FIXTURES

HEADER = re.compile(r"# target: (?P<target>\S+)\n# expect: (?P<line>\d+):(?P<col>\d+) (?P<rule>[a-z-]+)\n")
TOOL = "tools/alpha-compile.yaml"
VALID_TOOL = (FIXTURES / "kb" / TOOL).read_bytes()

# name -> (target, content, expected "LINE:COL RULE")
BYTE_CASES = {
    "non-utf8": (TOOL, b"name: caf\xe9\n", "1:10 encoding"),
    "byte-order-mark": (TOOL, b"\xef\xbb\xbf" + VALID_TOOL, "1:1 encoding"),
    "binary": (TOOL, bytes(range(256)) * 4, "1:1 encoding"),
    "empty": (TOOL, b"", "1:1 yaml-empty"),
    "only-a-comment": (TOOL, b"# nothing here\n", "1:1 yaml-empty"),
    "huge": (TOOL, b"name: x\nsummary: " + b"a" * 2_000_000 + b"\n", "1:1 file-too-large"),
    "deep-block-nesting": (TOOL, "".join(f"{'  ' * n}k{n}:\n" for n in range(200)).encode(), "33:65 yaml-depth"),
    "control-character": (TOOL, b"name: a\x07b\n", "1:8 yaml-syntax"),
    "two-documents": (TOOL, VALID_TOOL + b"---\nname: again\n", "11:1 yaml-syntax"),
}
FILE_CASES = ["symlink-outside", "symlink-loop", "id-clashes-with-hand-written-page"]


def _text_cases() -> dict[str, tuple[str, bytes, str]]:
    cases = {}
    for path in sorted(BAD.glob("*.yaml")):
        raw = path.read_bytes()
        match = HEADER.match(raw.decode("utf-8"))
        cases[path.stem] = (match["target"], raw, f"{match['line']}:{match['col']} {match['rule']}")
    return cases


CASES = {**_text_cases(), **BYTE_CASES}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The fixture site, built once; each case breaks a copy of its data."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(FIXTURES / "site", root)
    shutil.copytree(FIXTURES / "kb", root / "data")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, check=True, capture_output=True)
    return root


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    started = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)
    return result, time.perf_counter() - started


@pytest.fixture
def broken(project: Path, tmp_path: Path):
    """A copy of the project whose data a case may break; yields (project copy, site snapshot)."""
    copy = tmp_path / "project"
    shutil.copytree(project, copy, symlinks=True)
    return copy, _snapshot(copy / "site")


def _check_fails_cleanly(copy: Path, before: dict, display: str, expect: str) -> None:
    validate, seconds = _run([sys.executable, "-m", "versus", "validate", "data"], copy)
    assert validate.returncode == 1, validate.stdout + validate.stderr
    assert "Traceback" not in validate.stdout + validate.stderr
    line_col, rule = expect.split()
    assert f"{display}:{line_col}: error: " in validate.stdout and f"[{rule}]" in validate.stdout, validate.stdout
    assert seconds < 10  # including interpreter start-up; the loader itself rejects bombs in milliseconds

    build, _ = _run([sys.executable, "-m", "mkdocs", "build", "--strict"], copy)
    output = build.stdout + build.stderr
    assert build.returncode != 0
    assert "Traceback" not in output
    assert f"{display}:{line_col}: error: " in output
    assert _snapshot(copy / "site") == before, "a failed build changed the previous site"


@pytest.mark.parametrize("case", sorted(CASES))
def test_case_fails_cleanly_and_keeps_the_site(case: str, broken) -> None:
    copy, before = broken
    target, content, expect = CASES[case]
    path = copy / "data" / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    _check_fails_cleanly(copy, before, f"data/{target}", expect)


def test_symlink_pointing_outside_the_data_folder(broken, tmp_path: Path) -> None:
    copy, before = broken
    secret = tmp_path / "secret.yaml"
    secret.write_text("name: secret\n")
    os.symlink(secret, copy / "data" / "tools" / "leak.yaml")
    _check_fails_cleanly(copy, before, "data/tools/leak.yaml", "1:1 path-escape")


def test_symlink_loop(broken) -> None:
    copy, before = broken
    loop = copy / "data" / "tools" / "loop.yaml"
    os.symlink(loop, loop)
    _check_fails_cleanly(copy, before, "data/tools/loop.yaml", "1:1 path-escape")


def test_generated_page_clashing_with_a_hand_written_page(broken) -> None:
    copy, before = broken
    (copy / "content" / "tools").mkdir()
    (copy / "content" / "tools" / "alpha-compile.md").write_text("# Hand-written\n")
    build, _ = _run([sys.executable, "-m", "mkdocs", "build", "--strict"], copy)
    output = build.stdout + build.stderr
    assert build.returncode != 0 and "Traceback" not in output
    assert "generated page 'tools/alpha-compile.md'" in output and "clashes with a hand-written page" in output
    assert _snapshot(copy / "site") == before
