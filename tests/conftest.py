"""Shared fixtures: a writable copy of the fixture knowledge base."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import GOOD_KB


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture knowledge base."""
    target = tmp_path / "data"
    shutil.copytree(GOOD_KB, target)
    return target
