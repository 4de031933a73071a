"""The real knowledge base: valid, builds strictly, and every link in the built site resolves."""

from __future__ import annotations

from pathlib import Path

import pytest

import versus
from support import ROOT
from linkcheck import check_site


@pytest.fixture(scope="module")
def built(real_site: Path) -> Path:
    return real_site


def test_data_is_valid() -> None:
    result = versus.load(ROOT / "data")
    assert result.diagnostics == (), "\n".join(d.format() for d in result.diagnostics)


def test_coverage_of_the_knowledge_base() -> None:
    kb = versus.load(ROOT / "data").knowledge_base
    counts = {kind: len(records) for kind, records in kb.records.items()}
    assert {s.id for s in kb.subjects} == {"pytorch", "tensorflow", "keras", "jax"}
    minimum = {"factor": 12, "scenario": 12, "tool": 25, "caveat": 10, "decision": 2, "example": 4, "term": 20}
    assert all(counts[kind] >= n for kind, n in minimum.items()), counts


def test_every_internal_link_in_the_real_site_resolves(built: Path) -> None:
    assert check_site(built) == []


def test_all_six_pair_pages_exist(built: Path) -> None:
    slugs = ["jax-vs-keras", "jax-vs-pytorch", "jax-vs-tensorflow", "keras-vs-pytorch", "keras-vs-tensorflow",
             "pytorch-vs-tensorflow"]
    assert sorted(p.stem for p in (built / "compare").glob("*-vs-*.html")) == slugs


def test_home_page_embeds_the_verdicts(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    assert "versus:" not in html and "Production readiness" in html and 'href="matrix.html"' in html
