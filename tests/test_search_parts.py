"""Search entries by parts (versus.search_parts) equal Material's own, page by page: on every page
of the real site and of a ten-times synthetic one, with the parts cache cold, warm, and after an
edit; and on HTML made to test each thing the parser carries from one part to the next."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from material.plugins.search import plugin as material

from support import ROOT, site_copy
from versus import search_parts


def _index() -> material.SearchIndex:
    return material.SearchIndex(lang=["en"], separator=r"[\s\-]+", pipeline=[], fields={})


def _page(content: str, uri: str = "p.md", toc=(), title: str = "Page") -> SimpleNamespace:
    return SimpleNamespace(content=content, toc=list(toc), url=uri.replace(".md", "/"), meta={}, title=title,
                           file=SimpleNamespace(src_uri=uri))


def _both(page, cache: dict) -> tuple[list, list]:
    theirs, ours = _index(), _index()
    theirs.add_entry_from_context(page)
    assert search_parts.install(ours, cache)
    ours.add_entry_from_context(page)
    return theirs.entries, ours.entries


CASES = {
    "sections": "<h1 id=\"t\">T</h1>\n<p>intro</p>\n<h2 id=\"a\">A</h2>\n<p>a <code>x</code></p>\n<h2 id=\"b\">B</h2>\n<p>b</p>",
    "no h1": "<p>intro</p>\n<h2 id=\"a\">A</h2>\n<p>a</p>",
    "continued by a div": "<h2 id=\"a\">A</h2>\n<p>one</p>\n<div class=\"g\"><p>two</p></div>\n<div><table><tr><td>three</td></tr></table></div>",
    "empty paragraph after": "<h2 id=\"a\">A</h2>\n<p>one</p>\n<div><p> </p></div>\n<div><p></p>after</div>",
    "empty paragraph first": "<h2 id=\"a\">A</h2>\n<div><p> </p>x</div>\n<div><p>y</p></div>",
    "whitespace at the cut": "<h2 id=\"a\">A</h2>\n<p>one</p> \n<div> <p> two </p> </div>\n\n<div>\n<pre>  keep  </pre></div>",
    "pre first": "<h2 id=\"a\">A</h2>\n<p>one </p>\n<div><pre> \n x</pre></div>",
    "nested heading": "<h2 id=\"a\">A</h2>\n<div><h3 id=\"n\">N</h3><p>in</p></div>\n<div><p>back in A</p></div>\n<h2 id=\"b\">B</h2>",
    "heading without id": "<h2 id=\"a\">A</h2>\n<div><h2>plain</h2><p>x</p></div>\n<div><p>y</p></div>",
    "excluded": "<h2 id=\"a\" data-search-exclude>A</h2>\n<div><p>hidden</p></div>\n<h2 id=\"b\">B</h2>\n<div data-search-exclude><p>h</p></div>\n<div><p>seen</p></div>",
    "excluded across a cut": "<h2 id=\"a\">A</h2>\n<div data-search-exclude>\n<div><p>h</p></div>\n</div>\n<div><p>seen</p></div>",
    "open across a cut": "<h2 id=\"a\">A</h2>\n<div>\n<div><p>in</p></div>\n<p>still</p></div>\n<div>next</div>",
    "h1 later": "<h2 id=\"a\">A</h2>\n<div><h1 id=\"late\">Late</h1></div>\n<h2 id=\"b\">B</h2>",
    "title list": "<h2 id=\"a\">A <code>c</code></h2>\n<div><li>item</li></div>\n<div><ul><li>x</li></ul></div>",
    "script": "<h2 id=\"a\">A</h2>\n<div><script>var x = '<div>';</script></div>\n<div>after</div>",
    "cut inside a tag": "<h2 id=\"a\">A</h2>\n<div title=\"x\n<div>y\">z</div>\n<div>w</div>",
    "entity at the end": "<h2 id=\"a\">A</h2>\n<div>a &amp</div>\n<div>b</div>",
}


@pytest.mark.parametrize("name", CASES)
def test_cases_equal_material(name: str) -> None:
    cache: dict = {}
    page = _page(CASES[name])
    theirs, ours = _both(page, cache)
    assert ours == theirs
    theirs, again = _both(page, cache)  # every part from the cache
    assert again == theirs


def test_a_changed_part_is_parsed_again_and_the_rest_reused(monkeypatch) -> None:
    parts = [f"<h2 id=\"s{n}\">S{n}</h2>\n<div><p>text {n}</p></div>\n" for n in range(5)]
    cache: dict = {}
    _both(_page("".join(parts)), cache)
    calls = []
    real = search_parts._parse
    monkeypatch.setattr(search_parts, "_parse", lambda *a: calls.append(a[0][0]) or real(*a))
    parts[3] = parts[3].replace("text 3", "text three")
    theirs, ours = _both(_page("".join(parts)), cache)
    assert ours == theirs
    assert calls == ["<div><p>text three</p></div>\n"]


class _Recorder:
    """Material's add_entry_from_context, recording each page it is given."""

    def __init__(self, monkeypatch) -> None:
        self.pages: list = []
        real = material.SearchIndex.add_entry_from_context

        def record(index, page):
            self.pages.append(SimpleNamespace(content=page.content, toc=page.toc, url=page.url, title=page.title,
                                              meta=dict(page.meta), file=SimpleNamespace(src_uri=page.file.src_uri)))
            return real(index, page)

        monkeypatch.setattr(material.SearchIndex, "add_entry_from_context", record)


def _built_pages(project: Path, monkeypatch) -> list:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.chdir(project)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    recorder = _Recorder(monkeypatch)
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    monkeypatch.undo()
    return recorder.pages


def _check_site(pages: list, cache: dict) -> int:
    for page in pages:
        theirs, ours = _both(page, cache)
        assert ours == theirs, page.file.src_uri
    return len(pages)


def test_every_page_of_the_real_site(tmp_path: Path, monkeypatch) -> None:
    pages = _built_pages(site_copy(tmp_path / "real", ROOT / "data"), monkeypatch)
    cache: dict = {}
    assert _check_site(pages, cache) > 150
    assert _check_site(pages, cache) > 150  # warm


def test_every_page_of_a_ten_times_site_before_and_after_a_rename(tmp_path: Path, monkeypatch) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_kb

    from bench import REAL

    project = site_copy(tmp_path / "ten", None)
    write_kb(project / "data", REAL.scaled(10))
    cache: dict = {}
    _check_site(_built_pages(project, monkeypatch), cache)
    tool = project / "data" / "tools" / "tool-1.yaml"
    tool.write_text(tool.read_text(encoding="utf-8").replace("name: Tool 1", "name: Tool 1 Renamed", 1), encoding="utf-8")
    after = _built_pages(project, monkeypatch)
    assert any("Tool 1 Renamed" in page.content for page in after)
    _check_site(after, cache)
