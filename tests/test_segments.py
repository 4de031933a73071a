"""Segmented conversion (versus.segments) gives every generated page exactly what MkDocs'
`Page.render` gives it, on the real knowledge base, a 10x synthetic one and the fixtures, before
and after an edit; and each case where segments depend on the rest of the page falls back to a
whole-page conversion."""

from __future__ import annotations

import logging
import re
import shutil
import sys
from pathlib import Path

import pytest

from support import FIXTURES, ROOT, fixture_project, site_copy

pytest.importorskip("mkdocs")
from mkdocs.config import load_config  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from versus import segments  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from segments_bench import site as _site  # noqa: E402  (the same set-up the timing script uses)

STATS = ("stats",)


def _result(page: Page) -> tuple:
    toc = [(a.id, a.level, a.title, len(a.children)) for a in _walk(page.toc)]
    links = {f.src_uri: dict(v) for f, v in (page.links_to_anchors or {}).items()}
    return page.content, toc, page._title_from_render, page.present_anchor_ids, links


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.children)


def _mismatches(config, files, generated: dict, cache: dict, only=None) -> list[str]:
    wrong = []
    for uri, file in generated.items():
        if only is not None and uri not in only:
            continue
        whole, parts = Page(None, file, config), Page(None, file, config)
        whole.read_source(config)
        parts.read_source(config)
        Page.render(whole, config, files)
        segments.render(parts, config, files, cache)
        if _result(whole) != _result(parts):
            wrong.append(uri)
    return wrong


def _check_project(project: Path, monkeypatch, record: str, old: str, new: str) -> dict:
    """Every generated page matches; then, after renaming a record, every page whose Markdown
    changed matches too, converted with the segments kept from the first pass."""
    monkeypatch.chdir(project)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config, files, generated = _site(project)
    cache: dict = {}
    assert not _mismatches(config, files, generated, cache)
    stats = dict(cache[STATS])
    assert stats.get("converted", 0) > len(generated)  # pages were cut into segments
    before = {uri: file.content_string for uri, file in generated.items()}
    path = project / "data" / record
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    config, files, generated = _site(project)
    changed = {uri for uri, file in generated.items() if before.get(uri) != file.content_string}
    assert changed
    assert not _mismatches(config, files, generated, cache, only=changed)
    after = cache[STATS]
    assert after["reused"] > after["converted"] - stats["converted"]  # mostly reused
    assert new.split(": ", 1)[1] in "".join(generated[uri].content_string for uri in changed)
    return after


def test_real_knowledge_base(tmp_path: Path, monkeypatch) -> None:
    project = site_copy(tmp_path / "real", ROOT / "data")
    stats = _check_project(project, monkeypatch, "tools/executorch.yaml", "name: ExecuTorch",
                           "name: ExecuTorch Renamed")
    assert not set(stats) - {"converted", "reused", "one segment"}, stats  # no page fell back


def test_synthetic_ten_times(tmp_path: Path, monkeypatch) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_kb

    from bench import REAL

    project = site_copy(tmp_path / "ten", None)
    write_kb(project / "data", REAL.scaled(10))
    _check_project(project, monkeypatch, "tools/tool-1.yaml", "name: Tool 1", "name: Tool 1 Renamed")


def test_fixture_site(tmp_path: Path, monkeypatch) -> None:
    project = fixture_project(tmp_path / "site")
    tool = next((project / "data" / "tools").glob("*.yaml"))
    name = next(line for line in tool.read_text(encoding="utf-8").splitlines() if line.startswith("name: "))
    _check_project(project, monkeypatch, f"tools/{tool.name}", name, name + " Renamed")


def test_fixture_databases(tmp_path: Path, monkeypatch) -> None:
    project = tmp_path / "databases"
    shutil.copytree(FIXTURES / "databases", project)
    folder = next(p for p in sorted((project / "data").iterdir()) if p.is_dir() and any(p.glob("*.yaml")))
    record = next(folder.glob("*.yaml"))
    name = next(line for line in record.read_text(encoding="utf-8").splitlines() if line.startswith("name: "))
    _check_project(project, monkeypatch, f"{folder.name}/{record.name}", name, name + " Renamed")


# Crafted pages: each case where a segment depends on the rest of the page.

def _config(tmp_path: Path, extensions: str = ""):
    """The project's Markdown settings for a two-page site; `extensions` (YAML list items, such
    as "- footnotes") are added, replacing the project's settings of the same extensions."""
    import yaml

    project = yaml.safe_load("\n".join(line for line in (ROOT / "mkdocs.yml").read_text().splitlines()
                                       if "!ENV" not in line))
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    yml = tmp_path / "mkdocs.yml"
    added = set(re.findall(r"^- ([\w.]+)", extensions, re.MULTILINE))
    kept = [ext for ext in project["markdown_extensions"] if (ext if isinstance(ext, str) else next(iter(ext))) not in added]
    listed = yaml.safe_dump({"markdown_extensions": kept}, default_flow_style=False)
    yml.write_text(f"site_name: t\ndocs_dir: docs\n{listed}{extensions}", encoding="utf-8")
    config = load_config(config_file=str(yml))
    files = Files([File(name, str(docs), str(tmp_path / "site"), config.use_directory_urls)
                   for name in ("index.md", "other.md")])
    return config, files


