"""MkDocs builds: the fixture builds strictly; broken data fails cleanly and keeps the old site."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from support import BAD, fixture_project

MKDOCS = [sys.executable, "-m", "mkdocs"]


@pytest.fixture
def site_project(tmp_path: Path) -> Path:
    fixture_project(tmp_path / "site-project")
    return tmp_path / "site-project"


def _build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*MKDOCS, "build", "--strict"], cwd=project, capture_output=True, text=True, timeout=300)


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_fixture_builds_strict_with_a_page_per_record(site_project: Path) -> None:
    result = _build(site_project)
    assert result.returncode == 0, result.stderr
    site = site_project / "site"
    for page in ("tools/alpha-compile", "subjects/alpha", "factors/speed", "decisions/which-one",
                 "glossary/jit", "sources/alpha-docs", "categories/compiler"):
        assert (site / page / "index.html").is_file(), page
    html = (site / "tools" / "alpha-compile" / "index.html").read_text()
    assert "alpha.compile" in html
    assert "https://github.com/example/versus/edit/main/data/tools/alpha-compile.yaml" in html


def test_broken_data_fails_without_traceback_and_keeps_the_site(site_project: Path) -> None:
    assert _build(site_project).returncode == 0
    before = _snapshot(site_project / "site")
    broken = site_project / "data" / "tools" / "alpha-compile.yaml"
    broken.write_bytes((BAD / "bad-enum.yaml").read_bytes())

    result = _build(site_project)

    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "alpha-compile.yaml:7:17: error: 'status.state' is 'archve'" in output
    assert "[bad-enum]" in output
    assert "Traceback" not in output
    assert _snapshot(site_project / "site") == before


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, needle: str, present: bool, timeout: float = 40.0) -> bool:
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            body = urllib.request.urlopen(url, timeout=5).read().decode()
            if (needle in body) == present:
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def test_serve_shows_errors_keeps_running_and_recovers(site_project: Path) -> None:
    port = _free_port()
    server = subprocess.Popen([*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=site_project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    page = f"http://127.0.0.1:{port}/tools/alpha-compile/"
    broken = site_project / "data" / "tools" / "alpha-compile.yaml"
    good = broken.read_bytes()
    try:
        assert _wait_for(page, "alpha.compile", True), "server did not start"
        broken.write_bytes((BAD / "bad-enum.yaml").read_bytes())
        assert _wait_for(page, "The knowledge base has 1 error(s)", True), "errors not shown"
        assert server.poll() is None
        broken.write_bytes(good)
        assert _wait_for(page, "The knowledge base has", False), "did not recover"
        assert server.poll() is None
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output
    assert "alpha-compile.yaml:7:17: error:" in output


def test_properdocs_builds_the_site_strictly(tmp_path: Path) -> None:
    """ProperDocs, the maintained MkDocs 1.x continuation, builds the real site with the plugin."""
    from support import ROOT

    properdocs = Path(sys.executable).parent / "properdocs"
    result = subprocess.run([str(properdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "versus: " in result.stderr and "pages planned" in result.stderr
    first, second = sorted(p.stem for p in (ROOT / "data" / "subjects").glob("*.yaml"))[:2]
    assert (tmp_path / "site" / "compare" / f"{first}-vs-{second}.html").is_file()
    assert (tmp_path / "site" / "api" / "v1" / "knowledge-base.json").is_file()
