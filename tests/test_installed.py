"""The package as a user gets it: in a fresh virtual environment outside the repository, the built
wheel plus a minimal mkdocs.yml and a data/ folder (written here, nothing copied from this
repository) give a working site: matrix, pair pages, a decision tree, the widgets' CSS and
JavaScript, and search. Slow (a wheel and a venv), so it is done once per test session; pip's
cache makes the installs after the first quick."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

FILES = {
    "mkdocs.yml": """\
site_name: Two spreadsheets
theme:
  name: material
  font: false
plugins:
  - search
  - offline
  - versus
markdown_extensions:
  - admonition
  - attr_list
  - def_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.highlight
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
""",
    "docs/index.md": "# Two spreadsheets\n\n<!-- versus: matrix -->\n\n<!-- versus: trees -->\n",
    "data/versus.yaml": "words:\n  subject: {title: Spreadsheet, plural: Spreadsheets}\n",
    "data/sources/handbook.yaml": "name: The office handbook\ntype: official\nurl: https://example.org/handbook\n",
    "data/subjects/gridly.yaml": """\
name: Gridly
summary: A spreadsheet that runs in the browser.
origin: An invented product for this test.
strengths: [Shares a sheet with a link.]
weaknesses: [Needs a connection.]
reviewed: 2026-11-01
sources: [handbook]
""",
    "data/subjects/cellar.yaml": """\
name: Cellar
summary: A spreadsheet installed on the desktop.
origin: Another invented product for this test.
strengths: [Works with no connection.]
weaknesses: [Sharing means sending files.]
reviewed: 2026-11-01
sources: [handbook]
""",
    "data/factors/sharing.yaml": """\
name: Sharing
question: How easily can several people work on one sheet?
ratings:
  gridly: {rating: excellent, note: Everyone edits the same sheet., confidence: confirmed, sources: [handbook]}
  cellar: {rating: weak, note: Copies go back and forth by mail., confidence: confirmed, sources: [handbook]}
verdict:
  winners: [gridly]
  reason: One shared sheet beats copies.
reviewed: 2026-11-01
sources: [handbook]
""",
    "data/decisions/which-sheet.yaml": """\
name: Which spreadsheet?
summary: One question to a choice.
start: online
questions:
  online:
    question: Are you always online?
    answers:
      - {answer: "Yes", goto: pick-gridly}
      - {answer: "No", goto: pick-cellar}
outcomes:
  pick-gridly: {title: Use Gridly, text: It shares best., recommends: [gridly]}
  pick-cellar: {title: Use Cellar, text: It works offline., recommends: [cellar]}
reviewed: 2026-11-01
sources: [handbook]
""",
}


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope="session")
def installed_site(tmp_path_factory) -> tuple[Path, Path]:
    """(site folder, venv) built from the wheel in a venv outside the repository."""
    if not (ROOT / "node_modules" / "iframe-worker").is_dir():
        pytest.fail("node_modules/ is missing: run `npm ci` (make test does) so the wheel can carry the search shim")
    work = tmp_path_factory.mktemp("installed")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "wheel"), str(ROOT)], work)
    wheel = next((work / "wheel").glob("versus-*.whl"))
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], work)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], work)
    project = work / "project"
    for relative, text in FILES.items():
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text, encoding="utf-8")
    _run([str(venv / "bin" / "versus"), "validate", "data"], project)
    _run([str(venv / "bin" / "mkdocs"), "build", "--strict"], project)
    return project / "site", venv


def test_the_package_comes_from_the_venv_not_the_repository(installed_site) -> None:
    _, venv = installed_site
    where = _run([str(venv / "bin" / "python"), "-c", "import versus; print(versus.__file__)"], venv).stdout.strip()
    assert where.startswith(str(venv)) and not where.startswith(str(ROOT))


def test_the_installed_plugin_builds_a_working_site(installed_site) -> None:
    site, _ = installed_site
    # offline builds use .html pages
    for page in ("matrix.html", "compare/cellar-vs-gridly.html", "decisions/which-sheet.html",
                 "subjects/index.html", "index.html"):
        assert (site / page).is_file(), page
    assert "Spreadsheets" in (site / "subjects" / "index.html").read_text(encoding="utf-8")
    matrix = (site / "matrix.html").read_text(encoding="utf-8")
    for asset in ("assets/stylesheets/versus.css", "assets/javascripts/versus.js",
                  "assets/javascripts/iframe-worker-shim.js"):
        assert (site / asset).stat().st_size > 0 and asset in matrix, asset
    assert "versus-weights" in matrix and "unpkg.com" not in matrix
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "versus-grid-wrap" in home and "decisions/which-sheet.html" in home  # markers expanded
    assert "<table" in home and "| Factor |" not in home and "{ #" not in home  # real HTML, not pipe text
    search = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert "Gridly" in search and "Cellar" in search
