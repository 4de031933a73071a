"""Evidence: every rating says what it rests on, and how sure it is.

A rating cites its own sources, or is marked as the editors' judgement with its basis written out.
'confirmed' means an official source says so, so it must cite one. Runs on a built model, where
every cited source resolves, for factor ratings and for the ratings a scenario makes its own.
"""

from __future__ import annotations

from typing import Iterator, Mapping

from .diagnostics import Report
from .load import RawRecord
from .model import KnowledgeBase, Rating, Record

CONFIRMING_TYPES = ("official",)


def ratings_of(kb: KnowledgeBase) -> Iterator[tuple[Record, tuple, Rating]]:
    """(record, path of the rating entry in its file, rating) for every rating in the knowledge base."""
    for factor in kb.of("factor"):
        for rating in factor.ratings:  # type: ignore[attr-defined]
            yield factor, ("ratings", rating.subject), rating
    for scenario in kb.of("scenario"):
        for factor_id, rating in scenario.ratings:  # type: ignore[attr-defined]
            yield scenario, ("ratings", factor_id, rating.subject), rating


def check(kb: KnowledgeBase, raws: Mapping[tuple[str, str], RawRecord], report: Report) -> None:
    for record, path, rating in ratings_of(kb):
        raw = raws[(record.kind, record.id)]

        def at(sub: tuple, rule: str, message: str, *, key: bool = False) -> None:
            pos = raw.where(path + sub, key=key)
            report.add(raw.file, pos.line, pos.col, rule, message)

        where = f"rating of '{rating.subject}'" + (f" on '{path[1]}'" if record.kind == "scenario" else "")
        if rating.confidence == "judgement":
            if not rating.basis:
                at(("confidence",), "rating-confidence",
                   f"{where} is the editors' judgement but does not say what it rests on; add 'basis' with a sentence "
                   "readers will see")
            continue
        if not rating.sources:
            at((), "rating-source",
               f"{where} is marked '{rating.confidence}' but cites no source; add 'sources', or write "
               "'confidence: judgement' with a 'basis'", key=True)
            continue
        if rating.confidence == "confirmed":
            types = {kb.get(s, "source").type for s in rating.sources}  # type: ignore[attr-defined]
            if not types & set(CONFIRMING_TYPES):
                at(("confidence",), "rating-confidence",
                   f"{where} is marked 'confirmed', but none of its sources is official (they are: "
                   f"{', '.join(sorted(types))}); cite the project's own documentation, or mark it 'reported'")
        if rating.basis:
            at(("basis",), "rating-confidence",
               f"{where} has a 'basis', which only an editors' judgement needs; remove it or mark the rating "
               "'confidence: judgement'")
