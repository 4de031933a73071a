"""How long converting the pages a tool rename changes takes, whole (`Page.render`) and by
sections with a warm cache (`versus.segments`), and what that does to a `mkdocs serve` rebuild.

    .venv/bin/python benchmarks/segments_bench.py 1x 10x [--rounds 7] [--only conversion|serve] [--dirty]

For each scale: a copy of the project (the real data or the synthetic base of bench.py); every
generated page is converted by sections once (what the first `mkdocs serve` build does); then a
tool is renamed and the pages whose Markdown changed are converted again, whole and by sections
from the cache as it was before the rename, alternately, `rounds` times. Then two more copies are
served (the adapter's own rebuild path, sections off and on) and renamed alternately, timing each
rebuild. Medians, with the spread and the load average.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
sys.path.insert(0, str(Path(__file__).parent))
from bench import make_project  # noqa: E402
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.structure.files import get_files  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from versus import mkdocs_plugin, segments, serve_cache  # noqa: E402

ORIGINALS: dict[Path, str] = {}
RENAME = {"1x": ("tools/torchserve.yaml", "name: TorchServe"), "10x": ("tools/tool-1.yaml", "name: Tool 1")}


def site(project: Path):
    """The project's configuration, files and generated pages, as a build sees them before
    rendering (the plugin has planned the pages and added their files)."""
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    planned = config.plugins["versus"]._by_uri
    return config, files, {f.src_uri: f for f in files.documentation_pages() if f.src_uri in planned}


def rename(project: Path, scale: str, suffix: str) -> None:
    record, line = RENAME[scale]
    path = project / "data" / record
    original = ORIGINALS.setdefault(path, path.read_text(encoding="utf-8"))
    path.write_text(original.replace(line, f"{line} {suffix}", 1), encoding="utf-8")


def convert(config, files, pages, render) -> float:
    started = time.perf_counter()
    for file in pages:
        page = Page(None, file, config)
        page.read_source(config)
        render(page)
    return time.perf_counter() - started


def fmt(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s (min {min(values):.3f}, max {max(values):.3f})"


def conversion(folder: Path, scale: str, rounds: int) -> None:
    project = make_project(folder / "conv", scale)
    os.chdir(project)
    config, files, generated = site(project)
    warm: dict = {}
    convert(config, files, generated.values(), lambda p: segments.render(p, config, files, warm))
    before = {uri: f.content_string for uri, f in generated.items()}
    rename(project, scale, "Renamed")
    config, files, generated = site(project)
    changed = [f for uri, f in generated.items() if before.get(uri) != f.content_string]
    size = sum(len(f.content_string) for f in changed)
    whole, parts, loads = [], [], []
    for _ in range(rounds):
        loads.append(os.getloadavg()[0])
        whole.append(convert(config, files, changed, lambda p: Page.render(p, config, files)))
        cache = {key: dict(value) if isinstance(value, dict) else value for key, value in warm.items()}
        parts.append(convert(config, files, changed, lambda p: segments.render(p, config, files, cache)))
    counts, earlier = cache[segments._STATS], warm[segments._STATS]
    stats = {k: v - earlier.get(k, 0) for k, v in counts.items() if k not in ("converted", "reused") and v > earlier.get(k, 0)}
    print(f"{scale}: {len(changed)} changed pages, {size / 1000:.0f} KB of Markdown; "
          f"load {min(loads):.1f}-{max(loads):.1f}; {rounds} rounds")
    print(f"  whole (Page.render)      {fmt(whole)}")
    print(f"  by sections, warm cache  {fmt(parts)}  (x{statistics.median(whole) / statistics.median(parts):.1f};"
          f" whole-page fallbacks of the last round: {stats or 'none'})")


def serving(folder: Path, scale: str, rounds: int, dirty: bool) -> None:
    """Rebuilds as `mkdocs serve` (or `serve --dirty`) runs them, with the section cache off and on."""
    plain_capture = serve_cache.capture_render
    projects = {mode: make_project(folder / mode, scale) for mode in ("off", "on")}
    times: dict[str, list[float]] = {"off": [], "on": []}
    loads = []

    def rebuild(mode: str) -> float:
        project = projects[mode]
        os.chdir(project)
        serve_cache.capture_render = (plain_capture if mode == "on" else
                                      lambda page, entry, _segments=None: plain_capture(page, entry))
        for _name, option in MkDocsConfig._schema:  # plugins kept by MkDocs belong to the other copy
            getattr(option, "plugin_cache", {}).clear()
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / "site"))
        config.plugins.on_startup(command="serve", dirty=dirty)
        config.site_url = "http://127.0.0.1:8000/"
        started = time.perf_counter()
        build(config, serve_url=config.site_url, dirty=dirty)
        return time.perf_counter() - started

    for mode in projects:
        rebuild(mode)  # the first build fills the caches
    for n in range(rounds):
        loads.append(os.getloadavg()[0])
        for mode in projects:
            rename(projects[mode], scale, f"e{n}")
            times[mode].append(rebuild(mode))
    serve_cache.capture_render = plain_capture
    print(f"{scale}: serve{' --dirty' if dirty else ''} rebuild after a rename, {rounds} rounds")
    print(f"  sections off: {fmt(times['off'])}")
    print(f"  sections on:  {fmt(times['on'])}  (load {min(loads):.1f}-{max(loads):.1f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scales", nargs="+", choices=sorted(RENAME))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--only", choices=("conversion", "serve"))
    parser.add_argument("--dirty", action="store_true", help="serve as `mkdocs serve --dirty` (what make serve runs)")
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    for scale in args.scales:
        with tempfile.TemporaryDirectory() as folder:
            if args.only != "serve":
                conversion(Path(folder), scale, args.rounds)
            if args.only != "conversion":
                mkdocs_plugin._SERVE_CACHES.clear()
                serving(Path(folder), scale, args.rounds, args.dirty)
                mkdocs_plugin._SERVE_CACHES.clear()


if __name__ == "__main__":
    main()
