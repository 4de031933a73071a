"""What a generated page says about itself, as YAML front matter: a description taken from its
record (for search engines and link previews) and how the site's search weighs it.

Search policy, so a search for a name finds that record first:
- record pages of things readers look up (subjects, tools, terms, ...) are boosted;
- source pages, indexes and the review queue are demoted: they repeat names from other pages;
- pages that only repeat other pages (all subjects side by side, the pick page) are left out, and
  pair pages keep just their summary in the index (see `data-search-exclude` in compare.md.j2).
"""

from __future__ import annotations

import json
import re

from .links import TEXT_LINK
from .model import KnowledgeBase, Record, Ref

BOOST = {"subject": 3, "tool": 3, "term": 2, "scenario": 2, "factor": 2, "caveat": 2, "decision": 2,
         "example": 1.5, "category": 1, "source": 0.3}
INDEX_BOOST = 0.5
EXCLUDED = {"compare/all.md", "compare/pick.md", "review.md"}
MAX_DESCRIPTION = 160

_PARENTHESIS = re.compile(r"\([^)]*\)")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*`#|\\]+|(?<!\w)_+|_+(?!\w)")  # an underscore inside a word (from_keras) stays
# Material prints the description into an attribute without escaping it: drop what could end it.
_UNSAFE = re.compile(r"[<>\"&]")


def plain_text(markdown: str, kb: KnowledgeBase) -> str:
    """Record Markdown as one line of plain text: [[kind:id]] links become names."""

    def name(match: re.Match) -> str:
        if match.group(3):
            return match.group(3)
        try:  # through `get`, so that a page's description depends on this record only (versus.deps)
            return kb.get(Ref(match.group(1), match.group(2))).name
        except KeyError:
            return match.group(2)

    return safe_text(_MARKUP.sub("", _MD_LINK.sub(r"\1", TEXT_LINK.sub(name, markdown))))


def safe_text(text: str) -> str:
    """Plain text on one line, without the characters that could end an HTML attribute."""
    return " ".join(_UNSAFE.sub(lambda m: "and" if m.group(0) == "&" else "", text).split())


def shorten(text: str, limit: int = MAX_DESCRIPTION) -> str:
    """At most `limit` characters, cut after a whole sentence or else a whole word."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    sentence = max(cut.rfind(". "), cut.rfind("; "))
    if sentence > limit // 2:
        return cut[: sentence + 1].rstrip(";") + ("" if cut[sentence] == "." else ".")
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…"


def describe(record: Record, kb: KnowledgeBase) -> str:
    """One or two sentences about a record, from its own fields."""
    kind = record.kind
    if kind == "source":
        publisher = f", published by {record.publisher}" if record.publisher else ""
        return shorten(safe_text(f"{record.name}{publisher}: a source cited on this site."))
    elif kind == "factor":
        text = f"{record.question} Every subject rated, with the verdict and its sources."
    else:
        text = next((getattr(record, name) for name in ("summary", "definition", "task", "description")
                     if getattr(record, name, None)), record.name)
    return shorten(plain_text(str(text), kb))


def search_names(record: Record) -> list[str]:
    """The names a reader types to find a record: its name without a parenthesis, and its aliases.
    Given to search as tags, the field it weighs most, so "onnx" finds ONNX before tf2onnx."""
    short = " ".join(_PARENTHESIS.sub(" ", record.name).split()) or record.name
    return list(dict.fromkeys([short, *getattr(record, "aliases", ())]))


def front_matter(uri: str, *, description: str, kind: str | None = None, is_index: bool = False,
                 tags: list[str] | None = None) -> str:
    """The YAML front matter for a generated page (JSON strings are valid YAML)."""
    lines = [f"description: {json.dumps(description, ensure_ascii=False)}"]
    if tags:
        lines.append(f"tags: {json.dumps(tags, ensure_ascii=False)}")
    if uri in EXCLUDED:
        lines.append("search: {exclude: true}")
    elif is_index:
        lines.append(f"search: {{boost: {INDEX_BOOST}}}")
    elif kind in BOOST:
        lines.append(f"search: {{boost: {BOOST[kind]}}}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"
