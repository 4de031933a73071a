"""Lookups the pages make again and again ("the caveats of this tool", "the scenarios this factor
decides"), each answered from a table built once per knowledge base (`KnowledgeBase.index`).

Scanning every caveat on every tool page makes planning grow with tools x caveats; a table makes
each page's lookup a dictionary access. Every function returns what the scan it replaces
returned, in the same order (display order, `kb.of`), so pages do not change.
"""

from __future__ import annotations

from .model import Caveat, Example, KnowledgeBase, Record, Scenario, Subject, Tool
from .schema import enum_members

_SEVERITY_ORDER = [member["const"] for member in enum_members("severity")]


def _group(records, keys) -> dict[str, tuple]:
    """key -> the records (in the order given) for which `keys(record)` yields that key."""
    groups: dict[str, list] = {}
    for record in records:
        for key in dict.fromkeys(keys(record)):
            groups.setdefault(key, []).append(record)
    return {key: tuple(group) for key, group in groups.items()}


def caveats_of_tool(kb: KnowledgeBase, tool_id: str) -> tuple[Caveat, ...]:
    """Caveats that name this tool, in display order."""
    return kb.index("caveats_by_tool", lambda k: _group(k.of("caveat"), lambda c: c.tools)).get(tool_id, ())


def caveats_for(kb: KnowledgeBase, subject_id: str) -> tuple[Caveat, ...]:
    """Caveats that affect this subject, most severe first, then by name."""
    def build(k: KnowledgeBase) -> dict[str, tuple]:
        groups = _group(k.of("caveat"), lambda c: c.subjects)
        return {key: tuple(sorted(group, key=lambda c: (_SEVERITY_ORDER.index(c.severity), c.name.lower())))
                for key, group in groups.items()}
    return kb.index("caveats_by_subject", build).get(subject_id, ())


def scenarios_deciding(kb: KnowledgeBase, factor_id: str) -> tuple[Scenario, ...]:
    """Scenarios this factor helps decide (weight above 0), in display order."""
    return kb.index("scenarios_by_factor", lambda k: _group(k.of("scenario"), lambda s: s.factors)).get(factor_id, ())


def scenarios_won_by(kb: KnowledgeBase, subject_id: str) -> tuple[Scenario, ...]:
    """Scenarios that recommend this subject, in display order."""
    return kb.index("scenarios_by_winner", lambda k: _group(k.of("scenario"), lambda s: (s.recommended,))).get(subject_id, ())


def scenarios_runner_up(kb: KnowledgeBase, subject_id: str) -> tuple[Scenario, ...]:
    """Scenarios that name this subject as the runner-up, in display order."""
    return kb.index("scenarios_by_runner_up",
                    lambda k: _group(k.of("scenario"), lambda s: (s.runner_up,) if s.runner_up else ())).get(subject_id, ())


def tools_for(kb: KnowledgeBase, subject_id: str) -> tuple[Tool, ...]:
    """Tools that work with this subject, in display order."""
    return kb.index("tools_by_subject", lambda k: _group(k.of("tool"), lambda t: t.subjects)).get(subject_id, ())


def tools_in_category(kb: KnowledgeBase, category_id: str) -> tuple[Tool, ...]:
    """Tools of one category, in display order."""
    return kb.index("tools_by_category", lambda k: _group(k.of("tool"), lambda t: (t.category,))).get(category_id, ())


def tools_by_category(kb: KnowledgeBase, subjects: tuple[Subject, ...]) -> list[tuple[Record, list[list[Tool]]]]:
    """Rows of (category, [tools of subject 1], [tools of subject 2], ...) for categories that
    have a tool for at least one of the subjects."""
    by_cell = kb.index("tools_by_category_subject", _tools_by_category_subject)
    rows = []
    for category in kb.of("category"):
        columns = [list(by_cell.get((category.id, s.id), ())) for s in subjects]
        if any(columns):
            rows.append((category, columns))
    return rows


def _tools_by_category_subject(kb: KnowledgeBase) -> dict[tuple[str, str], list[Tool]]:
    cells: dict[tuple[str, str], list[Tool]] = {}
    for tool in kb.of("tool"):
        for subject_id in tool.subjects:
            cells.setdefault((tool.category, subject_id), []).append(tool)
    return cells


def snippet_for(example: Example, subject_id: str):
    """The example's snippet for this subject, or None."""
    return next((snippet for snippet in example.snippets if snippet.subject == subject_id), None)
