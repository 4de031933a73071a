"""Jinja rendering of pages, with templates overridable from the site's `overrides/versus/`.

Templates ending in `.md.j2` produce Markdown; `.html.j2` produce HTML and are autoescaped.
Record text is already Markdown (raw HTML was rejected by validation); plain fields such as
names go through the `plain` filter, which escapes Markdown's special characters.
"""

from __future__ import annotations

import os
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from jinja2 import (ChoiceLoader, Environment, FileSystemBytecodeCache, FileSystemLoader, PackageLoader,
                    StrictUndefined, pass_context)
from markupsafe import Markup

from .kinds import KIND_BY_NAME, KINDS
from .links import TEXT_LINK
from .model import KnowledgeBase, Record, Ref
from .pagelinks import (_relative_from, html_link, link_url, page_url, project_path,  # noqa: F401  (this module's interface)
                        relative_link)
from .scan import double_brackets, first_sentence

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|!])")


_TITLE_UNSAFE = re.compile(r"[\\\[\]()<>|\"`*_{}#!&]+")


@lru_cache(maxsize=65536)
def _link_title(text: str) -> str:
    return " ".join(_TITLE_UNSAFE.sub(" ", text).split())


def link_title(text: Any) -> str:
    """Text for a Markdown link title: a tooltip, so characters that could end it are dropped."""
    return _link_title(str(text))


def plain(text: Any) -> str:
    """A plain-text value (a name, a label) for Markdown inline text, a table cell or a heading:
    `&`, `<` and `>` become entities (so `&lt;` written in a name stays text, in the page and in
    the theme's <title>), Markdown's special characters are backslash-escaped, lines are joined."""
    return _plain(str(text))  # names repeat on every page that links them: each is escaped once


@lru_cache(maxsize=65536)
def _plain(text: str) -> str:
    text = " ".join(text.splitlines())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def quoted(text: Any) -> str:
    """A plain-text value inside a double-quoted Markdown title: an admonition title
    (`!!! note "..."`) or a content tab's label (`=== "..."`), both rendered as inline Markdown."""
    return plain(text).replace('"', "&quot;")


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates cached across builds (keyed by each template's source, so edits and
    overrides are picked up). Compiling takes about 0.1 s per build; loading the cache, 4 ms."""
    # Compiled code depends on the filters too (whether each takes the context), which are defined
    # here: a cache per version of this file, so changing a filter never runs stale code.
    import hashlib

    version = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:12]
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "versus" / "jinja" / version
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home: compile every time
    return FileSystemBytecodeCache(str(folder))


class Renderer:
    """Renders pages. `edit_base` + a data file's path relative to `project_root` is its edit URL."""

    def __init__(self, override_dir: Path | None = None, *, edit_base: str | None = None,
                 project_root: Path | None = None, directory_urls: bool = True, repo_url: str | None = None,
                 prefix: str = "") -> None:
        self.directory_urls = directory_urls
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""  # the folder generated pages live in
        self.repo_url = repo_url.rstrip("/") if repo_url else None
        self.edit_base = edit_base.rstrip("/") + "/" if edit_base else None
        self.project_root = (project_root or Path.cwd()).resolve()
        loaders = [FileSystemLoader(str(override_dir))] if override_dir and override_dir.is_dir() else []
        loaders.append(PackageLoader("versus", "templates"))
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            bytecode_cache=_bytecode_cache(),
            autoescape=lambda name: bool(name and name.endswith(".html.j2")),
            undefined=StrictUndefined,
            auto_reload=False,  # a renderer lives for one build: no need to stat every template on every use
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["html_url"] = pass_context(
            lambda context, target: html_link(context["page_uri"], self.prefix + _uri_for(target.ref), self.directory_urls))
        self.env.filters["html_page"] = pass_context(
            lambda context, uri: html_link(context["page_uri"], self.prefix + uri, self.directory_urls))
        self.env.filters["zip_names"] = lambda ids, kb: [{"id": i, "name": kb.get(i, "subject").name} for i in ids]
        self.env.filters.update(plain=plain, quoted=quoted, link_url=link_url, link=_link, text=_text, url=_url, page=_page, cell=_cell,
                                rating=rating_badge, confidence=confidence_badge, status=status_badge, json_attr=json_attribute, json_text=json_text, first_sentence=first_sentence, title_text=link_title, fence=fence, anchor=anchor)
        from . import gridview, stamps, tree, views

        self.env.tests["contains"] = lambda seq, item: item in seq
        self.env.filters["names"] = pass_context(lambda context, ids, kind: [context["kb"].get(i, kind).name for i in ids])
        self.env.filters["pair_verdict"] = pass_context(
            lambda context, factor, a, b: views.pair_verdict(context["kb"], factor, a, b))
        self.env.globals.update(folder_url=self.folder_url, views=views, gridview=gridview, tree_outline=tree.outline, kinds=KIND_BY_NAME, KINDS=KINDS, RATING=views.RATING,
                                STATUS=views.STATUS, SEVERITY=views.SEVERITY,
                                SOURCE_TYPE=views.SOURCE_TYPE, CONFIDENCE=views.CONFIDENCE,
                                pair_slug=views.pair_slug, stamps=stamps, prefix=self.prefix)

    def render(self, template: str, **context: Any) -> str:
        kb = context.get("kb")
        if kb is not None:
            context.setdefault("kinds", kb.domain.kinds)  # the words this knowledge base uses
        return self.env.get_template(template).render(**context)

    def report_url(self, record: Record) -> str | None:
        """A new issue about this record, prefilled from the 'wrong or outdated data' form."""
        return self._report(f"Wrong or outdated: {record.name}", str(record.ref))

    def report_page_url(self, title: str) -> str | None:
        """A new issue about a generated page that mixes many records (the matrix, a pair page)."""
        return self._report(f"Wrong or outdated: {title}", "(the page: " + title + "; name the factor or record if you can)")

    def _report(self, title: str, record: str) -> str | None:
        """The query `urlencode` writes for the form, its constant part encoded once."""
        if not self.repo_url:
            return None
        return f"{self.repo_url}/issues/new?template=wrong-data.yml&title={quote_plus(title)}&record={quote_plus(record)}"

    def folder_url(self, folder: Path) -> str | None:
        """Where a data folder can be browsed online (each of its files has an edit button there)."""
        if not self.repo_url:
            return None
        relative = project_path(folder, self.project_root)  # a folder resolves as a file does; cached
        return None if relative is None else f"{self.repo_url}/tree/main/{relative}/"

    def edit_url(self, file: Path | None) -> str | None:
        """Where to edit a data file online, or None if the site has no repository."""
        if not self.edit_base or file is None:
            return None
        relative = project_path(file, self.project_root)
        return None if relative is None else self.edit_base + link_url(relative)


