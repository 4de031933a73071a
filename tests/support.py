"""Paths and helpers shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD_KB = FIXTURES / "kb"
BAD = FIXTURES / "bad"


def run_versus(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "versus", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def fixture_project(target: Path) -> Path:
    """A copy of the fixture site with the fixture knowledge base as its data/, at `target`."""
    shutil.copytree(FIXTURES / "site", target)
    shutil.copytree(GOOD_KB, target / "data")
    return target


def built_fixture_project(target: Path) -> Path:
    """`fixture_project`, built strictly once (the build must pass)."""
    fixture_project(target)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=target, check=True, capture_output=True)
    return target


def site_copy(target: Path, data: Path | None) -> Path:
    """This site's project (configuration, pages, overrides) in `target`, with a copy of `data` as its
    knowledge base (or none yet)."""
    target.mkdir()
    for name in ("mkdocs.yml", "content", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    if data is not None:
        shutil.copytree(data, target / "data")
    return target
