"""`versus diff`: a semantic diff of the knowledge base between two git revisions."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from support import ROOT, fixture_project, run_versus


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    fixture_project(root)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@e", "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "base")
    tool = root / "data" / "tools" / "alpha-compile.yaml"
    tool.write_text(tool.read_text().replace("state: active", "state: deprecated"))
    speed = root / "data" / "factors" / "speed.yaml"
    speed.write_text(speed.read_text().replace("rating: unknown", "rating: weak"))
    (root / "data" / "caveats" / "slow-first-step.yaml").unlink()
    (root / "data" / "glossary" / "xla.yaml").write_text("name: XLA\ndefinition: A compiler for linear algebra.\n")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@e", "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "change")
    return root


def test_diff_between_two_revisions(repo: Path) -> None:
    result = run_versus("diff", "HEAD~1", "HEAD", cwd=repo)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "**1 added, 1 removed, 2 changed;" in out
    assert "term `xla` (`data/glossary/xla.yaml`)" in out.split("### Added")[1]
    assert "caveat `slow-first-step`" in out.split("### Removed")[1]
    assert "| `status.state` | `active` | `deprecated` |" in out
    assert "`Speed`: `beta` rated `unknown` → `weak`" in out
    pages = out.split("### Pages that change")[1]
    for page in ("tools/alpha-compile.md", "factors/speed.md", "matrix.md", "compare/alpha-vs-beta.md",
                 "caveats/slow-first-step.md", "glossary/xla.md", "tools/index.md"):
        assert f"`{page}`" in pages
    assert "`sources/alpha-docs.md`" in pages  # its "cited by" list lost the caveat


def test_diff_against_the_working_tree_and_no_change(repo: Path) -> None:
    assert "No record changed." in run_versus("diff", "HEAD", cwd=repo).stdout
    (repo / "data" / "categories" / "compiler.yaml").write_text("name: Compilers\ndescription: Turns model code into faster code.\norder: 1\n")
    out = run_versus("diff", "HEAD", cwd=repo).stdout
    assert "`HEAD` → `working tree`" in out and "| `name` | `Compiler` | `Compilers` |" in out


def test_diff_reports_invalid_sides_and_bad_revisions(repo: Path) -> None:
    (repo / "data" / "tools" / "alpha-compile.yaml").write_text("name: [broken\n")
    out = run_versus("diff", "HEAD", cwd=repo).stdout
    assert "working tree" in out and "validation error(s)" in out and "pages could not be planned" in out
    bad = run_versus("diff", "no-such-revision", cwd=repo)
    assert bad.returncode == 2 and "no-such-revision" in bad.stderr


def test_diff_on_this_repository(tmp_path: Path) -> None:
    """On two real revisions of this repository: the glossary wording fix to 'tracing'."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    commits = _git(ROOT, "log", "--format=%H", "-S", "with stand-in inputs", "--", "data/glossary/tracing.yaml").split()
    if not commits or _git(ROOT, "rev-parse", "--is-shallow-repository").strip() == "true":
        pytest.skip("history not available")
    out = run_versus("diff", f"{commits[-1]}~1", commits[-1], cwd=ROOT).stdout
    assert "term `tracing`" in out
    if "validation error(s)" in out:
        # Both revisions predate a later schema or rule (scenario weights, rating confidence), so
        # today's engine cannot plan their pages; the record-level diff still works.
        assert "**0 added, 0 removed, 1 changed; pages could not be planned.**" in out
    else:
        assert "**0 added, 0 removed, 1 changed; 2 page(s) change.**" in out
        assert "`glossary/tracing.md`" in out


def test_diff_takes_revisions_only(repo: Path) -> None:
    """`versus diff -- --output=FILE` once reached `git archive` as an option and truncated FILE."""
    victim = repo / "keep.txt"
    victim.write_text("precious")
    for args in (("--", f"--output={victim}"), (f"--output={victim}",), ("HEAD", f"--output={victim}"),
                 ("--", "-h")):
        result = run_versus("diff", *args, cwd=repo)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "revisions only" in result.stderr or "usage:" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert victim.read_text() == "precious"


def test_diff_output_cannot_be_injected_through_names_and_keys(repo: Path) -> None:
    speed = repo / "data" / "factors" / "speed.yaml"
    speed.write_text(speed.read_text().replace("rating: strong", "rating: weak").replace(
        "name: Speed", 'name: "Speed\\n# Approved by @admin\\n![x](https://e.example/x.png) <img src=x> `tick"'))
    out = run_versus("diff", "HEAD", cwd=repo).stdout
    for line in out.splitlines():
        assert not line.startswith("# "), line
    assert "@admin" in out and "![x]" in out  # shown, but only inside code spans
    for line in out.splitlines():
        if "@admin" in line:
            assert line.count("`") >= 2 and "Speed # Approved" in line


def test_control_characters_and_workflow_commands_never_reach_the_terminal(repo: Path) -> None:
    tool = repo / "data" / "tools" / "alpha-compile.yaml"
    tool.write_text(tool.read_text().replace("name: alpha.compile",
                                             'name: "alpha\\e[31m\\a\\n::error::forged\\n  ::add-mask::x"')
                    .replace("summary: Compiles Alpha models.", 'summary: "FILL IN\\e[31m\\n::error::forged too"'))
    for args in (("diff", "HEAD"), ("validate", "data"), ("validate", "data", "--format", "github")):
        result = run_versus(*args, cwd=repo)
        text = result.stdout + result.stderr
        assert "forged" in text, args  # the data is echoed, made harmless
        assert "\x1b" not in text and "\x07" not in text, args
        forged = [line for line in text.splitlines() if line.lstrip().startswith("::")
                  and not line.startswith(("::error file=", "::warning file=", "::notice title=versus::"))]
        assert forged == [], (args, forged)