def _uri_for(ref: Ref) -> str:
    return f"{KIND_BY_NAME[ref.kind].folder}/{ref.id}.md"


def _relative(context, to_uri: str) -> str:
    """`to_uri` is a generated page's path; with a `prefix`, every generated page lives under it."""
    return relative_link(context["page_uri"], context.get("prefix", "") + to_uri)


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
    if isinstance(target, Record):
        ref = target.ref
    elif kind:
        ref = Ref(kind, target)
    else:
        ref = Ref.parse(target) if isinstance(target, str) else target
    record = context["kb"].get(ref)
    return _link_markdown(_folder(context["page_uri"]), context.get("prefix", ""), ref.kind, ref.id, record.name, label)


_folder = lru_cache(maxsize=4096)(posixpath.dirname)  # every link from a page asks for the same folder


@lru_cache(maxsize=65536)
def _link_markdown(folder: str, prefix: str, kind: str, record_id: str, name: str, label: str | None) -> str:
    """The link `_link` writes, made once per linking folder, target, name and label."""
    target = _relative_from(folder, f"{prefix}{KIND_BY_NAME[kind].folder}/{record_id}.md")
    return f'[{plain(label or name)}]({target} "{link_title(name)}")'


@pass_context
def _text(context, text: str | None) -> str:
    """Record Markdown with [[kind:id]] links turned into links to the records' pages."""
    if not text:
        return ""

    text = text.strip()
    if "[[" not in text:
        return text
    pieces, position = [], 0
    for start, end, _ in double_brackets(text):
        link = TEXT_LINK.fullmatch(text, start, end)
        if link:
            pieces += [text[position:start], _link(context, Ref(link.group(1), link.group(2)), label=link.group(3))]
            position = end
    pieces.append(text[position:])
    return "".join(pieces)


@pass_context
def _page(context, uri: str) -> str:
    """Relative link to any generated or hand-written page, given its docs-folder path."""
    return _relative(context, uri)


@pass_context
def _cell(context, text: str | None) -> str:
    """Record text made safe for one Markdown table cell."""
    return _text(context, text).replace("\n", " ").replace("|", "\\|")


def confidence_badge(rating: Any) -> str:
    """How sure a rating is, as a symbol and words: never colour alone."""
    return _confidence_badge(rating.confidence)


@lru_cache(maxsize=None)
def _confidence_badge(confidence: str) -> str:
    from .views import CONFIDENCE

    member = CONFIDENCE[confidence]
    return f"{member['x-symbol']} {member['title']}"


@lru_cache(maxsize=None)  # one of a few ratings, on every cell of every grid
def rating_badge(rating: str) -> str:
    """A rating as symbols and a word: never colour alone."""
    from .views import RATING

    member = RATING[rating]
    return f"{member['x-symbol']} {member['title']}"


_STATUS_SYMBOL = {"active": "✔", "limited-maintenance": "◐", "deprecated": "⚠", "archived": "✖"}


@lru_cache(maxsize=None)
def status_badge(state: str) -> str:
    from .views import STATUS

    return f"{_STATUS_SYMBOL.get(state, '•')} {STATUS[state]['title']}"


def fence(code: str, language: str = "") -> str:
    """A fenced code block whose fence is longer than any backtick run inside the code."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{language}\n{code.rstrip()}\n{ticks}"


def anchor(prefix: str, node_id: str) -> str:
    return f"{prefix}-{node_id}"


def json_text(value: Any) -> Markup:
    """Compact JSON to embed as the text of an HTML element (the pages' widget data). `<`, `>` and
    `&` are written as JSON escapes, so no record text can close the element or start a tag or an
    entity, and the text reads the same to an HTML parser, a Markdown converter and a sanitiser."""
    import json

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # Safe as it is in HTML text (quotes need no escaping there), so autoescaping leaves it alone.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def json_attribute(value: Any) -> str:
    """JSON for an HTML attribute: escaped by the autoescaping template that prints it."""
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
