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
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from msgspec import Struct, field

from .deps import Dependency, Tracked, changes, stale
from .kinds import KINDS
from .model import KnowledgeBase
from .pagemeta import describe, front_matter, search_names
from .render import Renderer
from .views import factors, pair_score, pair_slug, pairs


class PageSpec(Struct, frozen=True):
    uri: str  # path of the Markdown file inside the docs folder: tools/onnx.md
    title: str
    markdown: str
    source_file: Path | None  # the YAML file it comes from, for "edit this page"
    nav_section: str
    edit_url: str | None = None  # where to edit source_file online, computed once per page


class PlanOptions(Struct, frozen=True):
    max_pair_subjects: int = 12
    """Pair pages are made among the first N subjects only (N*(N-1)/2 pages; 12 -> 66)."""
    review_age_days: int = 365
    """Records reviewed longer ago than this appear in the review queue."""
    today: dt.date = field(default_factory=dt.date.today)


class PlanState(Struct, frozen=True):
    """A plan with what each page was made from (see versus.deps), to re-plan after an edit."""
    kb: KnowledgeBase
    options: PlanOptions
    pages: tuple[PageSpec, ...]
    deps: Mapping[str, frozenset[Dependency]]  # page uri -> what it read
    rendered: int  # pages rendered for this plan (the others were reused from the previous one)


def plan(kb: KnowledgeBase, renderer: Renderer | None = None, options: PlanOptions | None = None) -> list[PageSpec]:
    """Every page generated from the knowledge base, in a stable order."""
    return list(plan_state(kb, renderer, options, track=False).pages)


#: What the descriptions and pair scores computed here (outside the templates) read.
_SUMMARY_READS: tuple[Dependency, ...] = (("subject", "*"), ("factor", "*"))


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

    names = " and ".join(", ".join(s.name for s in kb.subjects).rsplit(", ", 1))
    n_factors = len(factors(kb))

    def add(uri: str, title: str, template: str, section: str, source: Path | None = None, *,
            description: str | None = None, record_kind: str | None = None, is_index: bool = False,
            tags: list[str] | None = None, reads: tuple[Dependency, ...] = (), **context) -> None:
        nonlocal rendered
        uri = renderer.prefix + uri  # the `prefix` option: every generated page under one folder
        old = reused.get(uri)
        if old is not None and old.title == title and not stale(previous.deps[uri], changed):
            pages.append(old)
            deps[uri] = previous.deps[uri]
            return
        tracked = Tracked(kb, set(reads)) if track else None
        seen = tracked or kb
        if description is None:  # a record page: described from the record, through the tracker
            description = describe(context["record"], seen)
        report = renderer.report_page_url(title)
        markdown = renderer.render(template, kb=seen, page_uri=uri, options=options, report_page_url=report, **context)
        meta = front_matter(uri, description=description, kind=record_kind, is_index=is_index, tags=tags)
        if markdown.startswith("---\n"):  # the template has front matter of its own: merge the two
            markdown = meta[: -len("---\n\n")] + markdown[len("---\n"):]
        else:
            markdown = meta + markdown
        pages.append(PageSpec(uri, title, markdown, source, section, context.get("edit_url")))
        if tracked is not None:
            deps[uri] = frozenset(tracked.deps)
        rendered += 1

    summary = _SUMMARY_READS
    add("matrix.md", "Comparison matrix", "matrix.md.j2", "Compare", reads=summary,
        description=f"{names} rated on {n_factors} factors at a glance, with each factor's verdict, "
                    "the notes behind every rating, and weights you can set.")
    chosen_pairs = pairs(kb, options.max_pair_subjects)
    scores = {(a.id, b.id): pair_score(kb, a, b) for a, b in chosen_pairs}
    add("compare/index.md", "Compare", "compare-index.md.j2", "Compare", pairs=chosen_pairs, scores=scores,
        reads=summary, description=f"Every pair of {names}, with the score of each pair across {n_factors} factors.")
    for a, b in chosen_pairs:
        score = scores[(a.id, b.id)]
        add(f"compare/{pair_slug(a, b)}.md", f"{a.name} vs {b.name}", "compare.md.j2", "Compare", subjects=(a, b),
            score=score, reads=summary,
            description=f"{a.name} vs {b.name} across {n_factors} factors: {score.headline}. "
                        "Ratings, verdicts, tools, caveats and code side by side.")
    add("compare/all.md", "All subjects side by side", "compare.md.j2", "Compare", subjects=kb.subjects,
        score=None, reads=summary, description=f"{names} side by side: ratings, scenarios, tools, caveats and code.")
    add("compare/pick.md", "Compare any subjects", "pick.md.j2", "Compare", reads=summary,
        description=f"Choose any of {names} and compare just those, factor by factor.")
    for kind in (kb.domain.kinds[k.name] for k in KINDS):
        records = kb.of(kind.name)
        add(f"{kind.folder}/index.md", kind.plural, "index.md.j2", kind.plural, kind=kind, records=records,
            is_index=True, reads=((kind.name, "*"), ("subject", "*")),
            description=f"{kind.plural}: every one in this knowledge base of {names}, in one list.")
        for record in records:
            add(f"{kind.folder}/{record.id}.md", record.name, f"{kind.name}.md.j2", kind.plural, record.file,
                record=record, edit_url=renderer.edit_url(record.file), report_url=renderer.report_url(record),
                record_kind=record.kind, reads=((record.kind, record.id),),
                tags=search_names(record) if record.kind != "source" else None)
    add("review.md", "Review queue", "review.md.j2", "About", description="Records due for review.")
    add("reference.md", "How to read the data", "reference.md.j2", "About",
        description="What the ratings, statuses, severities and source kinds on this site mean.")
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
