"""Rebuilds after an edit: re-planning reuses only pages nothing changed for, and under
`mkdocs serve` the rebuilt site equals a full build byte for byte."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

import versus
from support import ROOT
from versus.plan import plan, plan_state
from versus.settings import settings_from_mkdocs_yml

# (file, text to replace, replacement): each changes what some pages show, in a different way.
EDITS = {
    "tool name": ("tools/executorch.yaml", "name: ExecuTorch", "name: ExecuTorch Edited"),
    "category name": ("categories/compiler.yaml", "name: Compiler", "name: Compiler Renamed"),
    "factor note": ("factors/debugging.yaml", "    note: >-\n", "    note: >-\n      Edited first.\n"),
    "subject name": ("subjects/jax.yaml", "name: JAX", "name: JAX Edited"),
    "glossary text": ("glossary/autograd.yaml", "definition: |\n  ", "definition: |\n  Edited. "),
    "source title": ("sources/aot-inductor-docs.yaml", 'name: "AOTInductor', 'name: "Edited AOTInductor'),
}


def _edit(data: Path, edit: tuple[str, str, str]) -> None:
    file, old, new = edit
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{file} has no {old!r}: update EDITS to the data"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name", list(EDITS))
def test_replan_equals_a_full_plan(tmp_path: Path, name: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    settings = settings_from_mkdocs_yml(ROOT / "mkdocs.yml")
    renderer, options = settings.renderer(), settings.plan_options()
    before = plan_state(versus.load(data).knowledge_base, renderer, options)
    _edit(data, EDITS[name])
    result = versus.load(data)
    assert result.ok, [d.format() for d in result.diagnostics]
    after = plan_state(result.knowledge_base, renderer, options, previous=before)
    full = plan(result.knowledge_base, renderer, options)
    assert list(after.pages) == full
    assert 0 < after.rendered < len(full)  # something was re-rendered, and not everything
    changed = sum(a.markdown != b.markdown for a, b in zip(before.pages, full))
    assert after.rendered >= changed


def _project(folder: Path) -> Path:
    folder.mkdir()
    for name in ("mkdocs.yml", "content", "overrides", "data"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / name)
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


def _serve_build(project: Path, site: Path, dirty: bool = False) -> None:
    """One rebuild exactly as `mkdocs serve` (or `mkdocs serve --dirty`) runs it: fresh
    configuration and plugins, the same site folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=dirty)
    config.site_url = "http://127.0.0.1:8000/"
    build(config, serve_url=config.site_url, dirty=dirty)


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _fresh_plugins() -> None:
    """MkDocs keeps the instances of plugins with `on_startup` for the whole process (as a server
    does between rebuilds; the search plugin keeps its last index under --dirty): a full build to
    compare with starts from new ones, as a new process would."""
    from mkdocs.config.defaults import MkDocsConfig

    for _name, option in MkDocsConfig._schema:
        getattr(option, "plugin_cache", {}).clear()


def _same_as_a_full_build(project: Path, served: Path, fresh: Path) -> None:
    from versus import mkdocs_plugin

    incremental = _tree(served)
    kept = dict(mkdocs_plugin._SERVE_CACHES)
    mkdocs_plugin._SERVE_CACHES.clear()
    if fresh.exists():
        shutil.rmtree(fresh)
    _fresh_plugins()
    _serve_build(project, fresh)
    _fresh_plugins()
    mkdocs_plugin._SERVE_CACHES.clear()
    mkdocs_plugin._SERVE_CACHES.update(kept)
    full = _tree(fresh)
    assert incremental.keys() == full.keys(), sorted(incremental.keys() ^ full.keys())[:10]
    differing = [path for path in full if incremental[path] != full[path]]
    assert not differing, differing[:10]


