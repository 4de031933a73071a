"""The generated site, checked on the built HTML of the fixture knowledge base."""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

import versus
from support import FIXTURES, fixture_project
from linkcheck import check_site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("pages") / "project"
    fixture_project(project)
    (project / "content" / "index.md").write_text(
        "# Fixture\n\n<!-- versus: cards -->\n\n<!-- versus: verdicts -->\n\n<!-- versus: tree which-one -->\n\n"
        "<!-- versus: pairs -->\n")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "WARNING -" not in result.stderr
    return project / "site"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    assert check_site(site) == []


def test_matrix_cells_and_verdicts_match_the_data(site: Path) -> None:
    kb = versus.load(FIXTURES / "kb").knowledge_base
    html = _read(site, "matrix")
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    for factor in kb.of("factor"):
        row = next(r for r in rows if f">{factor.name}</a></th>" in r)  # the factor heads its row
        cells = re.findall(r"<td([^>]*)>(.*?)</td>", row, re.S)
        assert len(cells) == len(kb.subjects) + 1  # one per subject, then the verdict
        for subject, (attributes, cell) in zip(kb.subjects, cells):
            rating = factor.rating_for(subject.id)
            expected = {"strong": "Strong", "adequate": "Adequate", "unknown": "Unknown"}[rating.rating]
            assert f'data-rating="{rating.rating}"' in attributes  # colour is a cue beside the word
            assert expected in _text(cell) and rating.note in _text(cell)
            assert ("<details" in cell) and ("Why" in cell)  # the note, one tap away
        cells = [_text(c).strip() for _, c in cells]
        winner = kb.get(factor.verdict.winners[0], "subject").name
        assert f"★ {winner}" in cells[-1] and factor.verdict.reason.split(";")[0] in cells[-1]
    assert "Factors won" in html


def test_home_cards_show_each_subject_with_its_tally(site: Path) -> None:
    from versus.views import factors, tally

    kb = versus.load(FIXTURES / "kb").knowledge_base
    html = (site / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r"<li>(.*?)</li>", html.split('class="versus-cards"')[1].split("</ul>")[0], re.S)
    assert len(cards) == len(kb.subjects)
    for subject, card, row in zip(kb.subjects, cards, sorted(tally(kb), key=lambda r: kb.subjects.index(r.subject))):
        text = _text(card)
        assert subject.name in text and f"Wins {row.wins} of {len(factors(kb))} factors" in text
        assert (f"Pick it if {subject.pick_if}" if subject.pick_if else subject.summary.split(". ")[0]) in text


def test_every_pair_page_exists_with_canonical_url(site: Path) -> None:
    assert (site / "compare" / "alpha-vs-beta" / "index.html").is_file()
    assert not (site / "compare" / "beta-vs-alpha").exists()
    assert (site / "compare" / "all" / "index.html").is_file()
    text = _text(_read(site, "compare/alpha-vs-beta"))
    assert "Alpha wins 2" in text and "Beta wins 0" in text


def test_decision_tree_anchors_and_answers(site: Path) -> None:
    html = _read(site, "decisions/which-one")
    for anchor in ("q-goal", "q-hardware", "o-pick-alpha", "o-pick-beta"):
        assert f'id="{anchor}"' in html
    assert 'href="#o-pick-beta"' in html and 'class="versus-tree"' in html
    assert "<script" not in html.split('class="versus-tree"')[1].split("</nav>")[0]


def test_backlinks_sources_review_date_and_edit_link(site: Path) -> None:
    text = _text(_read(site, "tools/alpha-compile"))
    assert "Referenced by" in text
    for name in ("Speed", "Learning", "The first step is slow", "JIT compilation"):
        assert name in text
    html = _read(site, "tools/alpha-compile")
    assert 'id="source-1"' in html and "Alpha documentation" in html
    assert "Reviewed <strong>2026-10-01</strong>" in html
    assert "https://github.com/example/versus/edit/main/data/tools/alpha-compile.yaml" in html
    assert ("https://github.com/example/versus/issues/new?template=wrong-data.yml&amp;"
            "title=Wrong+or+outdated%3A+alpha.compile&amp;record=tool%3Aalpha-compile") in html


def test_typed_references_render_as_titled_links(site: Path) -> None:
    html = _read(site, "factors/speed")
    assert '<a href="../../tools/alpha-compile/" title="alpha.compile">alpha.compile</a>' in html


def test_indexes_per_kind(site: Path) -> None:
    for folder in ("subjects", "factors", "scenarios", "tools", "caveats", "decisions", "examples",
                   "sources", "glossary", "categories"):
        assert (site / folder / "index.html").is_file(), folder
    tools = _text(_read(site, "tools"))
    assert "Compiler" in tools and "✔ Active" in tools


def test_markers_in_hand_written_pages_are_expanded(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "versus:" not in html
    assert 'class="versus-tree"' in html and "../compare/alpha-vs-beta/" not in html
    assert 'href="compare/alpha-vs-beta/"' in html


def test_examples_use_content_tabs_with_highlighted_code(site: Path) -> None:
    html = _read(site, "examples/hello")
    assert "tabbed-set" in html and 'class="highlight"' in html and "alpha</span>" in html


def test_review_queue_lists_stale_records(site: Path) -> None:
    text = _text(_read(site, "review"))
    assert "Review queue" in text
