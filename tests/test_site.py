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
    assert {s.id for s in kb.subjects} == {p.stem for p in (ROOT / "data" / "subjects").glob("*.yaml")}
    minimum = {"factor": 12, "scenario": 12, "tool": 25, "caveat": 10, "decision": 2, "example": 4, "term": 20}
    assert all(counts[kind] >= n for kind, n in minimum.items()), counts


def test_every_internal_link_in_the_real_site_resolves(built: Path) -> None:
    assert check_site(built) == []


def test_every_pair_page_exists(built: Path) -> None:
    ids = sorted(p.stem for p in (ROOT / "data" / "subjects").glob("*.yaml"))  # expectations from data/
    slugs = [f"{a}-vs-{b}" for n, a in enumerate(ids) for b in ids[n + 1:]]
    assert sorted(p.stem for p in (built / "compare").glob("*-vs-*.html")) == slugs


def test_home_page_embeds_the_verdicts(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    assert "versus:" not in html and "Production readiness" in html and 'href="matrix.html"' in html


def _page_text(built: Path, folder: str, record_id: str) -> str:
    import re
    from html import unescape

    html = (built / folder / f"{record_id}.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_subject_and_tool_pages_stamp_the_checked_release(built: Path) -> None:
    kb = versus.load(ROOT / "data").knowledge_base
    stamped = 0
    for kind, folder in (("subject", "subjects"), ("tool", "tools")):
        for record in kb.of(kind):
            if not record.packages:
                continue
            version, package = record.version, record.packages[0]
            registry = {"pypi": "PyPI", "npm": "npm"}[package.registry]
            expected = f"{version.latest} ({version.released}), checked against {registry} ({package.name}) on {version.checked}"
            assert expected in _page_text(built, folder, record.id), record.id
            stamped += 1
    assert stamped >= 20


def test_example_pages_show_how_each_snippet_ran(built: Path) -> None:
    """Every snippet was run as it is shown now, and its page says how. Whether it passed is the
    runner's verdict (`make examples` in CI), not this test's: a new release that breaks a snippet
    shows up on the page and in the weekly pull request."""
    from versus import stamps

    kb = versus.load(ROOT / "data").knowledge_base
    for example in kb.of("example"):
        text = _page_text(built, "examples", example.id)
        html = (built / "examples" / f"{example.id}.html").read_text(encoding="utf-8")
        # One set of tabs, one per subject: a line outside a tab's indentation would split the set.
        assert html.count('class="tabbed-set') == 1, example.id
        assert html.count("<label for=\"__tabbed_1_") == len(kb.subjects), example.id
        for snippet in example.snippets:
            assert stamps.current(snippet), f"{example.id}/{snippet.subject}: run `versus examples --write` after editing it"
            assert stamps.ran(snippet) in text, (example.id, snippet.subject)
            for name, version in (snippet.ran[0].versions or {}).items():
                assert f"{name} {version}" in text


def test_review_queue_puts_machine_checks_first(built: Path) -> None:
    text = (built / "review.html").read_text(encoding="utf-8")
    assert text.index("Machine checks") < text.index("Reviews older than")
