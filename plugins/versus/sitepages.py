"""The adapter's view of the site around the generated pages: hand-written files they could clash
with, the paths a `nav:` names, the kinds' section titles, the banner shown while serving broken
data, and whether a strict build has logged warnings."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.utils import CountHandler

from .plan import PageSpec


def name_sections(nav, kb, prefix: str) -> None:
    """Without an explicit `nav:`, MkDocs names sections after folders ("Subjects"): use the
    knowledge base's own words for them ("Databases")."""
    plural = {f"{prefix}{kind.folder}/": kind.plural for kind in kb.domain.kinds.values()}
    sections = [item for item in nav.items if item.is_section]
    while sections:  # nested too: with a `prefix`, the kinds' sections sit inside its folder's
        item = sections.pop()
        sections.extend(child for child in item.children if child.is_section)
        pages = [child for child in item.children if getattr(child, "file", None)]
        folders = {prefix for child in pages for prefix in plural if child.file.src_uri.startswith(prefix)}
        if len(folders) == 1:
            item.title = plural[folders.pop()]


def strict_warnings() -> bool:
    """Whether a strict build has logged warnings (MkDocs then aborts after `on_post_build`)."""
    return any(isinstance(handler, CountHandler) and handler.get_counts()
               for handler in logging.getLogger("mkdocs").handlers)


def clashes(docs_dir: Path, pages: list[PageSpec]) -> list[str]:
    """Hand-written files that would be published at the same URL as a generated page."""
    present, seen = set(), set()  # every file under the docs folder, listed once (as MkDocs lists
    for dirpath, dirnames, filenames in os.walk(docs_dir, followlinks=True):  # them: through links)
        real = os.path.realpath(dirpath)
        if real in seen:  # a link back up the tree
            dirnames.clear()
            continue
        seen.add(real)
        folder = Path(dirpath).relative_to(docs_dir).as_posix()
        present.update(name if folder == "." else f"{folder}/{name}" for name in filenames)
    found = []
    for page in pages:
        stem = page.uri[: -len(".md")]
        for candidate in (f"{stem}.md", f"{stem}/index.md", f"{stem}.html", f"{stem}/index.html"):
            if candidate in present:
                origin = f" (from {page.source_file})" if page.source_file else ""
                found.append(f"{docs_dir / candidate}:1:1: error: generated page '{page.uri}'{origin} "
                             "clashes with a hand-written page of the same path; rename one of them")
    return found


def nav_paths(items) -> list[str]:
    """Every file path named in a `nav:` configuration."""
    found: list[str] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found.extend(nav_paths(value))
        elif isinstance(value, str):
            found.append(value)
    return found


def error_banner(errors: list[str]) -> str:
    """An admonition listing the data errors, shown on every page while serving broken data."""
    shown = errors[:20] + ([f"... and {len(errors) - 20} more"] if len(errors) > 20 else [])
    lines = ["This page shows the last valid data. Fix these and save; the site rebuilds itself.", "",
             "```text", *shown, "```"]
    body = "\n".join(("    " + line) if line else "" for line in lines)
    return f'!!! failure "The knowledge base has {len(errors)} error(s)"\n\n{body}\n\n'
