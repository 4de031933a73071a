"""`mkdocs serve --dirty` made exact for generated pages: what is unchanged is not touched at all.

Plain `mkdocs serve` empties the site folder and writes every page again on each change, even the
pages versus takes from its cache (versus.serve_cache). With `--dirty` MkDocs keeps the folder and
skips every page whose file reports itself unmodified; on its own that is unsafe (MkDocs warns that
navigation and links may go stale), because it cannot know what a page depends on. versus can, so
under `serve --dirty` the adapter decides what "modified" means, page by page:

- a generated page whose planned Markdown is unchanged, and whose previous build is complete in
  the cache, is skipped: not read, converted, rendered nor written (its file from the previous
  build is already in the site folder). The adapter gives the skipped `Page` back what the build
  made of it (Markdown, meta, HTML, table of contents, title, anchors), so the navigation and the
  anchor checks of the pages that are built see the same site a full build would;
- every other page, hand-written pages included, is built as usual;
- when the navigation differs from the previous build (a title or an entry changed), every page is
  rendered again from that restored HTML (nothing is converted again), since each shows the nav;
- the search index is put back together in page order from the entries of built pages and the
  kept entries of skipped ones (Material's own dirty merge assumes one changed page);
- output files of generated pages that no longer exist are removed;
- whenever the serve cache starts over (first build, an edit outside the data, a build with
  broken data), the site folder is emptied first, so that build is a full one.

The rebuilt folder equals a full build byte for byte (tests/test_incremental.py).
"""

from __future__ import annotations

import hashlib
import logging
import os

from mkdocs.structure.files import InclusionLevel
from mkdocs.utils import clean_directory

from .serve_cache import has_search, search_plugin

#: MkDocs' warning for dirty builds, which versus makes exact for its pages (see above).
_DIRTY_WARNING = "A 'dirty' build is being performed"


class _QuietDirty(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_DIRTY_WARNING)


QUIET_DIRTY = _QuietDirty()


def start(plugin, config) -> None:
    """In `on_pre_build`: an emptied cache means a full build, into an emptied folder."""
    logging.getLogger("mkdocs.commands.build").addFilter(QUIET_DIRTY)
    if not plugin.cache.entries:
        clean_directory(config.site_dir)


def mark(plugin, files, config) -> None:
    """In `on_files`, after the reusable pages are known: those are reported unmodified (until the
    navigation says otherwise); every other page is built. With Material's search after versus in
    `plugins:`, a page's entries cannot be told apart, so nothing is skipped."""
    plugin.rebuild_all, plugin.built_search = False, {}
    search = has_search(config)
    if search and search_plugin(config, plugin) is None:
        plugin.reuse = {}
    plugin.reuse = {uri: entry for uri, entry in plugin.reuse.items()
                    if entry.page_markdown is not None and (entry.search is not None or not search)}
    previous, plugin.cache.dest = plugin.cache.dest, {}
    for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
        plugin.cache.dest[file.src_uri] = file.abs_dest_path
        file.is_modified = (lambda: plugin.rebuild_all) if file.src_uri in plugin.reuse else always
    plugin.stale = [path for uri, path in previous.items() if uri not in plugin.cache.dest]


def always() -> bool:
    """`File.is_modified` for a page that is built."""
    return True


def restore(plugin, files, nav) -> None:
    """In `on_env`, after MkDocs read and converted the pages it builds: the skipped pages get back
    what the previous build made of them; if the navigation changed, every page is rendered."""
    plugin.order = [file.src_uri for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)]
    for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
        entry = plugin.reuse.get(file.src_uri)
        page = file.page
        if entry is None or page is None:
            continue
        page.markdown, page.content, page.toc = entry.page_markdown, entry.clean, entry.toc
        page._title_from_render = entry.title
        page.meta.clear()
        page.meta.update(entry.meta or {})
        page.present_anchor_ids = set(entry.anchors or ())
        if entry.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): dict(links)
                                     for uri, links in entry.links_to_anchors.items()}
        plugin._place(page)
    digest = nav_digest(nav)
    if digest != plugin.cache.nav:
        plugin.cache.nav = digest
        if plugin.reuse:
            plugin.rebuild_all = True
            plugin.reuse = {}


def recheck(plugin, files, nav) -> None:
    """In `on_env` under plain `serve` (reused pages are written again from the cache): when the
    navigation changed, the reused pages are rendered by the theme again, from the kept HTML."""
    digest = nav_digest(nav)
    if digest == plugin.cache.nav:
        return
    plugin.cache.nav = digest
    for uri in plugin.reuse:
        page = files.get_file_from_path(uri).page
        page.meta.clear()
        page.meta.update(page.versus_meta)
    plugin.reuse = {}


def nav_digest(nav) -> str:
    """What every page's navigation shows: each entry's title and address, in order."""
    found, stack = [], list(reversed(nav.items))
    while stack:
        item = stack.pop()
        found.append(f"{type(item).__name__}\t{item.title}\t{getattr(item, 'url', '')}")
        stack.extend(reversed(getattr(item, "children", None) or []))
    return hashlib.sha256("\n".join(found).encode()).hexdigest()


def capture_search(plugin, page, config, seen: int) -> int:
    """In `on_page_context` of a built page: the entries the search plugin added for it (kept with
    a generated page's cache entry too). Returns the count so far, for the next page."""
    search = search_plugin(config, plugin)
    if search is None:
        return seen
    entries = search.search_index.entries
    found = plugin.built_search[page.file.src_uri] = [dict(item) for item in entries[seen:]]
    if page.file.src_uri in plugin.cache.entries:
        plugin.cache.entries[page.file.src_uri].search = [dict(item) for item in found]
    return len(entries)


def finish(plugin, config) -> None:
    """Before the search plugin writes its index: all entries in page order; then the output of
    generated pages that no longer exist goes."""
    search = search_plugin(config, plugin)
    if search is not None:
        entries = []
        for uri in plugin.order:
            if uri in plugin.built_search:
                entries.extend(plugin.built_search[uri])
            elif uri in plugin.reuse:
                entries.extend(dict(item) for item in plugin.reuse[uri].search or ())
        search.search_index.entries = entries
        search.search_index_prev = None  # the index is whole: nothing to merge
    for path in plugin.stale:
        try:
            os.remove(path)
        except OSError:
            pass
    plugin.stale = []


#: Events that mean a file's content may have changed (not opened, read or closed unwritten).
_CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})


def watch_data(server, path: str):
    """Rebuild as soon as a data file changes: the server polls what it watches every 0.5 s, on
    average a quarter of a second after the save; the system's file notifications (inotify,
    FSEvents, ...) through watchdog, which MkDocs already uses, tell at once. This uses the
    server's rebuild request (`_rebuild_cond`, `_want_rebuild`) as its own watcher does; with a
    server that lacks them, or where notifications fail, the data folder is polled as before.
    Returns the observer to stop at shutdown, or None."""
    cond = getattr(server, "_rebuild_cond", None)
    if cond is None or not hasattr(server, "_want_rebuild"):
        server.watch(path)
        return None
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Changed(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.is_directory or event.event_type not in _CHANGES:
                return
            with cond:
                server._want_rebuild = True
                cond.notify_all()

    observer = Observer()
    try:
        observer.schedule(Changed(), path, recursive=True)
        observer.daemon = True
        observer.start()
    except OSError:  # e.g. too many watches: fall back to the server's polling
        server.watch(path)
        return None
    return observer
