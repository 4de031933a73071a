"""The MkDocs adapter: thin by design. Works under MkDocs 1.6 and ProperDocs.

Validation runs in `on_config`, before MkDocs cleans `site/`, so invalid data leaves the previous
site untouched; and the site is built in a fresh folder that replaces `site/` only once complete,
so a failed or killed build leaves it byte for byte. Every page carrying record text leaves
through the allowlist sanitiser (`versus.sanitise`). Under `mkdocs build` every diagnostic is
logged and one `PluginError` stops the build (no traceback). Under `mkdocs serve` the server keeps
running and shows the diagnostics on an error page until the data is fixed.
"""

from __future__ import annotations

import functools
import logging
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from . import gcpause, load, output, serve_cache, serve_dirty
from .embed import expand
from .export import write_export
from .gcpause import paused_gc
from .page_sanitiser import PageSanitiser, runs_last
from .plan import PageSpec, PlanError, PlanOptions, plan_state
from .plugin_config import PREFIX, VersusConfig
from .render import Renderer
from .sanitise import set_page_title
from .settings import resolve_settings
from .sitepages import clashes as find_clashes, error_banner, name_sections, nav_paths, strict_warnings
from .siteneeds import SCRIPT, SEARCH_SHIM, STYLESHEET, extension_error, missing_extensions, shipped_file

log = logging.getLogger("mkdocs.plugins.versus")

#: Under `mkdocs serve`, the last valid knowledge base per data folder: a broken edit keeps serving
#: it (with the errors on every page) instead of failing the rebuild. Whether the server keeps the
#: plugin instance between builds depends on the MkDocs version, so this lives at module level.
_LAST_GOOD: dict = {}
#: Under `mkdocs serve`, per mkdocs.yml, what the previous build made of each generated page.
_SERVE_CACHES: dict[str, serve_cache.ServeCache] = {}
#: Under `mkdocs serve`, per data folder: each file's record and problems, reused while unchanged.
_FILE_MEMOS: dict[str, dict] = {}