def first_serve_build(tmp_path: Path, dirty: bool):
    """A copy of the project served once from an empty cache: (project, served folder, folder for
    a full build to compare with, the serve cache)."""
    from versus import mkdocs_plugin

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    project = _project(tmp_path / "project")
    served, fresh = tmp_path / "served", tmp_path / "fresh"
    mkdocs_plugin._SERVE_CACHES.clear()
    _serve_build(project, served, dirty)
    return project, served, fresh, mkdocs_plugin._SERVE_CACHES[str(project / "mkdocs.yml")]


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve --dirty"])
def test_serve_rebuild_equals_a_full_build_byte_for_byte(tmp_path: Path, dirty: bool) -> None:
    from versus import mkdocs_plugin

    project, served, fresh, cache = first_serve_build(tmp_path, dirty)
    assert cache.reused == 0 and cache.entries
    for name in ("tool name", "factor note"):
        _edit(project / "data", EDITS[name])
    _serve_build(project, served, dirty)
    pages = sum(1 for uri in cache.files if uri.endswith(".md"))
    assert 0 < cache.reused < pages, (cache.reused, pages)
    _same_as_a_full_build(project, served, fresh)
    assert "ExecuTorch Edited" in (fresh / "tools" / "executorch.html").read_text(encoding="utf-8")

    # A title in the navigation changes (every page shows it), then a record goes away.
    for name in ("subject name", "category name"):
        _edit(project / "data", EDITS[name])
    _serve_build(project, served, dirty)
    _same_as_a_full_build(project, served, fresh)
    extra = project / "data" / "glossary" / "zz-added.yaml"
    extra.write_text((project / "data" / "glossary" / "autograd.yaml").read_text(encoding="utf-8")
                     .replace("name: Autograd", "name: Added term", 1), encoding="utf-8")
    _serve_build(project, served, dirty)
    assert (served / "glossary" / "zz-added.html").exists()
    _same_as_a_full_build(project, served, fresh)
    extra.unlink()
    _serve_build(project, served, dirty)
    assert not (served / "glossary" / "zz-added.html").exists()
    _same_as_a_full_build(project, served, fresh)

    # Broken data: every page says so; fixed again, the site is whole again.
    tool = project / "data" / "tools" / "executorch.yaml"
    good = tool.read_text(encoding="utf-8")
    tool.write_text(good.replace("name: ExecuTorch Edited", "name: [broken", 1), encoding="utf-8")
    _serve_build(project, served, dirty)
    assert "error(s)" in (served / "methodology.html").read_text(encoding="utf-8")
    tool.write_text(good, encoding="utf-8")
    _serve_build(project, served, dirty)
    _same_as_a_full_build(project, served, fresh)

    # An edit outside the data (a hand-written page) starts over: nothing is reused.
    page = project / "content" / "methodology.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    _serve_build(project, served, dirty)
    assert mkdocs_plugin._SERVE_CACHES[str(project / "mkdocs.yml")].reused == 0
    _same_as_a_full_build(project, served, fresh)
    mkdocs_plugin._SERVE_CACHES.clear()


def test_load_memo_reports_problems_of_changed_files_and_replays_the_others(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    memo: dict = {}
    assert versus.load(data, memo=memo).ok
    tool = data / "tools" / "executorch.yaml"
    original = tool.read_text(encoding="utf-8")
    tool.write_text(original.replace("name: ExecuTorch", "name: [broken", 1), encoding="utf-8")
    broken = versus.load(data, memo=memo)
    fresh = versus.load(data)
    assert not broken.ok and broken.diagnostics == fresh.diagnostics
    tool.write_text(original, encoding="utf-8")
    again = versus.load(data, memo=memo)
    assert again.ok and again.knowledge_base.records == versus.load(data).knowledge_base.records


def test_a_saved_data_file_asks_the_server_for_a_rebuild_at_once(tmp_path: Path) -> None:
    """`mkdocs serve` polls what it watches every 0.5 s; versus asks for a rebuild as soon as the
    system reports a change, and not when a build merely reads the data."""
    import threading
    import time

    from versus.serve_dirty import watch_data

    class Server:  # what the observer uses of MkDocs' LiveReloadServer
        def __init__(self) -> None:
            self._rebuild_cond = threading.Condition()
            self._want_rebuild = False

        def watch(self, path: str) -> None:
            raise AssertionError("polled instead of notified")

    record = tmp_path / "tools" / "a.yaml"
    record.parent.mkdir()
    record.write_text("name: A\n", encoding="utf-8")
    server = Server()
    observer = watch_data(server, str(tmp_path))
    try:
        time.sleep(0.2)
        record.read_text(encoding="utf-8")  # a build reading the data
        time.sleep(0.3)
        assert not server._want_rebuild
        saved = time.monotonic()
        record.write_text("name: B\n", encoding="utf-8")
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=5)
        assert time.monotonic() - saved < 0.5
    finally:
        observer.stop()
        observer.join()