def _render_both(config, files, text: str, cache: dict) -> tuple:
    whole, parts = Page(None, files.get_file_from_path("index.md"), config), None
    whole.markdown = text
    Page.render(whole, config, files)
    parts = Page(None, files.get_file_from_path("index.md"), config)
    parts.markdown = text
    segments.render(parts, config, files, cache)
    return _result(whole), _result(parts)


def _reason(tmp_path: Path, text: str, extensions: str = "") -> str | None:
    """Renders `text` both ways (they must agree) and says why it fell back, if it did."""
    config, files = _config(tmp_path, extensions)
    cache: dict = {}
    whole, parts = _render_both(config, files, text, cache)
    assert whole == parts
    reasons = set(cache[STATS]) - {"converted", "reused"}
    assert len(reasons) <= 1
    return reasons.pop() if reasons else None


def test_split_cuts_at_level_two_headings_outside_fences() -> None:
    text = "# T\n\nintro\n\n## A\n\na\n```\n\n## not here\n```\n\n## B\ntext\n## C (no blank line before)\n"
    parts = segments.split(text)
    assert "\n".join(parts) == text
    assert [p.split("\n", 1)[0] for p in parts] == ["# T", "## A", "## B"]
    assert segments.split("## First line\n\n## Second\n") == ["## First line\n", "## Second\n"]


def test_split_cuts_before_top_level_div_blocks() -> None:
    text = "# T\n\n<div class=\"a\" markdown>\none\n</div>\n\n<div>two</div>\n<div>no blank line</div>\n\n  <div>indented</div>\n"
    parts = segments.split(text)
    assert "\n".join(parts) == text
    assert [p.split("\n", 1)[0] for p in parts] == ["# T", '<div class="a" markdown>', "<div>two</div>"]


def test_grid_parts_convert_alone_and_nested_blocks_fall_back(tmp_path: Path) -> None:
    part = '<div class="g" markdown>\n<table markdown>\n<tr markdown>\n<td markdown>\n*note* [x](#b)\n</td>\n</tr>\n</table>\n</div>\n'
    assert _reason(tmp_path, f"# T\n\n{part}\n{part}\n## B\n\nb\n") is None
    # A <div> line inside a raw block that spans a blank line: the block is left open at the cut.
    assert _reason(tmp_path, "# T\n\n<div markdown>\nx\n\n<div>inner</div>\n\n</div>\n") == "left open"


def test_independent_segments_are_joined(tmp_path: Path) -> None:
    text = ("# Title\n\nIntro [other](other.md#x) and [self](#b).\n\n## A\n\n### Deeper\n\n| a | b |\n|---|---|\n"
            "| 1 | 2 |\n\n## B\n\n!!! note\n    body\n\n## A again {#again}\n\n<div id=\"raw\">x</div>\n")
    assert _reason(tmp_path, text) is None


def test_title_only_from_the_first_element(tmp_path: Path) -> None:
    assert _reason(tmp_path, "Intro\n\n# Not a title\n\n## A\n\ntext\n") is None
    assert _reason(tmp_path, "\n\n## A\n\ntext\n\n## B\n\n# Late h1\n") is None


def test_repeated_heading_falls_back(tmp_path: Path) -> None:
    assert _reason(tmp_path, "## Same\n\na\n\n## Same\n\nb\n") == "duplicate id"
    assert _reason(tmp_path, "## A\n\n<p id=\"b\" markdown>x</p>\n\n## B\n\nb\n") == "duplicate id"
    # Repeated inside one segment: suffixed the same way as in the whole page.
    assert _reason(tmp_path, "## A\n\n### X\n\n### X\n\n## B\n\nb\n") is None


def test_tab_sets_are_numbered_across_segments(tmp_path: Path) -> None:
    tabs = '=== "One"\n\n    1\n\n=== "Two"\n\n    2\n'
    text = f"## A\n\n{tabs}\n## B\n\n{tabs}\n## C\n\n{tabs}"
    assert _reason(tmp_path, text) is None
    config, files = _config(tmp_path)
    cache: dict = {}
    whole, parts = _render_both(config, files, text, cache)
    assert "__tabbed_3_2" in parts[0]
    # One more tab set in the first segment renumbers the later ones; the cache must not hide that.
    edited = text.replace("## A\n\n", f"## A\n\n{tabs}\nbetween\n\n", 1)
    whole, parts = _render_both(config, files, edited, cache)
    assert whole == parts and "__tabbed_4_2" in parts[0]
    assert "reused" not in cache[STATS]  # every later segment starts from other counters
    whole, parts = _render_both(config, files, edited, cache)
    assert whole == parts and cache[STATS]["reused"] == 3


