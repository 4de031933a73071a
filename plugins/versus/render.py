"""Jinja rendering of pages, with templates overridable from the site's `overrides/versus/`.

Templates ending in `.md.j2` produce Markdown; `.html.j2` produce HTML and are autoescaped.
Record text is already Markdown (raw HTML was rejected by validation); plain fields such as
names go through the `plain` filter, which escapes Markdown's special characters.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from .kinds import KIND_BY_NAME
from .links import TEXT_LINK
from .model import KnowledgeBase, Record, Ref

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def plain(text: Any) -> str:
    """Escape a plain-text value so Markdown shows it literally."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


class Renderer:
    """Renders pages. `edit_base` + a data file's path relative to `project_root` is its edit URL."""

    def __init__(self, override_dir: Path | None = None, *, edit_base: str | None = None,
                 project_root: Path | None = None) -> None:
        self.edit_base = edit_base.rstrip("/") + "/" if edit_base else None
        self.project_root = (project_root or Path.cwd()).resolve()
        loaders = [FileSystemLoader(str(override_dir))] if override_dir and override_dir.is_dir() else []
        loaders.append(PackageLoader("versus", "templates"))
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=lambda name: bool(name and name.endswith(".html.j2")),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(plain=plain, link=_link, text=_text, url=_url)

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def edit_url(self, file: Path | None) -> str | None:
        """Where to edit a data file online, or None if the site has no repository."""
        if not self.edit_base or file is None:
            return None
        try:
            return self.edit_base + file.resolve().relative_to(self.project_root).as_posix()
        except ValueError:
            return None

    def render_record(self, kb: KnowledgeBase, record: Record, uri: str) -> str:
        return self.render(f"{record.kind}.md.j2", kb=kb, record=record, page_uri=uri,
                           kinds=KIND_BY_NAME, edit_url=self.edit_url(record.file))


def _uri_for(ref: Ref) -> str:
    return f"{KIND_BY_NAME[ref.kind].folder}/{ref.id}.md"


def _relative(context, to_uri: str) -> str:
    from .plan import relative_link

    return relative_link(context["page_uri"], to_uri)


@pass_context
def _url(context, target: Ref | Record | str, kind: str | None = None) -> str:
    """Relative URL of a record's page from the page being rendered."""
    ref = target.ref if isinstance(target, Record) else (Ref(kind, target) if kind else target)
    if isinstance(ref, str):
        ref = Ref.parse(ref)
    return _relative(context, _uri_for(ref))


@pass_context
def _link(context, target: Ref | Record | str, kind: str | None = None, label: str | None = None) -> str:
    """A Markdown link to a record, labelled and titled with the record's name."""
    kb: KnowledgeBase = context["kb"]
    ref = target.ref if isinstance(target, Record) else (Ref(kind, target) if kind else target)
    if isinstance(ref, str):
        ref = Ref.parse(ref)
    record = kb.get(ref)
    title = record.name.replace('"', "'")
    return f'[{plain(label or record.name)}]({_relative(context, _uri_for(ref))} "{plain(title)}")'


@pass_context
def _text(context, text: str | None) -> str:
    """Record Markdown with [[kind:id]] links turned into links to the records' pages."""
    if not text:
        return ""

    def replace(match: re.Match) -> str:
        return _link(context, Ref(match.group(1), match.group(2)), label=match.group(3))

    return TEXT_LINK.sub(replace, text.strip())
