"""The ratings grid at scale: past `COMPACT_ABOVE` rated cells a grid is compact (a word and a star
per cell, no notes in place), chosen from the data's size; every factor page anchors each subject's
note so a compact grid can lead to it; the stylesheet's symbols agree with the schema."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

import versus
from support import GOOD_KB, ROOT
from versus import gridview
from versus.plan import plan
from versus.render import html_link
from versus.views import RATING, grid_rows, pair_score

KB = versus.load(GOOD_KB).knowledge_base
CELLS = sum(1 for f in KB.of("factor") for s in KB.subjects if f.rating_for(s.id))
GRID = re.compile(r'<div class="versus-grid-wrap versus-grid-wrap--wide versus-grid-wrap--compact">(.*?)\n</div>\n', re.S)


def _pages(monkeypatch, limit: int) -> dict[str, str]:
    monkeypatch.setattr(gridview, "COMPACT_ABOVE", limit)
    return {page.uri: page.markdown for page in plan(KB)}


def _cells(row: str) -> list[tuple[str, str]]:
    return re.findall(r'<td class="(\w*)">(.*?)</td>', row)


def test_the_presentation_follows_the_number_of_rated_cells(monkeypatch) -> None:
    assert gridview.rated_cells(KB.subjects, grid_rows(KB)) == CELLS == 4
    monkeypatch.setattr(gridview, "COMPACT_ABOVE", CELLS)
    assert not gridview.is_compact(KB.subjects, grid_rows(KB))
    monkeypatch.setattr(gridview, "COMPACT_ABOVE", CELLS - 1)
    assert gridview.is_compact(KB.subjects, grid_rows(KB))


def test_a_small_grid_keeps_its_notes_in_place(monkeypatch) -> None:
    matrix = _pages(monkeypatch, CELLS)["matrix.md"]
    assert "versus-grid--compact" not in matrix
    assert matrix.count('<details class="versus-grid__note">') == CELLS + len(KB.of("factor"))
    assert "Open **Why** in any cell" in matrix


def _rows(grid: str) -> list[str]:
    return [line for line in grid.splitlines() if line.startswith('<tr><th scope="row">')]


def test_a_compact_matrix_has_a_word_and_a_star_per_cell_and_no_notes(monkeypatch) -> None:
    matrix = _pages(monkeypatch, CELLS - 1)["matrix.md"]
    grids = GRID.findall(matrix)
    assert len(grids) == 1 and "<details" not in grids[0] and "Why" not in grids[0]
    assert "Open **Why**" not in matrix and "a factor's name" in matrix  # the intro says where the notes are
    head = re.findall(r'<th scope="col" data-subject="([^"]+)">', grids[0])
    assert head == [s.id for s in KB.subjects]
    rows = _rows(grids[0])
    assert len(rows) == len(KB.of("factor"))
    for factor, row in zip(KB.of("factor"), rows):
        assert row.startswith(f'<tr><th scope="row"><a href="{html_link("matrix.md", f"factors/{factor.id}.md")}">{factor.name}</a></th>')
        for subject, (css, text) in zip(KB.subjects, _cells(row)):
            rating = factor.rating_for(subject.id).rating
            assert css == gridview.RATING_CLASS[rating]
            word = unescape(re.sub(r"<[^>]+>", "", text)).strip()
            won = subject.id in factor.verdict.winners
            assert word == RATING[rating]["title"] + (" ★ wins" if won else "")
        winner = KB.get(factor.verdict.winners[0], "subject").name
        assert f"<td>★ {winner}</td>" in row or factor.verdict.is_tie
    assert grids[0].count("Factors won") == 1


def test_a_compact_grid_comes_in_blocks_each_with_the_header_row(monkeypatch) -> None:
    monkeypatch.setattr(gridview, "CHUNK_ROWS", 1)
    grid = GRID.findall(_pages(monkeypatch, 0)["matrix.md"])[0]
    blocks = re.findall(r'<div class="versus-grid-chunk"><table class="versus-grid versus-grid--compact">(.*?)</table></div>',
                        grid, re.S)
    assert len(blocks) == len(KB.of("factor")) == 2
    for block, factor in zip(blocks, KB.of("factor")):
        assert re.findall(r'data-subject="([^"]+)"', block.split("</thead>")[0]) == [s.id for s in KB.subjects]
        assert [f">{factor.name}</a></th>" in row for row in _rows(block)] == [True]
    assert "<tfoot>" in blocks[-1] and "<tfoot>" not in blocks[0]  # the tally closes the last block


def test_compact_cells_stay_small(monkeypatch) -> None:
    matrix = _pages(monkeypatch, 0)["matrix.md"]
    cells = [c for row in _rows(GRID.findall(matrix)[0]) for c in re.findall(r"<td class=.*?</td>(?=<td|</tr>)", row)]
    plain = [c for c in cells if "★" not in c]
    assert cells and plain and all(len(c.encode()) <= 30 for c in plain), plain  # <td class="a">Adequate</td>
    assert all(len(c.encode()) <= 110 for c in cells)  # a winner adds its star and, for screen readers, "wins"


def test_a_compact_pair_page_stars_the_pairs_winner(monkeypatch) -> None:
    pages = _pages(monkeypatch, 0)
    a, b = KB.subjects
    score = pair_score(KB, a, b)
    page = next(md for uri, md in pages.items() if uri.startswith("compare/") and a.id in uri and b.id in uri)
    rows = _rows(GRID.findall(page)[0])
    assert len(rows) == len(score.verdicts)
    for verdict, row in zip(score.verdicts, rows):
        stars = [s.id for s, (_, text) in zip((a, b), _cells(row)) if "★" in text]
        assert stars == ([verdict.winner.id] if verdict.winner else [])
        assert f"<td>{gridview.verdict_words(KB, verdict.factor, verdict)}</td>" in row


def test_every_factor_page_anchors_each_subjects_note(monkeypatch) -> None:
    pages = _pages(monkeypatch, 0)
    for factor in KB.of("factor"):
        page = pages[f"factors/{factor.id}.md"]
        for subject in KB.subjects:
            assert re.search(rf"\]\([^)]*subjects/{subject.id}\.md[^)]*\)\{{ #{gridview.note_anchor(subject.id)} \}}", page)


def test_the_built_factor_pages_carry_the_anchors(real_site: Path) -> None:
    real = versus.load(ROOT / "data").knowledge_base
    factor = real.of("factor")[0]
    html = (real_site / "factors" / f"{factor.id}.html").read_text(encoding="utf-8")
    for subject in real.subjects:
        assert f'id="{gridview.note_anchor(subject.id)}"' in html


@pytest.mark.parametrize("rating", list(RATING))
def test_the_stylesheet_draws_each_ratings_symbols_and_colour(rating: str) -> None:
    css = (ROOT / "plugins" / "versus" / "assets" / "stylesheets" / "versus.css").read_text(encoding="utf-8")
    code = gridview.RATING_CLASS[rating]
    symbol = RATING[rating]["x-symbol"]
    rule = re.search(rf"\.versus-grid--compact td\.{code}::before \{{([^}}]*)\}}", css)
    assert rule and f'"{symbol} " / ""' in rule.group(1), f"versus.css: symbols for {rating} ({symbol})"
    assert re.search(rf'\[data-rating="{rating}"\], \.md-typeset \.versus-grid--compact td\.{code} \{{ background', css)


def test_rating_classes_are_distinct() -> None:
    assert len(set(gridview.RATING_CLASS.values())) == len(RATING)


def test_a_long_grid_comes_in_parts_that_sections_can_cut_between(monkeypatch) -> None:
    from versus import segments

    monkeypatch.setattr(gridview, "CHUNK_ROWS", 1)
    factors = [f.name for f in KB.of("factor")]
    assert len(factors) == 2
    matrix = _pages(monkeypatch, CELLS)["matrix.md"]
    parts = re.findall(r'<div class="versus-grid-wrap versus-grid-wrap--part" markdown>\n(.*?)\n</div>\n', matrix, re.S)
    assert len(parts) == 2
    for part, name in zip(parts, factors):  # each part: the header row, its factor, in order
        assert part.count("<thead>") == 1 and part.count('<th scope="row"><a') == 1 and f">{name}</a></th>" in part
    assert "<tfoot>" not in parts[0] and "<tfoot>" in parts[1]  # the tallies once, at the end
    assert '</div>\n\n<div class="versus-grid-wrap versus-grid-wrap--part" markdown>' in matrix
    starts = [text.split("\n", 1)[0] for text in segments.split(matrix)]
    assert starts.count('<div class="versus-grid-wrap versus-grid-wrap--part" markdown>') == 2


def test_a_short_or_wide_grid_is_one_table() -> None:
    rows = [(f"factor {n}", None) for n in range(gridview.CHUNK_ROWS + 1)]
    assert [len(p) for p in gridview.parts(["s"] * 4, rows)] == [gridview.CHUNK_ROWS, 1]
    assert [len(p) for p in gridview.parts(["s"] * 4, rows[:-1])] == [gridview.CHUNK_ROWS]
    assert [len(p) for p in gridview.parts(["s"] * 7, rows)] == [gridview.CHUNK_ROWS + 1]  # columns sized by content
