"""The versus benchmark: how the engine and the build scale with the knowledge base.

    make bench                                  # all scales, 3 runs each
    .venv/bin/python benchmarks/bench.py --scales 1x 10x --runs 5

Scales: 1x is the real knowledge base (data/); 10x multiplies every kind but subjects by ten (so
records grow tenfold and pair pages stay constant: the linearity check); 100x is a large base
with 40 subjects (pair pages capped by `max_pair_subjects`). Every number is the median of the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

import versus
from versus.settings import settings_from_mkdocs_yml
from versus.plan import plan

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import Shape, write_kb  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REAL = Shape(subjects=4, factors=13, scenarios=14, tools=30, caveats=13, decisions=2, tree_depth=6, examples=4,
             sources=47, terms=25, categories=15)
SCALES = {
    "10x": REAL.scaled(10),
    "100x": Shape(subjects=40, factors=150, scenarios=200, tools=500, caveats=130, decisions=20, tree_depth=12,
                  examples=40, sources=470, terms=250, categories=15),
}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def make_project(folder: Path, scale: str) -> Path:
    """A copy of the site project whose data/ is the real base or a synthetic one."""
    project = folder / scale
    project.mkdir(parents=True)
    for name in ("mkdocs.yml", "content", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    if scale == "1x":
        shutil.copytree(ROOT / "data", project / "data")
    else:
        write_kb(project / "data", SCALES[scale])
    return project


class _EnvLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for `!ENV [NAME, default]` (the rest is plain YAML)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    *names, default = loader.construct_sequence(node)  # the last item is the default
    return next((os.environ[name] for name in names if name in os.environ), default)


_EnvLoader.add_constructor("!ENV", _env)


def plain_project(project: Path) -> Path:
    """The same site built by plain MkDocs from the Markdown versus emits: the engine's true overhead."""
    plain = project.parent / f"{project.name}-plain"
    shutil.copytree(project / "content", plain / "content")
    shutil.copytree(project / "overrides", plain / "overrides")
    settings = settings_from_mkdocs_yml(project / "mkdocs.yml")
    for page in plan(versus.load(project / "data").knowledge_base, settings.renderer(), settings.plan_options()):
        target = plain / "content" / page.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    config = yaml.load((project / "mkdocs.yml").read_text(), Loader=_EnvLoader)
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "versus" in p)]
    config.get("extra", {}).pop("polyfills", None)
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return plain


def build_once(project: Path) -> dict:
    result = subprocess.run([sys.executable, str(Path(__file__).parent / "_build_child.py"), str(project / "mkdocs.yml")],
                            cwd=project, capture_output=True, text=True, env=ENV, timeout=3600)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(project: Path, runs: int) -> dict:
    validation = []
    for _ in range(runs):
        started = time.perf_counter()
        result = versus.load(project / "data")
        validation.append(time.perf_counter() - started)
    assert result.ok, [d.format() for d in result.diagnostics[:5]]
    builds = [build_once(project) for _ in range(runs)]
    site = project / "site"
    pages = sum(1 for _ in site.rglob("*.html"))
    plain = plain_project(project)
    plain_builds = [build_once(plain) for _ in range(runs)]
    total = statistics.median(b["total"] for b in builds)
    engine = statistics.median(b["engine"] for b in builds)
    return {
        "records": result.records_checked, "pages": pages,
        "validate_s": statistics.median(validation), "engine_s": engine, "build_s": total,
        "engine_share": engine / total, "ms_per_page": total / pages * 1000,
        "peak_mb": max(b["maxrss_mb"] for b in builds), "site_mb": folder_bytes(site) / 1e6,
        "search_mb": (site / "search" / "search_index.json").stat().st_size / 1e6,
        "plain_s": statistics.median(b["total"] for b in plain_builds),
    }


def serve_reload_seconds(project: Path) -> float:
    """Seconds from saving a data file to `mkdocs serve` serving the change."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Served at the root, as `make serve` does (MkDocs serves under site_url's path otherwise).
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**ENV, "VERSUS_SITE_URL": f"http://127.0.0.1:{port}/"})
    url = f"http://127.0.0.1:{port}/tools/torchserve.html"

    def body() -> str:
        try:
            return urllib.request.urlopen(url, timeout=5).read().decode()
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 120
        while "TorchServe" not in body():
            if time.monotonic() > deadline:
                return float("nan")
            time.sleep(0.2)
        time.sleep(1.0)
        record = project / "data" / "tools" / "torchserve.yaml"
        record.write_text(record.read_text().replace("name: TorchServe", "name: TorchServe edited"))
        started = time.monotonic()
        while "TorchServe edited" not in body():
            if time.monotonic() - started > 120:
                return float("nan")
            time.sleep(0.05)
        return time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", default=["1x", "10x", "100x"], choices=["1x", "10x", "100x"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for scale in args.scales:
            print(f"measuring {scale} ...", file=sys.stderr, flush=True)
            project = make_project(Path(folder), scale)
            results[scale] = measure(project, args.runs)
            if scale == "1x":
                results[scale]["serve_reload_s"] = serve_reload_seconds(project)
    columns = [("records", "records", "{:d}"), ("pages", "pages", "{:d}"), ("validate_s", "validate s", "{:.3f}"),
               ("engine_s", "engine s", "{:.2f}"), ("build_s", "build s", "{:.2f}"), ("engine_share", "engine %", "{:.1%}"),
               ("ms_per_page", "ms/page", "{:.1f}"), ("peak_mb", "peak MB", "{:.0f}"), ("site_mb", "site MB", "{:.1f}"),
               ("search_mb", "search MB", "{:.2f}"), ("plain_s", "plain s", "{:.2f}")]
    print(f"versus benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}, medians of {args.runs} run(s)\n")
    print("| scale | " + " | ".join(title for _, title, _ in columns) + " | build / plain |")
    print("|---|" + "---|" * (len(columns) + 1))
    for scale, r in results.items():
        cells = [fmt.format(r[key]) for key, _, fmt in columns]
        print(f"| {scale} | " + " | ".join(cells) + f" | {r['build_s'] / r['plain_s']:.2f} |")
    if "1x" in results:
        r = results["1x"]
        print(f"\n1x: validate {r['validate_s']:.3f} s (target <= 0.3 s), build {r['build_s']:.2f} s (target <= 3 s), "
              f"serve edit-to-reload {r['serve_reload_s']:.2f} s (target <= one build)")
    if "1x" in results and "10x" in results:
        a, b = results["1x"], results["10x"]
        print(f"10x / 1x: records x{b['records'] / a['records']:.1f}, build time x{b['build_s'] / a['build_s']:.1f}, "
              f"site bytes x{b['site_mb'] / a['site_mb']:.1f}, engine x{b['engine_s'] / a['engine_s']:.1f} (target <= x11)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
