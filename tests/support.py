"""Paths and helpers shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD_KB = FIXTURES / "kb"
BAD = FIXTURES / "bad"


def run_versus(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "versus", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
