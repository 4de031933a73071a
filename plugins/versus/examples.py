"""Run the examples and report like the validator; `--write` records each run in its snippet.

A failed run is an error on the snippet's `code` line (rule `example-failed`); a snippet marked
`gpu: true` is recorded as not run. The recorded runs (`ran:` under each snippet: date, result,
device, Python, the installed version of each requirement, the error) are what the example page
shows as "Ran with ... on CPU".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Iterable

from packaging.requirements import InvalidRequirement, Requirement

from .diagnostics import ERROR, Diagnostic, Report
from .load import load_file
from .checked import code_digest
from .runner import Environments, Job, Outcome, run_job
from .yamledit import edit_file


def requirements(kb, pinned: bool = False) -> dict[str, set[str]]:
    """Each subject's environment: the union of its snippets' requirements. `pinned` pins every
    package to the version its last recorded run installed, so a new upstream release cannot
    change the result (CI); unpinned runs take the newest releases (the weekly check)."""
    needs: dict[str, set[str]] = {}
    for example in kb.of("example"):
        for snippet in example.snippets:
            if snippet.gpu:
                continue
            recorded = {name.lower(): version for run in snippet.ran for name, version in (run.versions or {}).items()}
            for text in snippet.requirements:
                try:
                    name = Requirement(text).name
                except InvalidRequirement:
                    name = None
                version = recorded.get(name.lower()) if name and pinned else None
                needs.setdefault(snippet.subject, set()).add(f"{name}=={version}" if version else text)
    return needs


def run_all(kb, jobs: list[Job], environments: Environments, timeout: float,
            log: Callable[[str], None] = print, pinned: bool = False) -> list[Outcome]:
    """Run every job, one subject environment at a time."""
    needs = requirements(kb, pinned)
    outcomes = []
    for job in sorted(jobs, key=lambda j: (j.subject, j.example, j.variant or "")):
        python = None if job.gpu else environments.for_subject(job.subject, tuple(sorted(needs.get(job.subject, ()))))
        outcome = run_job(job, python, environments.python_version, timeout)
        log(f"versus: {outcome.result:<7} {job.label} ({outcome.seconds:.1f} s)"
            + (f": {outcome.error}" if outcome.result == "failed" else ""))
        outcomes.append(outcome)
    return outcomes


def diagnostics(kb, outcomes: Iterable[Outcome]) -> list[Diagnostic]:
    report = Report()
    for outcome in outcomes:
        if outcome.result != "failed":
            continue
        job = outcome.job
        file = kb.get(job.example, "example").file
        raw = load_file(Path(file), "example", Report())
        where = raw.where(("snippets", job.subject, "code")) if raw else None
        report.add(file, where.line if where else 1, where.col if where else 1, "example-failed",
                   f"the {job.subject} snippet{f' ({job.variant})' if job.variant else ''} failed on CPU: {outcome.error}",
                   ERROR)
    return report.sorted()


def recorded(outcome: Outcome, today: dt.date) -> dict:
    """One `ran:` entry, as written into the YAML file."""
    entry: dict = {}
    if outcome.job.variant:
        entry["variant"] = outcome.job.variant
    entry.update(date=today.isoformat(), result=outcome.result, code=code_digest(outcome.job.code))
    if outcome.result != "not-run":
        entry.update(device="CPU", python=outcome.python)
        if outcome.versions:
            entry["versions"] = dict(sorted(outcome.versions.items()))
    if outcome.error:
        entry["error"] = outcome.error
    return entry


def write_results(kb, outcomes: Iterable[Outcome], today: dt.date) -> list[Path]:
    """Record the runs under each snippet (`ran:`), replacing earlier ones; the files changed."""
    by_snippet: dict[tuple[str, str], list[Outcome]] = {}
    for outcome in outcomes:
        by_snippet.setdefault((outcome.job.example, outcome.job.subject), []).append(outcome)
    by_file: dict[Path, list] = {}
    for (example, subject), runs in sorted(by_snippet.items()):
        entries = [recorded(o, today) for o in sorted(runs, key=lambda o: o.job.variant or "")]
        file = Path(kb.get(example, "example").file)
        by_file.setdefault(file, []).append((("snippets", subject, "ran"), entries, ()))
    return [file for file, changes in by_file.items() if edit_file(file, changes)]
