"""Shared fixtures: a writable copy of the fixture knowledge base."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import FIXTURES, GOOD_KB, ROOT


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture knowledge base."""
    target = tmp_path / "data"
    shutil.copytree(GOOD_KB, target)
    return target


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real knowledge base's site, built once per test session exactly as it ships."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "WARNING -" not in result.stderr, result.stderr
    return site


@pytest.fixture(scope="session")
def hostile_corpus_site(tmp_path_factory) -> Path:
    """The fixture site built from the hostile corpus (tests/hostile.py) with validation's text
    rules switched off: what the sanitiser alone makes of every payload. Built once per session."""
    from hostile import build_without_text_rules, write_hostile_kb

    project = tmp_path_factory.mktemp("hostile-corpus") / "project"
    shutil.copytree(FIXTURES / "site", project)
    # The site's own theme overrides and scripts, so the browser test also runs versus.js on the data.
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("theme:\n  name: material\n", f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n")
    config += "extra_javascript:\n  - assets/javascripts/versus.js\nextra_css:\n  - assets/stylesheets/versus.css\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    write_hostile_kb(project / "data")
    return build_without_text_rules(project)
