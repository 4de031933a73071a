"""When a build's pages pass through the sanitiser (versus.page_sanitiser): all together before
any page is rendered, or each at once where another plugin's on_page_content runs after versus's.
Either way no plugin after versus, no theme template and no search index sees unsanitised HTML,
and the site is the same byte for byte.

Built from the hostile corpus with validation's text rules off (tests/hostile.py), so the HTML
Markdown makes really does hold the payloads until the sanitiser runs.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from mkdocs.plugins import BasePlugin, event_priority

from support import FIXTURES
from versus.page_sanitiser import PageSanitiser, runs_last

#: Elements the sanitiser never lets through.
UNSAFE_TAGS = {"script", "img", "svg", "iframe", "style"}


class _Unsafe(HTMLParser):
    """True once it has read an unsafe element, an event-handler attribute or a script link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") or (value or "").replace(" ", "").lower().startswith("javascript:"):
                self.found = True
        self.found = self.found or tag in UNSAFE_TAGS


def _has_unsafe(html: str) -> bool:
    parser = _Unsafe()
    parser.feed(html)
    return parser.found
GENERATED = ("subjects/", "tools/", "factors/", "caveats/", "sources/", "compare/", "matrix")


class _Probe(BasePlugin):
    """Records the HTML it is handed, per page, in the events it has."""

    def __init__(self, events: tuple[str, ...]) -> None:
        super().__init__()
        self.seen: dict[str, list[str]] = {}
        for event in events:
            setattr(self, f"on_{event}", getattr(self, f"_{event}"))

    def _keep(self, page, html: str) -> None:
        if page.file.src_uri.startswith(GENERATED):
            self.seen.setdefault(page.file.src_uri, []).append(html)

    def _page_content(self, html, *, page, config, files):
        self._keep(page, html)
        return html

    def _page_context(self, context, *, page, config, nav):
        self._keep(page, page.content)
        return context


class _Early(_Probe):
    """on_page_content before versus's (priority 10): it sees the HTML as Markdown made it."""

    @event_priority(10)
    def on_page_content(self, html, *, page, config, files):
        return self._page_content(html, page=page, config=config, files=files)


def _build(tmp_path: Path, name: str, probes: list[BasePlugin]) -> tuple[Path, bool]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from hostile import write_hostile_kb
    from versus import validate

    project = tmp_path / name
    shutil.copytree(FIXTURES / "site", project)
    write_hostile_kb(project / "data")
    with mock.patch.object(validate, "_check_strings", lambda *args: None):
        config = load_config(config_file=str(project / "mkdocs.yml"))
        for index, probe in enumerate(probes):
            config.plugins[f"probe{index}"] = probe  # registered after versus
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        deferred = config.plugins["versus"]._sanitiser.deferred  # read now: MkDocs keeps the plugin for the next build
        config.plugins.on_shutdown()
    return project / "site", deferred


def _unsafe(seen: dict[str, list[str]]) -> list[str]:
    return [uri for uri, htmls in seen.items() if any(_has_unsafe(html) for html in htmls)]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("page-sanitiser")
    early, context = _Early(()), _Probe(("page_context",))
    together, deferred = _build(tmp, "together", [early, context])
    later = _Probe(("page_content", "page_context"))
    at_once, deferred_with_later = _build(tmp, "at-once", [later])
    return SimpleNamespace(early=early, context=context, together=together, deferred=deferred,
                           later=later, at_once=at_once, inline=not deferred_with_later)


def test_the_payloads_are_in_the_html_until_the_sanitiser_runs(builds) -> None:
    assert len(_unsafe(builds.early.seen)) >= 5  # otherwise the checks below prove nothing


def test_pages_wait_for_one_pass_when_versus_is_the_last_to_see_them(builds) -> None:
    assert builds.deferred
    assert builds.context.seen and _unsafe(builds.context.seen) == []  # as the theme and search get them


def test_a_later_plugin_gets_each_page_sanitised(builds) -> None:
    assert builds.inline
    assert builds.later.seen and _unsafe(builds.later.seen) == []


def test_both_ways_build_the_same_site(builds) -> None:
    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
                if p.is_file() and p.suffix != ".gz"}

    assert files(builds.together) == files(builds.at_once)


def test_runs_last_reads_the_order_mkdocs_keeps() -> None:
    first, last = object(), object()
    handler = lambda owner: SimpleNamespace(__self__=owner)  # noqa: E731  (a bound method's owner)
    assert runs_last([handler(first), handler(last)], last)
    assert not runs_last([handler(last), handler(first)], last)
    assert not runs_last([], last)


def test_flush_sanitises_the_kept_pages_and_fills_the_serve_cache() -> None:
    sanitiser = PageSanitiser(deferred=True)
    page, entry = SimpleNamespace(content=None), SimpleNamespace(clean=None)
    html = '<p onclick="alert(1)">x<script>alert(2)</script></p>'
    page.content = sanitiser.take(page, html, entry)
    assert page.content == html and sanitiser.pending  # kept, not yet sanitised
    sanitiser.flush()
    assert page.content == entry.clean == "<p>x</p>" and not sanitiser.pending
    assert PageSanitiser(deferred=False).take(page, html) == "<p>x</p>"
