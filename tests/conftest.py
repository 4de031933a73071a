"""Shared test helpers: the fixture knowledge base and a copy of it to break."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD_KB = FIXTURES / "kb"
BAD = FIXTURES / "bad"
BIN = Path(sys.executable).parent


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture knowledge base."""
    target = tmp_path / "data"
    shutil.copytree(GOOD_KB, target)
    return target


def run_versus(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "versus", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
