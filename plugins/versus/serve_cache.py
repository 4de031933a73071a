"""What `mkdocs serve` keeps between rebuilds, so an edit to one data file rebuilds only the
pages whose Markdown changed.

MkDocs 1.6 rebuilds the whole site on every change, with fresh plugin instances. For each
generated page this cache keeps what the previous build made of it: the HTML that Markdown
produced (with its table of contents, title and anchors), the search entries, and the finished
page. On the next build, a page whose planned Markdown is unchanged is not converted, indexed
or put through the theme again: the adapter restores those results and MkDocs writes them out.

A page's finished HTML depends on its own Markdown and on the rest of the site only through the
navigation and the set of files, so the cache is used only while these are unchanged: the same
generated and hand-written files, the same mkdocs.yml, hand-written pages and theme overrides
(`fingerprint`). Anything else starts over with a full build. Nothing here imports MkDocs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from msgspec import Struct, field

#: The theme template a reused page is "rendered" with: it prints the finished page as it was.
CACHED_TEMPLATE = "versus-cached-page.html"
CACHED_TEMPLATE_SOURCE = "{{ versus_cached_page }}"


class Entry(Struct):
    markdown: str
    content: str | None = None  # HTML from Markdown, before any plugin's on_page_content
    toc: Any = None
    title: str | None = None  # the title found while rendering
    anchors: set[str] | None = None
    links_to_anchors: dict[str, dict[str, str]] | None = None  # by target src_uri
    search: list[dict] | None = None  # the search plugin's entries for the page
    output: str | None = None  # the finished page, before any plugin's on_post_page
    page_markdown: str | None = None  # the page's Markdown as converted (front matter read)
    meta: dict | None = None  # its front matter
    clean: str | None = None  # its HTML after the sanitiser (on_page_content)

    @property
    def complete(self) -> bool:
        return self.content is not None and self.output is not None


class ServeCache(Struct):
    fingerprint: tuple = ()
    files: frozenset[str] = frozenset()
    entries: dict[str, Entry] = field(default_factory=dict)
    plan: Any = None  # the previous versus.plan.PlanState
    export: dict = field(default_factory=dict)  # versus.export's memo of record entries
    reused: int = 0  # pages reused by the last build (for the log and the tests)
    nav: str = ""  # digest of the navigation the cached pages show (versus.serve_dirty.nav_digest)
    dest: dict[str, str] = field(default_factory=dict)  # under --dirty: each page's output file
    segments: dict = field(default_factory=dict)  # converted sections of pages (versus.segments)
    search_parts: dict = field(default_factory=dict)  # parsed parts of pages for search (versus.search_parts)

    def reset(self, fingerprint: tuple = ()) -> None:
        self.fingerprint, self.files, self.entries, self.plan, self.export = fingerprint, frozenset(), {}, None, {}
        self.nav, self.segments, self.search_parts = "", {}, {}


def fingerprint(paths: list[Path]) -> tuple:
    """Names, sizes and modification times of every file under these paths (files or folders):
    what a page's finished HTML depends on besides the knowledge base."""
    found = []
    for root in paths:
        if root.is_file():
            stat = root.stat()
            found.append((str(root), stat.st_size, stat.st_mtime_ns))
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found.append((path, stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def for_site(caches: dict[str, ServeCache], config) -> ServeCache:
    """The site's cache (by mkdocs.yml), emptied when anything but the data changed since the
    last build."""
    cache = caches.setdefault(str(config.config_file_path), ServeCache())
    watched = [Path(config.config_file_path), Path(config.docs_dir)]
    if config.theme.custom_dir:
        watched.append(Path(config.theme.custom_dir))
    stamp = fingerprint(watched)
    if stamp != cache.fingerprint:
        cache.reset(stamp)
    return cache


def _is_search(other) -> bool:
    """A search plugin like Material's: one with an index holding a list of entries."""
    return isinstance(getattr(getattr(other, "search_index", None), "entries", None), list)


def search_plugin(config, plugin) -> Any:
    """Material's search plugin when it runs before `plugin` (so the entries it adds for a page
    are known to be that page's), else None (also when there is none: see `has_search`)."""
    names = list(config.plugins)
    for name, other in config.plugins.items():
        if _is_search(other):
            mine = next((n for n, p in config.plugins.items() if p is plugin), None)
            return other if mine is not None and names.index(name) < names.index(mine) else None
    return None


def search_indexes(config) -> list:
    """The index of every search plugin like Material's."""
    return [other.search_index for other in config.plugins.values() if _is_search(other)]


def has_search(config) -> bool:
    return bool(search_indexes(config))


def search_index(config, plugin) -> Any:
    """The search plugin's index, when `search_plugin` finds it, else None: reused pages are then
    indexed anew."""
    found = search_plugin(config, plugin)
    return found.search_index if found is not None else None


def after_page_context(plugin, context, page, config) -> int:
    """A reused page gets its search entries and its finished page back; a converted page's
    search entries are kept (those the search plugin added since the previous page). Returns the
    number of search entries so far, for the next page."""
    index = search_index(config, plugin)
    uri = page.file.src_uri
    if uri in plugin.reuse:
        restore_search(page, plugin.reuse[uri], index)
        context["versus_cached_page"] = plugin.reuse[uri].output
    elif uri in plugin.cache.entries and index is not None:
        plugin.cache.entries[uri].search = [dict(item) for item in index.entries[plugin._search_seen:]]
    return len(index.entries) if index is not None else 0


def capture_render(page, entry: Entry, segments: dict | None = None) -> None:
    """Make `page.render` keep its results in `entry` (for a page the build converts); with a
    `segments` cache, the page is converted by sections, reusing those kept (versus.segments)."""
    original = page.render

    def render(config, files) -> None:
        if segments is None:
            original(config, files)
        else:
            from . import segments as by_section  # the adapter's side: imports MkDocs

            by_section.render(page, config, files, segments)
        entry.content, entry.toc, entry.title = page.content, page.toc, page._title_from_render
        entry.page_markdown, entry.meta = page.markdown, dict(page.meta)
        entry.anchors = set(page.present_anchor_ids or ())
        links = page.links_to_anchors
        entry.links_to_anchors = None if links is None else {f.src_uri: dict(v) for f, v in links.items()}

    page.render = render


def restore_render(page, entry: Entry, *, skip_search: bool) -> None:
    """Make `page.render` restore the previous results instead of converting the Markdown, and
    the theme print the previous finished page. With `skip_search` the search plugin is told to
    skip the page (its entries are added back by `restore_search`)."""

    def render(config, files) -> None:
        page.content, page.toc, page._title_from_render = entry.content, entry.toc, entry.title
        page.present_anchor_ids = set(entry.anchors or ())
        if entry.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): dict(links)
                                     for uri, links in entry.links_to_anchors.items()}
        page.versus_meta = dict(page.meta)
        page.meta["template"] = CACHED_TEMPLATE
        if skip_search:
            page.meta["search"] = {"exclude": True}

    page.render = render


def restore_search(page, entry: Entry, search_index) -> None:
    """Give the reused page its meta back (with the title the adapter set in `on_env`) and its
    entries back to the search index."""
    title = page.meta.get("title")
    page.meta.clear()
    page.meta.update(page.versus_meta)
    if title is not None:
        page.meta["title"] = title
    if search_index is not None and entry.search:
        search_index.entries.extend(dict(item) for item in entry.search)


class MemoryBytecodeCache(BytecodeCache):
    """Compiled theme templates kept in memory between rebuilds (MkDocs makes a new template
    environment each time and compiles the theme again). Keyed by each template's source, as
    Jinja does, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


THEME_BYTECODE = MemoryBytecodeCache()
