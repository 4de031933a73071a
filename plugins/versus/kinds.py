"""The kinds of record: folder names, reference prefixes, display names.

This is the one place that lists them. Everything else (loader, schema lookup, references,
pages) derives from `KINDS`.
"""

from __future__ import annotations

from typing import Iterable

from msgspec import Struct


class Kind(Struct, frozen=True):
    name: str  # the reference prefix and schema name: tool -> tool:onnx, tool.schema.json
    folder: str  # the folder under data/ and the URL prefix of its pages
    title: str  # singular, for headings
    plural: str  # for index pages and navigation


KINDS: tuple[Kind, ...] = (
    Kind("subject", "subjects", "Subject", "Subjects"),
    Kind("factor", "factors", "Factor", "Factors"),
    Kind("scenario", "scenarios", "Scenario", "Scenarios"),
    Kind("tool", "tools", "Tool", "Tools"),
    Kind("caveat", "caveats", "Caveat", "Caveats"),
    Kind("decision", "decisions", "Decision tree", "Decision trees"),
    Kind("example", "examples", "Example", "Examples"),
    Kind("source", "sources", "Source", "Sources"),
    Kind("term", "glossary", "Glossary term", "Glossary"),
    Kind("category", "categories", "Tool category", "Tool categories"),
)
KIND_BY_NAME = {k.name: k for k in KINDS}
KIND_BY_FOLDER = {k.folder: k.name for k in KINDS}


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The most similar choice, for "did you mean ...?" hints, or None."""
    import difflib  # only when something is misspelt: not part of every build's import

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None