def test_code_blocks_numbered_across_segments(tmp_path: Path) -> None:
    code = "```python\nx = 1\ny = 2\n```\n"
    text = f"## A\n\n{code}\n## B\n\n{code}"
    assert _reason(tmp_path, text) is None
    numbered = "- pymdownx.highlight:\n    linenums: true\n    anchor_linenums: true\n"
    assert _reason(tmp_path, text, numbered) is None
    config, files = _config(tmp_path, numbered)
    whole, parts = _render_both(config, files, text, {})
    assert "__codelineno-1-2" in parts[0]  # the second block's second line


def test_definitions_fall_back(tmp_path: Path) -> None:
    assert _reason(tmp_path, "## A\n\nsee [x][ref]\n\n## B\n\n[ref]: https://example.org\n") == "definitions"
    assert _reason(tmp_path, "## A\n\nnote[^1]\n\n## B\n\n[^1]: the note\n",
                   "- footnotes\n") == "definitions"
    assert _reason(tmp_path, "## A\n\nHTML here\n\n## B\n\n*[HTML]: Hyper Text\n", "- abbr\n") == "definitions"


def test_raw_html_across_segments_falls_back(tmp_path: Path) -> None:
    assert _reason(tmp_path, "## A\n\n<div>\nopen\n\n## B\n\n</div>\n") == "left open"
    assert _reason(tmp_path, "## A\n\n<!-- open\n\n## B\n\n-->\n") == "left open"
    assert _reason(tmp_path, "## A\n\ntext <span\n\n## B\n\nclass='x'>\n") == "left open"
    assert _reason(tmp_path, "## A\n\npin `x<5` and <b>bold</b>\n\n## B\n\nb\n") is None


def test_fence_left_open_falls_back(tmp_path: Path) -> None:
    # `split` takes the indented line for the fence's end; Markdown's fence ends at the last line.
    text = "## A\n\n```\nx\n  ```\n\n## B\n\n```\n"
    assert [p.split("\n", 1)[0] for p in segments.split(text)] == ["## A", "## B"]
    assert _reason(tmp_path, text) == "left open"
    assert _reason(tmp_path, "## A\n\n```\nnever closed\n\n## B\n\nb\n") == "one segment"  # no cut inside


def test_code_at_a_segment_end(tmp_path: Path) -> None:
    # The blank lines after a segment's last code block do not reach its HTML.
    assert _reason(tmp_path, "## A\n\n    code\n\n\n\n## B\n\ntext\n") is None
    assert _reason(tmp_path, "## A\n\n```\ncode\n```\n\n## B\n\ntext\n") is None


def test_toc_marker_and_unknown_extensions_fall_back(tmp_path: Path) -> None:
    assert _reason(tmp_path, "[TOC]\n\n## A\n\na\n\n## B\n\nb\n") == "toc marker"
    assert _reason(tmp_path, "## A\n\na\n\n## B\n\nb\n", "- sane_lists\n") == "extension"
    assert _reason(tmp_path, "## A\n\na\n\n## B\n\nb\n", "- pymdownx.tabbed:\n    slugify: !!python/name:"
                   "pymdownx.slugs.slugify\n") == "tab slugs"


def test_unread_page_raises_as_page_render_does(tmp_path: Path) -> None:
    config, files = _config(tmp_path)
    page = Page(None, files.get_file_from_path("index.md"), config)
    with pytest.raises(RuntimeError, match="read_source"):
        segments.render(page, config, files, {})


def test_a_segment_that_logs_is_converted_again(tmp_path: Path, caplog) -> None:
    config, files = _config(tmp_path)
    cache: dict = {}
    text = "## A\n\n[gone](missing.md)\n\n## B\n\nb\n"
    for _ in range(2):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            whole, parts = _render_both(config, files, text, cache)
        assert whole == parts
        assert sum("missing.md" in r.getMessage() for r in caplog.records) == 2  # whole, then segmented
    assert cache[STATS] == {"converted": 3, "reused": 1}  # A twice (it logged), B once


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve --dirty"])
def test_serve_rebuild_reuses_sections(tmp_path: Path, dirty: bool) -> None:
    """Under `mkdocs serve` the adapter converts changed pages by sections: after a rename most
    sections come from the cache, and the site equals a full build byte for byte."""
    from test_incremental import EDITS, _edit, _same_as_a_full_build, _serve_build, first_serve_build

    from versus import mkdocs_plugin

    project, served, fresh, cache = first_serve_build(tmp_path, dirty)
    first = dict(cache.segments[STATS])
    assert first.get("converted", 0) > len(cache.entries) and "reused" not in first
    _edit(project / "data", EDITS["tool name"])
    _serve_build(project, served, dirty)
    stats = cache.segments[STATS]
    assert stats["reused"] > stats["converted"] - first["converted"] > 0
    _same_as_a_full_build(project, served, fresh)
    mkdocs_plugin._SERVE_CACHES.clear()
