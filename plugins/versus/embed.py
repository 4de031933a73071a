"""Generated blocks inside hand-written pages.

A line consisting of a marker is replaced by the block it names:

    <!-- versus: cards -->         one card per subject: when to pick it, its tally of wins
    <!-- versus: matrix -->        subjects x factors with verdicts and the tally of wins
    <!-- versus: verdicts -->      one line per factor: winner and reason
    <!-- versus: legend -->        the rating scale
    <!-- versus: scenarios -->     every scenario with its recommendation
    <!-- versus: pairs -->         links to every pair page
    <!-- versus: trees -->         links to every decision tree
    <!-- versus: tree ID -->       the diagram of one decision tree

Markers are HTML comments, so a page shows nothing odd where versus is not installed. Only
whole lines are markers; text is never evaluated as a template.
"""

from __future__ import annotations

import re

from msgspec import Struct

from .kinds import closest
from .model import KnowledgeBase
from .render import Renderer

MARKER = re.compile(r"^[ \t]*<!--\s*versus:\s*(?P<name>[a-z-]+)(?:\s+(?P<arg>[a-z0-9-]+))?\s*-->[ \t]*$", re.M)
BLOCKS = {"cards": "_cards.md.j2", "matrix": "_matrix.md.j2", "verdicts": "_verdicts.md.j2", "legend": "_legend.md.j2",
          "scenarios": "_scenarios.md.j2", "pairs": "_pairs.md.j2", "trees": "_trees.md.j2", "tree": "_tree.md.j2"}


class MarkerError(Struct, frozen=True):
    line: int
    message: str


def expand(markdown: str, page_uri: str, kb: KnowledgeBase, renderer: Renderer, options) -> tuple[str, list[MarkerError]]:
    """Replace every marker line; return the new Markdown and the markers that could not be expanded."""
    errors: list[MarkerError] = []

    def replace(match: re.Match) -> str:
        line = markdown.count("\n", 0, match.start()) + 1
        name, arg = match.group("name"), match.group("arg")
        template = BLOCKS.get(name)
        if template is None:
            guess = closest(name, BLOCKS)
            errors.append(MarkerError(line, f"unknown block '{name}'" + (f"; did you mean '{guess}'?" if guess else "")
                                      + f" (blocks: {', '.join(BLOCKS)})"))
            return match.group(0)
        context = {}
        if name == "tree":
            trees = kb.records.get("decision", {})
            if arg not in trees:
                guess = closest(arg or "", trees)
                errors.append(MarkerError(line, f"no decision tree '{arg}'" + (f"; did you mean '{guess}'?" if guess else "")))
                return match.group(0)
            context["record"] = trees[arg]
        elif arg:
            errors.append(MarkerError(line, f"block '{name}' takes no argument"))
            return match.group(0)
        return "\n" + renderer.render(template, kb=kb, page_uri=page_uri, options=options, **context) + "\n"

    return MARKER.sub(replace, markdown), errors