def _timed(hook):
    """Count a hook's whole time as the engine's (`engine_seconds`, read by the benchmark)."""
    @functools.wraps(hook)
    def timed(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return hook(self, *args, **kwargs)
        finally:
            elapsed = time.perf_counter() - started
            self.engine_seconds += elapsed
            self.hook_seconds[hook.__name__] = self.hook_seconds.get(hook.__name__, 0.0) + elapsed
    return timed


class VersusPlugin(BasePlugin[VersusConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self._staging: Path | None = None  # the folder this build writes the site to
        self._site_target: Path | None = None
        self.pages: list[PageSpec] = []
        self._by_uri: dict[str, PageSpec] = {}
        self._listed: dict = {}  # docs path -> the Page listed in the navigation
        self.errors: list[str] = []
        self._embedded: set[str] = set()  # hand-written pages with generated blocks
        self._sanitiser = PageSanitiser(deferred=False)  # set for each build by on_config
        self.renderer: Renderer | None = None
        self.kb = None
        self.options = PlanOptions()
        self.engine_seconds = 0.0  # time spent in versus during the last build (for benchmarks)
        self.hook_seconds: dict[str, float] = {}  # the same, per hook
        self.cache: serve_cache.ServeCache | None = None  # under `mkdocs serve` only
        self.reuse: dict[str, serve_cache.Entry] = {}  # pages this build takes from the cache
        self._search_seen = 0
        self.rebuild_all = False  # under `serve --dirty`: the navigation changed (versus.serve_dirty)
        self.built_search: dict[str, list] = {}
        self.order: list[str] = []
        self._nav = None
        self.stale: list[str] = []

    @property
    def skipping(self) -> bool:
        """Under `mkdocs serve --dirty` with a serve cache: unchanged pages are skipped whole."""
        return self.cache is not None and self.dirty

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty
        if command == "serve":
            gcpause.defer_full_collections()  # and run them between rebuilds (versus.gcpause)

    @event_priority(100)
    @_timed
    def on_pre_build(self, *, config) -> None:
        """Priority 100, before MkDocs cleans `site_dir` and anything writes to it: the site is built
        into a fresh folder beside it, swapped in by `on_post_build` only when complete, and
        removed by `on_build_error` otherwise. Not under `serve` (which has its own temporary
        folder) nor `--dirty` (which means to update the folder in place)."""
        self._staging = None
        if self.skipping:
            serve_dirty.start(self, config)
        if not self.config.enabled or self.command not in ("build", "gh-deploy") or self.dirty:
            return
        self._site_target = Path(config.site_dir)
        self._staging = output.staging_folder(self._site_target)
        config["site_dir"] = str(self._staging)

    def _path(self, config, value: str) -> Path:
        base = Path(config.config_file_path or ".").parent
        return (base / value).resolve()

    @_timed
    @paused_gc()  # loading and planning: see versus.gcpause
    def on_config(self, config):
        """Checks the Markdown extensions, adds the packaged browser files, then validates and
        plans the pages before MkDocs cleans the site."""
        if not self.config.enabled:
            return
        # MkDocs keeps a plugin that has `on_startup` across the rebuilds of `mkdocs serve`: start
        # every build from a clean slate (what lasts between builds lives at module level).
        self.cache, self.reuse, self._search_seen = None, {}, 0
        gcpause.cancel_idle_collection()
        self.engine_seconds, self.hook_seconds = 0.0, {}
        self._sanitiser = PageSanitiser(deferred=runs_last(config.plugins.events["page_content"], self))
        missing = missing_extensions(list(config.markdown_extensions), config.mdx_configs)
        if missing:
            raise PluginError(extension_error(missing))
        self._add_browser_files(config)
        if self.config.prefix and not PREFIX.match(self.config.prefix.strip("/")):
            raise PluginError(f"versus: prefix '{self.config.prefix}' must be a relative folder such as 'kb' or "
                              "'guides/kb' (lowercase letters, digits, '-' and '_')")
        data_dir = self._path(config, self.config.data_dir)
        if not data_dir.is_dir():
            raise PluginError(f"versus: data folder '{data_dir}' does not exist (set 'data_dir' under the plugin)")
        started = time.perf_counter()
        serving = self.command == "serve"
        result = load(data_dir, memo=_FILE_MEMOS.setdefault(str(data_dir), {}) if serving else None)
        self.errors = [d.format() for d in result.diagnostics if d.severity == "error"]
        fallback = self.command == "serve" and bool(self.errors) and data_dir in _LAST_GOOD
        for diagnostic in result.diagnostics:
            # While serving the last valid data, problems are reported at INFO level (and on every
            # page): an ERROR or WARNING would make a strict build abort and the server hang.
            level = logging.INFO if fallback else (logging.ERROR if diagnostic.severity == "error" else logging.WARNING)
            log.log(level, diagnostic.format())
        if result.knowledge_base is None:
            message = f"versus: {len(self.errors)} error(s) in {data_dir}; the site was not rebuilt"
            if not fallback:
                raise PluginError(message)
            log.info(f"{message}; serving the last valid data until the errors are fixed")
            serve_cache.for_site(_SERVE_CACHES, config).reset()  # the pages of this build carry the errors
            self.kb, self.renderer, self.options, self.pages = _LAST_GOOD[data_dir]
            self._by_uri = {page.uri: page for page in self.pages}
            return
        settings = resolve_settings(self._path(config, "."), dict(self.config), docs_dir=config.docs_dir,
                                    repo_url=config.repo_url, directory_urls=config.use_directory_urls)
        self.renderer = renderer = settings.renderer()
        self.kb, self.options = result.knowledge_base, settings.plan_options()
        self.cache = serve_cache.for_site(_SERVE_CACHES, config) if serving else None
        previous = self.cache.plan if self.cache is not None else None
        try:
            state = plan_state(self.kb, renderer, self.options, previous=previous, track=self.cache is not None)
        except PlanError as exc:
            raise PluginError(f"versus: {exc}; rename one of them") from None
        if self.cache is not None:
            self.cache.plan = state
        self.pages = list(state.pages)
        self._by_uri = {page.uri: page for page in self.pages}
        clashes = find_clashes(Path(config.docs_dir), self.pages)
        if clashes:  # checked here, before MkDocs cleans the site, so the old site survives
            for clash in clashes:
                log.error(clash)
            raise PluginError(f"versus: {len(clashes)} generated page(s) clash with hand-written pages")
        if self.command == "serve":
            _LAST_GOOD[data_dir] = (self.kb, renderer, self.options, self.pages)
        log.info("versus: %d records, %d pages planned (%d rendered) in %.2f s", len(result.knowledge_base),
                 len(self.pages), state.rendered, time.perf_counter() - started)

    def _add_browser_files(self, config) -> None:
        """The widgets' CSS and JavaScript ship in the package; with the offline plugin, so does the
        search shim (a build for file:// otherwise loads it from a CDN)."""
        self._shipped = {}
        for site_path, extra in ((STYLESHEET, config.extra_css), (SCRIPT, config.extra_javascript)):
            self._shipped[site_path] = shipped_file(site_path)
            if site_path not in [str(item) for item in extra]:
                extra.append(site_path)
        # The offline plugin adds the shim from a CDN unless a polyfill named iframe-worker is there
        # already; whichever of the two plugins runs first, the packaged copy replaces the CDN's.
        polyfills = config.extra.setdefault("polyfills", [])
        polyfills[:] = [url for url in polyfills if not str(url).startswith("https://unpkg.com/iframe-worker")]
        offline = any(name.split("/")[-1] == "offline" for name in config.plugins)  # material/offline
        if offline and not any("iframe-worker" in str(url) for url in polyfills):
            shim = shipped_file(SEARCH_SHIM)
            if shim is None:
                raise PluginError("versus: the offline plugin needs the search shim, which this installation "
                                  "lacks; reinstall versus from a built wheel, or run `npm ci` in a source checkout")
            self._shipped[SEARCH_SHIM] = shim
            polyfills.append(SEARCH_SHIM)


    @_timed
    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled:
            return files
        return self._add_files(files, config)

    def _add_files(self, files: Files, config) -> Files:
        for site_path, path in getattr(self, "_shipped", {}).items():
            if path is not None and files.get_file_from_path(site_path) is None:  # a site's own copy wins
                files.append(File.generated(config, site_path, abs_src_path=str(path)))
        for site_path, source in self.config.assets.items():
            path = self._path(config, source)
            if not path.is_file():
                raise PluginError(f"versus: asset '{source}' for '{site_path}' is missing; "
                                  "run `make build` (it installs the site's npm packages) or `npm ci`")
            files.append(File.generated(config, site_path, abs_src_path=str(path)))
        in_nav = set(nav_paths(config.nav or []))
        for page in self.pages:
            # With an explicit nav listing the section pages, record pages are reached from those
            # pages instead: the nav stays constant in size, so the build stays linear.
            listed = not config.nav or page.uri in in_nav
            inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.uri, content=page.markdown, inclusion=inclusion))
        if self.cache is not None:
            names = frozenset(f.src_uri for f in files)
            if names != self.cache.files:
                self.cache.entries.clear()
            self.cache.files = names
            self.reuse = {page.uri: entry for page in self.pages
                          if (entry := self.cache.entries.get(page.uri)) is not None
                          and entry.complete and entry.markdown == page.markdown}
            if self.dirty:
                serve_dirty.mark(self, files, config)
            self.cache.reused = len(self.reuse)
        elif self.command == "serve" and self.dirty:  # serving the last valid data: build every page
            for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
                file.is_modified = serve_dirty.always
        return files

    @_timed
    def on_pre_page(self, page, *, config, files):
        """Places generated pages in the navigation (`_place`). Under `mkdocs serve`: a generated page with unchanged Markdown takes what the previous
        build made of it (versus.serve_cache); the others are converted and kept for next time."""
        self._place(page)
        if self.cache is None or page.file.src_uri not in self._by_uri:
            return page
        uri = page.file.src_uri
        if uri in self.reuse:
            serve_cache.restore_render(page, self.reuse[uri], skip_search=serve_cache.search_index(config, self) is not None)
        else:
            entry = self.cache.entries[uri] = serve_cache.Entry(self._by_uri[uri].markdown)
            serve_cache.capture_render(page, entry, self.cache.segments)
        return page

    @event_priority(100)  # first: no handler of on_env reads a page before it is sanitised
    @_timed
    def _env_sanitise(self, env, *, config, files):
        """The pages kept by `on_page_content` pass through the sanitiser, one after another,
        before any page is rendered (versus.page_sanitiser)."""
        self._sanitiser.flush()
        return env

    @_timed
    def _env_pages(self, env, *, config, files):
        """Every page's title set once, before any page is rendered (so the navigation shows the
        same titles whatever the order pages are built in); under `serve`, pages the cache gives
        back are checked against the navigation; the template for reused pages."""
        if self.skipping:
            serve_dirty.restore(self, files, self._nav)
        elif self.cache is not None:
            serve_dirty.recheck(self, files, self._nav)
        if self.config.enabled:
            for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
                if file.page is not None and file.page.markdown is not None:
                    set_page_title(file.page)
        if self.cache is not None:
            from jinja2 import ChoiceLoader, DictLoader

            from . import search_parts

            for index in serve_cache.search_indexes(config):
                search_parts.install(index, self.cache.search_parts)

            env.loader = ChoiceLoader([DictLoader({serve_cache.CACHED_TEMPLATE: serve_cache.CACHED_TEMPLATE_SOURCE}),
                                       env.loader])
            env.bytecode_cache = serve_cache.THEME_BYTECODE
        return env

    on_env = CombinedEvent(_env_sanitise, _env_pages)

    @event_priority(100)  # first: the page as the theme made it, before any plugin changes it
    @_timed
    def on_post_page(self, html: str, *, page, config) -> str:
        if self._sanitiser.pending:  # a site generator that never called on_env: stop, write nothing unsanitised
            raise PluginError("versus: a page was rendered before the sanitiser ran (no on_env event)")
        if self.cache is not None and page.file.src_uri in self.cache.entries and page.file.src_uri not in self.reuse:
            self.cache.entries[page.file.src_uri].output = html
        return html

    @_timed
    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        """Expand <!-- versus: ... --> markers in hand-written pages (see versus.embed)."""
        if not self.config.enabled or self.kb is None:
            return markdown
        if self.errors:  # serve mode with broken data: say so on every page
            markdown = error_banner(self.errors) + markdown
        if page.file.src_uri in self._by_uri:
            return markdown
        expanded, errors = expand(markdown, page.file.src_uri, self.kb, self.renderer, self.options)
        if expanded != markdown:
            self._embedded.add(page.file.src_uri)
        for error in errors:
            message = f"{Path(config.docs_dir, page.file.src_uri)}:{error.line}:1: error: {error.message} [marker]"
            if self.command != "serve":
                raise PluginError(f"versus: {message}")
            log.error(message)
        return expanded

    @_timed
    def on_nav(self, nav, *, config, files):
        """Remember the pages listed in the navigation, for `on_pre_page`; name the kinds' sections."""
        self._listed = {page.file.src_uri: page for page in nav.pages}
        self._nav = nav
        if self.config.enabled and self.kb is not None and not config.nav:
            name_sections(nav, self.kb, self.renderer.prefix)
        return nav

    def _place(self, page) -> None:
        """A generated page left out of the navigation (a record, a pair) is placed under its
        folder's index, so the theme highlights that entry and its tab and the sidebar shows the
        section the reader is in."""
        listed = self._listed
        uri = page.file.src_uri
        if self.config.enabled and page.parent is None and uri in self._by_uri and uri not in listed:
            folder = uri.rpartition("/")[0]
            index = listed.get(f"{folder}/index.md") if folder else None
            if index is not None:
                page.parent = index

    @_timed
    def on_page_content(self, html: str, *, page, config, files) -> str:
        """Every page that carries record text, generated or with generated blocks, leaves through
        the allowlist sanitiser (versus.sanitise): safety does not rest on validation alone."""
        if not self.config.enabled or self.kb is None:
            return html
        uri = page.file.src_uri
        if uri not in self._by_uri and uri not in self._embedded:
            return html
        entry = self.cache.entries.get(uri) if self.cache is not None else None
        if entry is not None and uri in self.reuse and entry.clean is not None:
            return entry.clean  # the same HTML the sanitiser gave last time
        return self._sanitiser.take(page, html, entry)  # now, or with the others (versus.page_sanitiser)

    @_timed
    def on_page_context(self, context, *, page, config, nav):
        """Point the theme's edit button at the YAML file a generated page comes from."""
        if not self.config.enabled:
            return context
        spec = self._by_uri.get(page.file.src_uri)
        if spec is not None:
            page.edit_url = spec.edit_url
        if self.skipping:
            self._search_seen = serve_dirty.capture_search(self, page, config, self._search_seen)
        elif self.cache is not None:
            self._search_seen = serve_cache.after_page_context(self, context, page, config)
        return context


    @event_priority(50)  # before the search plugin writes its index
    @_timed
    def _post_build_search(self, *, config) -> None:
        if self.skipping:
            serve_dirty.finish(self, config)

    @event_priority(-100)
    @_timed
    def _post_build_export(self, *, config) -> None:
        """Priority -100, after every other plugin has written its files: publish the JSON export
        with the site (api/v1/ by default), then swap the finished site in."""
        if not self.config.enabled:
            return
        if getattr(self, "command", None) == "serve":
            gcpause.collect_when_idle()
        if self.config.export_dir and self.kb is not None and not self.errors:
            write_export(Path(config.site_dir) / self.config.export_dir, self.kb,
                         directory_urls=config.use_directory_urls, project_root=self._path(config, "."),
                         prefix=self.renderer.prefix,
                         memo=self.cache.export if self.cache is not None else None)
        if self._staging is None:
            return
        if strict_warnings():  # MkDocs aborts right after this event; on_build_error discards the folder
            return
        output.swap_in(self._staging, self._site_target)
        config["site_dir"] = str(self._site_target)  # for gh-deploy, which publishes it next
        self._staging = None
        log.info("versus: the new site replaced %s", self._site_target)

    on_post_build = CombinedEvent(_post_build_search, _post_build_export)

    def on_build_error(self, *, error) -> None:
        """The build failed: the half-built folder goes, the previous site stays as it was."""
        if self._staging is not None:
            output.discard(self._staging)
            self._staging = None

    def on_serve(self, server, *, config, builder):
        if self.config.enabled:
            self._observer = serve_dirty.watch_data(server, str(self._path(config, self.config.data_dir)))
        return server

    def on_shutdown(self) -> None:
        observer, self._observer = getattr(self, "_observer", None), None
        if observer is not None:
            observer.stop()
        gcpause.restore_collections()
