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

from support import BAD, FIXTURES, built_fixture_project

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
    return built_fixture_project(root)


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


# --- the cases of "A pull request cannot put script on the site" ------------------------------
# Each payload of tests/hostile.py is rejected by `versus validate` with a rule that names it
# (the friendly first line); test_output_safety.py shows the sanitiser keeps them inert anyway.

from hostile import PAYLOADS  # noqa: E402

import versus  # noqa: E402

EXPECTED_RULE = {1: "raw-html", 11: "raw-html", 2: "raw-html", 3: "raw-html", 4: None, 5: None, 6: "unsafe-url",
                 7: "unsafe-url", 8: None, 9: "unsafe-url", 10: "raw-html"}


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"{file}:{field}" for file, field, _ in PAYLOADS])
def test_issue_payload_is_named_by_the_validator(payload, tmp_path: Path) -> None:
    from hostile import _set

    import yaml

    file, field, value = payload
    shutil.copytree(FIXTURES / "kb", tmp_path / "data")
    path = tmp_path / "data" / file
    record = yaml.safe_load(path.read_text())
    _set(record, field, value)
    path.write_text(yaml.safe_dump(record, allow_unicode=True, width=10**6))
    result = versus.load(tmp_path / "data")
    number = int(re.search(r"alert(?:%28|\()(\d+)", value).group(1))
    rule = EXPECTED_RULE[number]
    if rule is None:  # names with entities or emphasis are valid text: escaping makes them safe
        assert result.ok, [d.format() for d in result.diagnostics]
    else:
        assert any(d.rule == rule and d.file == str(path) for d in result.diagnostics), \
            [d.format() for d in result.diagnostics]


def test_a_sub_folder_name_cannot_reach_the_edit_link(broken) -> None:
    copy, before = broken
    folder = copy / "data" / "tools" / 'x" autofocus onfocus="alert(1)" y="'
    folder.mkdir()
    (folder / "other.yaml").write_bytes(VALID_TOOL)
    _check_fails_cleanly(copy, before, f"data/tools/{folder.name}/other.yaml", "1:1 bad-id")


def test_a_file_name_with_a_trailing_newline_is_not_an_id(kb_copy: Path) -> None:
    (kb_copy / "tools" / "evil\n.yaml").write_bytes(VALID_TOOL)
    result = versus.load(kb_copy)
    assert any(d.rule == "bad-id" and "evil" in d.file for d in result.diagnostics)


@pytest.mark.parametrize("ids", [("a", "b-vs-c", "a-vs-b", "c"), ("vs",), ("a-vs",)])
def test_pair_pages_cannot_share_an_address(kb_copy: Path, ids) -> None:
    for subject in ids:
        (kb_copy / "subjects" / f"{subject}.yaml").write_text((kb_copy / "subjects" / "beta.yaml").read_text())
    result = versus.load(kb_copy)
    clashes = {Path(d.file).stem for d in result.diagnostics if d.rule == "page-clash"}
    assert clashes == {i for i in ids if "vs" in i.split("-")}


def test_plan_refuses_two_pages_at_one_path() -> None:
    from versus.plan import PageSpec, PlanError, _check_unique

    pages = [PageSpec("tools/index.md", "Tools", "", None, "Tools"),
             PageSpec("tools/index.md", "index", "", Path("data/tools/index.yaml"), "Tools")]
    with pytest.raises(PlanError, match="data/tools/index.yaml"):
        _check_unique(pages)


def test_a_subject_without_a_snippet_still_builds(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "project"
    shutil.copytree(project, copy, symlinks=True)
    example = copy / "data" / "examples" / "hello.yaml"
    text = example.read_text()
    example.write_text(text[: text.index("  beta:")] + text[text.index("reviewed:"):])
    build, _ = _run([sys.executable, "-m", "mkdocs", "build", "--strict"], copy)
    assert build.returncode == 0, build.stderr
    assert "Traceback" not in build.stderr


def test_a_very_deep_tree_renders_without_recursion() -> None:
    """Past the validator's depth limit (a renderer must not depend on it): 400 questions in a row."""
    from versus.model import Answer, Decision, Outcome, Question
    from versus.tree import outline

    depth = 400
    questions = tuple(Question(f"q{n}", f"Q{n}?", (Answer("on", f"q{n + 1}" if n + 1 < depth else "end"),
                                                     Answer("stop", "end"))) for n in range(depth))
    tree = Decision(kind="decision", id="deep", name="Deep", file=Path("deep.yaml"), start="q0",
                    questions=questions, outcomes=(Outcome("end", "End", "Done.", ("alpha",)),))
    events = outline(tree)
    assert sum(e[0] == "open" for e in events) == depth == sum(e[0] == "close" for e in events)
    from versus.render import Renderer

    html = Renderer().render("tree.html.j2", record=tree, base="", page_uri="decisions/deep.md")
    assert html.count("<ul>") == depth + 1 and html.count("</ul>") == depth + 1


@pytest.mark.parametrize("unit", ["[", "](", "[[a", "`[", "![", "[a](", "``a`", "~~~a\n", "<a", "{a", "&#"])
def test_worst_case_text_validates_in_linear_time(unit: str, kb_copy: Path) -> None:
    """A 250 KiB body of the worst patterns found for the old regexes (minutes each, then)."""
    import yaml

    path = kb_copy / "tools" / "alpha-compile.yaml"
    record = yaml.safe_load(path.read_text())
    record["body"] = (unit * (250 * 1024 // len(unit) + 1))[: 250 * 1024]
    path.write_text(yaml.safe_dump(record, width=10**9))
    started = time.perf_counter()
    versus.load(kb_copy)
    assert time.perf_counter() - started < 5


def test_schema_patterns_do_not_accept_a_final_newline(kb_copy: Path) -> None:
    """Python's `$` matches before a final newline; JSON Schema's does not, and neither may ours."""
    example = kb_copy / "examples" / "hello.yaml"
    example.write_text(example.read_text().replace("language: python", 'language: "python\\n"', 1))
    result = versus.load(kb_copy)
    assert [d.rule for d in result.diagnostics] == ["bad-format"], [d.format() for d in result.diagnostics]
