"""`versus examples`: run every example snippet as shown, on CPU, and record what happened.

One isolated virtual environment per subject (the union of its snippets' requirements) lives in a
cache folder outside the project (`$XDG_CACHE_HOME/versus/envs`), built with a Python new enough
for the newest releases (3.12 or later: found on PATH or under pyenv, or given with --python or
VERSUS_PYTHON). pip's download cache sits beside it, so later runs reuse the wheels. Each snippet
runs in a fresh temporary folder, in its own process, with a timeout and with GPUs hidden; a
snippet with `vary` runs once per value of its environment variable (KERAS_BACKEND for Keras).
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from packaging.requirements import InvalidRequirement, Requirement

MIN_PYTHON = (3, 12)
INSTALL_TIMEOUT = 3600
_VERSIONS = ("import importlib.metadata as m, json, sys\n"
             "out = {}\n"
             "for name in sys.argv[1:]:\n"
             "    try: out[name] = m.version(name)\n"
             "    except m.PackageNotFoundError: pass\n"
             "print(json.dumps(out))\n")


class RunnerError(Exception):
    """No suitable Python, or an environment could not be installed (exit 3)."""


@dataclass(frozen=True)
class Job:
    """One run: a snippet of an example, for one value of its `vary` variable (or none)."""

    example: str
    subject: str
    code: str
    requirements: tuple[str, ...]
    gpu: bool = False
    env: tuple[tuple[str, str], ...] = ()
    variant: str | None = None

    @property
    def label(self) -> str:
        return f"{self.example} / {self.subject}" + (f" ({self.variant})" if self.variant else "")


@dataclass
class Outcome:
    job: Job
    result: str  # passed, failed, not-run
    seconds: float = 0.0
    versions: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    python: str | None = None


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "versus"


def _python_version(python: str) -> tuple[int, ...] | None:
    try:
        out = subprocess.run([python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return tuple(int(part) for part in out.stdout.strip().split("."))


def find_python(explicit: str | None = None) -> tuple[str, str]:
    """(path, version) of the Python to build environments with; raises RunnerError if none fits."""
    if explicit or os.environ.get("VERSUS_PYTHON"):
        chosen = explicit or os.environ["VERSUS_PYTHON"]
        version = _python_version(chosen)
        if version is None:
            raise RunnerError(f"'{chosen}' is not a Python interpreter that runs")
        return chosen, ".".join(map(str, version))
    candidates = [sys.executable] + [shutil.which(f"python3.{minor}") or "" for minor in range(MIN_PYTHON[1], 20)]
    candidates += glob.glob(os.path.expanduser("~/.pyenv/versions/3.*/bin/python3"))
    found = [(version, path) for path in dict.fromkeys(filter(None, candidates))
             if (version := _python_version(path)) and version[:2] >= MIN_PYTHON]
    if found:  # the oldest one new enough: the newest releases install, and the most wheels exist for it
        version, path = min(found)
        return path, ".".join(map(str, version))
    raise RunnerError(f"no Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer found; "
                      "install one or pass --python PATH (or set VERSUS_PYTHON)")


def jobs_for(kb, only_subjects: Iterable[str] = (), only_examples: Iterable[str] = ()) -> list[Job]:
    subjects, examples = set(only_subjects), set(only_examples)
    jobs = []
    for example in kb.of("example"):
        if examples and example.id not in examples:
            continue
        for snippet in example.snippets:
            if (subjects and snippet.subject not in subjects) or (snippet.language or "python") != "python":
                continue
            base = dict(example=example.id, subject=snippet.subject, code=snippet.code,
                        requirements=snippet.requirements, gpu=bool(snippet.gpu))
            if snippet.vary:
                jobs += [Job(**base, env=((snippet.vary.env, value),), variant=value) for value in snippet.vary.values]
            else:
                jobs.append(Job(**base))
    return jobs


def _names(requirements: Iterable[str]) -> list[str]:
    names = []
    for text in requirements:
        try:
            names.append(Requirement(text).name)
        except InvalidRequirement:
            names.append(text)
    return names


class Environments:
    """One virtual environment per subject, created on first use and reused while fresh."""

    def __init__(self, python: str, python_version: str, root: Path, max_age: float, log=print) -> None:
        self.python, self.python_version = python, python_version
        self.root, self.max_age, self.log = root, max_age, log
        self.ready: dict[str, Path] = {}

    def for_subject(self, subject: str, requirements: tuple[str, ...]) -> Path:
        """The environment's Python executable; installs the requirements when needed."""
        key = hashlib.sha256(("\n".join(sorted(requirements)) + self.python_version).encode()).hexdigest()[:10]
        folder = self.root / "envs" / f"{subject}-{key}"
        if folder.name in self.ready:
            return self.ready[folder.name]
        stamp = folder / ".versus-installed"
        python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        fresh = stamp.is_file() and time.time() - stamp.stat().st_mtime < self.max_age
        if not fresh:
            started = time.monotonic()
            shutil.rmtree(folder, ignore_errors=True)
            folder.parent.mkdir(parents=True, exist_ok=True)
            self._create(folder, bool(requirements))
            if requirements:
                env = dict(os.environ, PIP_CACHE_DIR=str(self.root / "pip"), PIP_DISABLE_PIP_VERSION_CHECK="1")
                try:
                    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", *requirements],
                                          capture_output=True, text=True, timeout=INSTALL_TIMEOUT, env=env)
                except subprocess.TimeoutExpired:
                    raise RunnerError(f"installing {', '.join(requirements)} took over {INSTALL_TIMEOUT} s") from None
                if done.returncode != 0:
                    last = (done.stderr.strip().splitlines() or ["pip failed"])[-1]
                    raise RunnerError(f"cannot install {', '.join(requirements)} for {subject}: {last}")
            stamp.write_text(dt.date.today().isoformat(), encoding="utf-8")
            self.log(f"versus: environment for {subject} ready in {time.monotonic() - started:.0f} s "
                     f"({', '.join(requirements) or 'no packages'})")
        self.ready[folder.name] = python
        return python

    def _create(self, folder: Path, with_pip: bool) -> None:
        done = subprocess.run([self.python, "-m", "venv", *([] if with_pip else ["--without-pip"]), str(folder)],
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise RunnerError(f"cannot create an environment in {folder}: {done.stderr.strip()[-200:]}")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    line = lines[-1] if lines else "exited with an error and no message"
    return line if len(line) <= 300 else line[:297] + "..."


def run_job(job: Job, python: Path, python_version: str, timeout: float) -> Outcome:
    if job.gpu:
        return Outcome(job, "not-run", error="needs a GPU")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "KERAS_"))}
    env.update(CUDA_VISIBLE_DEVICES="", TF_CPP_MIN_LOG_LEVEL="2", PYTHONDONTWRITEBYTECODE="1")
    env.update(dict(job.env))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="versus-example-") as folder:
        script = Path(folder) / "snippet.py"
        script.write_text(job.code, encoding="utf-8")
        try:
            done = subprocess.run([str(python), str(script)], cwd=folder, env=env, capture_output=True,
                                  text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return Outcome(job, "failed", time.monotonic() - started, error=f"timed out after {timeout:.0f} s",
                           python=python_version)
        versions = subprocess.run([str(python), "-c", _VERSIONS, *_names(job.requirements)], capture_output=True,
                                  text=True, timeout=60, env=env)
    try:
        installed = json.loads(versions.stdout or "{}")
    except ValueError:
        installed = {}
    seconds = time.monotonic() - started
    if done.returncode != 0:
        return Outcome(job, "failed", seconds, installed, _last_line(done.stderr or done.stdout), python_version)
    return Outcome(job, "passed", seconds, installed, python=python_version)
