"""The ratings grid at any size: which presentation a grid gets, and what a compact grid shows.

A grid small enough to read cell by cell shows every note in place (`_grid.md.j2`): about 500
bytes a cell with its "Why" disclosure. Past `COMPACT_ABOVE` rated cells that would make the page
heavy and slow to open (6,000 cells are 3 MB), and no one reads thousands of notes in one table,
so the grid turns compact (`_grid_compact.html.j2`): each cell is the rating's word and, for the
winner, a star (about 30 bytes); the factor's name leads to its page, where every subject's note,
confidence and sources are, each with its own anchor (`note_anchor`). Its rows come in blocks
(`CHUNK_ROWS`) that the browser renders only when they scroll into view.
"""

from __future__ import annotations

from typing import Sequence

from msgspec import Struct

from .model import Factor, KnowledgeBase, Subject
from .views import RATING, PairVerdict

#: Rated cells above which a grid is compact. At a typical note's length, 600 cells with their notes
#: come to about 300 KB, which keeps any full grid's page under 400 KB; the real knowledge base
#: (52 cells) and ten times its factors (520) keep their notes in place.
COMPACT_ABOVE = 600

#: Factors per block of a compact grid. Each block is its own table with the header row, and the
#: browser lays out and styles only the blocks in view (versus.css: content-visibility), so opening
#: the page costs about as much for 150 factors as for 40. 20 rows are about one screen.
CHUNK_ROWS = 20

#: A short class per rating for the compact cells (the CSS colours them and adds the symbols).
RATING_CLASS = {key: key[0] for key in RATING}


class CompactCell(Struct, frozen=True):
    css: str  # the rating's class, "" for a subject without a rating
    word: str  # the rating's word, the cell's text
    won: bool  # this subject wins the factor (alone or shared)


class CompactRow(Struct, frozen=True):
    factor: Factor
    verdict: str  # the verdict in words: "★ Name", "Tie: A = B", "Tie", "No verdict"
    cells: tuple[CompactCell, ...]  # in subject order


Rows = Sequence[tuple[Factor, "PairVerdict | None"]]


def rated_cells(subjects: Sequence[Subject], rows: Rows) -> int:
    return sum(1 for factor, _ in rows for s in subjects if factor.rating_for(s.id) is not None)


def is_compact(subjects: Sequence[Subject], rows: Rows) -> bool:
    """Whether this grid is too big for its notes in place (see COMPACT_ABOVE)."""
    return rated_cells(subjects, rows) > COMPACT_ABOVE


def parts(subjects: Sequence[Subject], rows: Rows) -> list[list]:
    """A full grid's rows in parts of CHUNK_ROWS factors, each drawn as its own table with the header
    row, one after another (the columns line up: a grid of up to six subjects has fixed column
    widths). Each part is a separate block of the page's Markdown, so an edit to one note converts
    only its part again under `mkdocs serve` (versus.segments cuts between them). A wide grid (more
    than six subjects) sizes its columns by their content, and stays one table."""
    rows = list(rows)
    if len(subjects) > 6 or len(rows) <= CHUNK_ROWS:
        return [rows]
    return [rows[start:start + CHUNK_ROWS] for start in range(0, len(rows), CHUNK_ROWS)]


def note_anchor(subject_id: str) -> str:
    """The anchor of a subject's note on a factor's page."""
    return f"rating-{subject_id}"


_CELLS = {(key, won): CompactCell(RATING_CLASS[key], member["title"], won)
          for key, member in RATING.items() for won in (False, True)}
_UNRATED = CompactCell("", "", False)


def compact_rows(kb: KnowledgeBase, subjects: Sequence[Subject], rows: Rows) -> list[CompactRow]:
    """The compact grid's rows: per factor, its verdict in words and one cell per subject. A row
    with a pair's verdict stars that pair's winner; otherwise the factor's own winners."""
    out = []
    for factor, verdict in rows:
        if verdict is None:
            winners = set(factor.verdict.winners)
        else:
            winners = {verdict.winner.id} if verdict.winner else set()
        cells = []
        for s in subjects:
            rating = factor.rating_for(s.id)
            cells.append(_CELLS[(rating.rating, s.id in winners)] if rating else _UNRATED)
        out.append(CompactRow(factor, verdict_words(kb, factor, verdict), tuple(cells)))
    return out


def verdict_words(kb: KnowledgeBase, factor: Factor, verdict: PairVerdict | None) -> str:
    """A row's verdict in words, as the compact grid shows it: a pair's verdict, or the factor's own."""
    if verdict is not None:
        return f"★ {verdict.winner.name}" if verdict.winner else "Tie" if verdict.tie else "No verdict"
    winners = [kb.get(w, "subject").name for w in factor.verdict.winners]
    return f"Tie: {' = '.join(winners)}" if factor.verdict.is_tie else f"★ {winners[0]}"


def compact_chunks(kb: KnowledgeBase, subjects: Sequence[Subject], rows: Rows) -> list[list[CompactRow]]:
    """The compact grid's rows in blocks of CHUNK_ROWS (the last block may be shorter)."""
    made = compact_rows(kb, subjects, rows)
    return [made[start:start + CHUNK_ROWS] for start in range(0, len(made), CHUNK_ROWS)]
