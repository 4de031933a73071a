"""versus: a static comparison knowledge base engine.

    result = versus.load("data")
    if result.ok:
        kb = result.knowledge_base
    else:
        for diagnostic in result.diagnostics: print(diagnostic.format())

The engine imports nothing from MkDocs; `versus.mkdocs_plugin` is the adapter.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Mapping

from msgspec import Struct, field

from . import coherence, domain, evidence
from .diagnostics import RULES, Diagnostic, Report
from .gcpause import paused_gc
from .load import load_dir
from .model import KnowledgeBase, build_model
from .validate import validate_records

__all__ = ["RULES", "Diagnostic", "KnowledgeBase", "LoadResult", "load"]


class LoadResult(Struct, frozen=True):
    diagnostics: tuple[Diagnostic, ...]
    knowledge_base: KnowledgeBase | None
    records_checked: int
    files_with_errors: int
    raw_data: Mapping[tuple[str, str], dict] = field(default_factory=dict)
    """(kind, id) -> the record's plain data as loaded, for every file that parsed, valid or not."""

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def ok(self) -> bool:
        return not self.errors


def _has_errors(report: Report) -> bool:
    return any(d.severity == "error" for d in report.items)


@paused_gc()
def load(data_dir: str | Path, *, today: dt.date | None = None, memo: dict | None = None) -> LoadResult:
    """Load, validate and model a knowledge base. Never raises for bad data: see `.diagnostics`.
    `memo`: an empty dict, passed again to later loads of the same folder, so that unchanged files
    are neither parsed nor checked again (used by `mkdocs serve`)."""
    data_dir = Path(data_dir)
    report = Report()
    raws, known = load_dir(data_dir, report, memo)
    checked = validate_records(raws, report, today, known)
    settings = [r for r in raws if r.kind == "settings"]  # data/versus.yaml, the domain's declarations
    valid = [r for r in checked if r.kind != "settings"]
    the_domain = domain.Domain()
    if all(r in checked for r in settings):
        the_domain = domain.domain_from(settings[0] if settings else None)
        domain.check(valid, the_domain, report)
    kb = build_model(data_dir, valid, the_domain) if not _has_errors(report) else None
    if kb is not None:
        # Rules over the whole model: they need every reference resolved and every rating typed.
        by_ref = {(r.kind, r.id): r for r in valid}
        evidence.check(kb, by_ref, report)
        coherence.check(kb, by_ref, report)
        kb = kb if not _has_errors(report) else None
    diagnostics = tuple(report.sorted())
    return LoadResult(diagnostics, kb, len(raws) - len(settings), len({d.file for d in diagnostics if d.severity == "error"}),
                      {(r.kind, r.id): r.data for r in raws})
