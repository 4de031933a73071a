"""Atomic output: the site, the export and emitted pages are written to a fresh folder and swapped
in when complete. A killed or failed run leaves the previous output byte for byte; export and emit
refuse a non-empty folder they did not write unless --force, and never replace the project."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import built_fixture_project, run_versus


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("atomic") / "project"
    return built_fixture_project(root)


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built, copy)
    return copy


def _staging(project: Path) -> list[Path]:
    return [p for p in project.iterdir() if p.name.startswith(".site.versus-")]


def test_a_build_killed_midway_leaves_the_previous_site(project: Path) -> None:
    before = _snapshot(project / "site")
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill once the build has started writing: into its new folder, or (without one) into site/.
    deadline = time.monotonic() + 60
    while (not _staging(project) and (project / "site" / "index.html").exists()
           and build.poll() is None and time.monotonic() < deadline):
        time.sleep(0.005)
    assert build.poll() is None, "the build ended before it could be killed"
    time.sleep(0.3)  # let it write part of the new site
    os.kill(build.pid, signal.SIGKILL)
    assert build.wait() == -signal.SIGKILL, "the build finished before the kill"
    assert _snapshot(project / "site") == before


def test_a_strict_build_that_fails_on_a_warning_keeps_the_previous_site(project: Path) -> None:
    before = _snapshot(project / "site")
    (project / "content" / "broken-link.md").write_text("# Broken\n\nSee [nowhere](no-such-page.md).\n")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                           capture_output=True, text=True, timeout=120)
    assert build.returncode != 0 and "no-such-page.md" in build.stderr
    assert _snapshot(project / "site") == before
    assert _staging(project) == []  # the half-built folder is removed


def test_a_successful_build_replaces_the_site_whole(project: Path) -> None:
    (project / "site" / "stale.html").write_text("left from an old build")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                           capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, build.stderr
    assert not (project / "site" / "stale.html").exists()
    assert (project / "site" / "api" / "v1" / "knowledge-base.json").is_file()
    assert _staging(project) == []


@pytest.mark.parametrize("command", ["export", "emit"])
def test_output_commands_refuse_a_folder_they_did_not_write(project: Path, command: str) -> None:
    mine = project / "notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("mine")
    refused = run_versus(command, "notes", cwd=project)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert (mine / "todo.txt").read_text() == "mine"

    first = run_versus(command, "out", cwd=project)
    assert first.returncode == 0, first.stderr
    assert (project / "out" / ".versus-output").is_file()
    (project / "out" / "leftover.txt").write_text("from an older run")
    again = run_versus(command, "out", cwd=project)  # its own folder: replaced whole
    assert again.returncode == 0, again.stderr
    assert not (project / "out" / "leftover.txt").exists()

    forced = run_versus(command, "notes", "--force", cwd=project)
    assert forced.returncode == 0 and not (mine / "todo.txt").exists()


@pytest.mark.parametrize("target", [".", "content", "data", ".."])
def test_output_commands_never_replace_the_project(project: Path, target: str) -> None:
    before = _snapshot(project / "content")
    result = run_versus("emit", target, "--force", cwd=project)
    assert result.returncode == 2 and "nothing written" in result.stderr
    assert _snapshot(project / "content") == before and (project / "mkdocs.yml").is_file()


def test_a_killed_export_leaves_one_whole_export(project: Path) -> None:
    """Killed at any moment, the folder holds the whole previous export or the whole new one."""
    assert run_versus("export", "api", cwd=project).returncode == 0
    before = _snapshot(project / "api")
    tool = project / "data" / "tools" / "alpha-compile.yaml"
    tool.write_text(tool.read_text().replace("Compiles Alpha models.", "Compiles Alpha models fast."))
    assert run_versus("export", "api-new", cwd=project).returncode == 0
    after = _snapshot(project / "api-new")
    assert after != before
    for delay in (0.0, 0.2, 0.4, 0.6):
        export = subprocess.Popen([sys.executable, "-m", "versus", "export", "api"], cwd=project,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        os.kill(export.pid, signal.SIGKILL)
        export.wait()
        assert _snapshot(project / "api") in (before, after)
        json.loads((project / "api" / "knowledge-base.json").read_text())


def test_swap_replaces_in_one_step(tmp_path: Path) -> None:
    from versus.output import swap_in

    old, new = tmp_path / "site", tmp_path / "new"
    old.mkdir()
    (old / "a").write_text("old")
    new.mkdir()
    (new / "a").write_text("new")
    swap_in(new, old)
    assert (old / "a").read_text() == "new" and not new.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_folders_left_by_killed_runs_are_cleared_later(tmp_path: Path) -> None:
    from versus.output import staging_folder

    target = tmp_path / "site"
    old = tmp_path / ".site.versus-left"
    old.mkdir()
    hours_ago = time.time() - 7200
    os.utime(old, (hours_ago, hours_ago))
    recent = tmp_path / ".site.versus-running"
    recent.mkdir()
    fresh = staging_folder(target)
    assert fresh.is_dir() and not old.exists() and recent.exists()
