"""The site as data: one `PageSpec` per generated page, Markdown built from Jinja templates.

Nothing here knows about MkDocs. Links between generated pages are relative `.md` links, so
the planned pages work with any Markdown site generator (`versus emit`), and MkDocs checks them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from .kinds import KIND_BY_NAME
from .model import KnowledgeBase, Record, Ref
from .render import Renderer


@dataclass(frozen=True)
class PageSpec:
    uri: str  # path of the Markdown file inside the docs folder: tools/onnx.md
    title: str
    markdown: str
    source_file: Path | None  # the YAML file it comes from, for "edit this page"
    nav_section: str


def record_uri(ref: Ref) -> str:
    return f"{KIND_BY_NAME[ref.kind].folder}/{ref.id}.md"


def relative_link(from_uri: str, to_uri: str) -> str:
    """A relative link between two docs-folder paths (both POSIX, both files)."""
    target, _, anchor = to_uri.partition("#")
    link = posixpath.relpath(target, posixpath.dirname(from_uri) or ".")
    return link + (f"#{anchor}" if anchor else "")


def plan(kb: KnowledgeBase, renderer: Renderer | None = None) -> list[PageSpec]:
    """Every page generated from the knowledge base, in a stable order."""
    renderer = renderer or Renderer()
    pages = []
    for kind in KIND_BY_NAME.values():
        for record in kb.of(kind.name):
            uri = record_uri(record.ref)
            markdown = renderer.render_record(kb, record, uri)
            pages.append(PageSpec(uri, record.name, markdown, record.file, kind.plural))
    return pages
