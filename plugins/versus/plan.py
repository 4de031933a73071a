"""The site as data: one `PageSpec` per generated page, Markdown built from Jinja templates.

Nothing here knows about MkDocs. Links between generated pages are relative `.md` links, so
the planned pages work with any Markdown site generator, and MkDocs checks every one of them.

Pages (URIs inside the docs folder):
    <kind folder>/index.md         an index per kind          matrix.md       subjects x factors
    <kind folder>/<id>.md          one page per record        compare/...     pairs and all subjects
    review.md                      the review queue           reference.md    the data legend
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .deps import Dependency, Tracked, changes, stale
from .kinds import KINDS
from .model import KnowledgeBase
from .render import Renderer
from .views import pair_slug, pairs


@dataclass(frozen=True)
class PageSpec:
    uri: str  # path of the Markdown file inside the docs folder: tools/onnx.md
    title: str
    markdown: str
    source_file: Path | None  # the YAML file it comes from, for "edit this page"
    nav_section: str
    edit_url: str | None = None  # where to edit source_file online, computed once per page


@dataclass(frozen=True)
class PlanOptions:
    max_pair_subjects: int = 12
    """Pair pages are made among the first N subjects only (N*(N-1)/2 pages; 12 -> 66)."""
    review_age_days: int = 365
    """Records reviewed longer ago than this appear in the review queue."""
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class PlanState:
    """A plan with what each page was made from (see versus.deps), to re-plan after an edit."""
    kb: KnowledgeBase
    options: PlanOptions
    pages: tuple[PageSpec, ...]
    deps: Mapping[str, frozenset[Dependency]]  # page uri -> what it read
    rendered: int  # pages rendered for this plan (the others were reused from the previous one)


def plan(kb: KnowledgeBase, renderer: Renderer | None = None, options: PlanOptions | None = None) -> list[PageSpec]:
    """Every page generated from the knowledge base, in a stable order."""
    return list(plan_state(kb, renderer, options, track=False).pages)


def plan_state(kb: KnowledgeBase, renderer: Renderer | None = None, options: PlanOptions | None = None, *,
               previous: PlanState | None = None, track: bool = True) -> PlanState:
    """Plan every page; with `previous` (a plan of an earlier version of the same knowledge base,
    same renderer and options), pages whose dependencies did not change are reused, not rendered."""
    renderer = renderer or Renderer()
    options = options or PlanOptions()
    if previous is not None and previous.options != options:
        previous = None
    changed = changes(previous.kb, kb) if previous is not None else set()
    reused = {page.uri: page for page in previous.pages} if previous is not None else {}
    pages: list[PageSpec] = []
    deps: dict[str, frozenset[Dependency]] = {}
    rendered = 0

    def add(uri: str, title: str, template: str, section: str, source: Path | None = None, *,
            reads: tuple[Dependency, ...] = (), **context) -> None:
        nonlocal rendered
        old = reused.get(uri)
        if old is not None and old.title == title and not stale(previous.deps[uri], changed):
            pages.append(old)
            deps[uri] = previous.deps[uri]
            return
        tracked = Tracked(kb, set(reads)) if track else None
        markdown = renderer.render(template, kb=tracked or kb, page_uri=uri, options=options, **context)
        pages.append(PageSpec(uri, title, markdown, source, section, context.get("edit_url")))
        if tracked is not None:
            deps[uri] = frozenset(tracked.deps)
        rendered += 1

    add("matrix.md", "Comparison matrix", "matrix.md.j2", "Compare")
    chosen_pairs = pairs(kb, options.max_pair_subjects)
    everyone = (("subject", "*"),)
    add("compare/index.md", "Compare", "compare-index.md.j2", "Compare", reads=everyone, pairs=chosen_pairs)
    for a, b in chosen_pairs:
        add(f"compare/{pair_slug(a, b)}.md", f"{a.name} vs {b.name}", "compare.md.j2", "Compare",
            reads=(("subject", a.id), ("subject", b.id)), subjects=(a, b))
    add("compare/all.md", "All subjects side by side", "compare.md.j2", "Compare", reads=everyone, subjects=kb.subjects)
    add("compare/pick.md", "Compare any subjects", "pick.md.j2", "Compare")
    for kind in KINDS:
        records = kb.of(kind.name)
        add(f"{kind.folder}/index.md", kind.plural, "index.md.j2", kind.plural, reads=((kind.name, "*"),),
            kind=kind, records=records)
        for record in records:
            add(f"{kind.folder}/{record.id}.md", record.name, f"{kind.name}.md.j2", kind.plural, record.file,
                reads=((record.kind, record.id),), record=record, edit_url=renderer.edit_url(record.file),
                report_url=renderer.report_url(record))
    add("review.md", "Review queue", "review.md.j2", "About")
    add("reference.md", "How to read the data", "reference.md.j2", "About")
    _check_unique(pages)
    return PlanState(kb, options, tuple(pages), MappingProxyType(deps), rendered)


class PlanError(Exception):
    """Two generated pages share a path (validation's `page-clash` rule normally stops this)."""


def _check_unique(pages: list[PageSpec]) -> None:
    seen: dict[str, PageSpec] = {}
    for page in pages:
        first = seen.setdefault(page.uri, page)
        if first is not page:
            raise PlanError(f"'{first.title}' ({first.source_file or 'generated'}) and '{page.title}' "
                            f"({page.source_file or 'generated'}) would both be published as {page.uri}")
