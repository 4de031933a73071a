"""What machines checked, in words for the pages: release stamps, run stamps, and the part of the
review queue that comes from `versus verify` and `versus examples`.

Views compute and templates present: each function returns plain text (the template escapes it)
or small records; nothing here knows about Markdown.
"""

from __future__ import annotations

import datetime as dt

from msgspec import Struct

from .checked import Snippet, code_digest
from .model import KnowledgeBase, Record, Subject, Tool
from .validate import parse_date

REGISTRY_TITLES = {"pypi": "PyPI", "npm": "npm"}
#: a version check or an example run older than this is listed in the review queue
CHECK_AGE_DAYS = 14


def release(record: Subject | Tool) -> str | None:
    """'2.15.0 (2026-10-28), checked against PyPI (torch) on 2026-11-21', or None without a version."""
    version = record.version
    if version is None:
        return None
    text = version.latest + (f" ({version.released})" if version.released else "")
    if not record.packages:
        return text + "; not tied to a package, so no registry checks it"
    package = record.packages[0]
    registry = REGISTRY_TITLES.get(package.registry, package.registry)
    if version.checked:
        return f"{text}, checked against {registry} ({package.name}) on {version.checked}"
    return f"{text}; not yet checked against {registry} ({package.name})"


def _versions(versions: dict[str, str] | None) -> str:
    items = [f"{name} {number}" for name, number in (versions or {}).items()]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + (f" and {items[-1]}" if items else "")


def current(snippet: Snippet) -> bool:
    """Whether every recorded run ran the code as it is now (not edited since)."""
    digest = code_digest(snippet.code)
    return bool(snippet.ran) and all(run.code == digest for run in snippet.ran)


def ran(snippet: Snippet) -> str:
    """One sentence on the snippet's last recorded run."""
    if snippet.gpu and not snippet.ran:
        return "Not run here: this snippet needs a GPU."
    if not snippet.ran:
        return "Not run yet by the example runner."
    first = snippet.ran[0]
    if not current(snippet):
        return f"Edited since its last run ({first.date}); not yet run as shown."
    if all(r.result == "not-run" for r in snippet.ran):
        return f"Not run here: this snippet needs a GPU (checked {first.date})."
    with_what = f" with {_versions(first.versions)}" if first.versions else ""
    python = f" (Python {first.python})" if first.python else ""
    env = snippet.vary.env if snippet.vary else None
    if env:
        passed = [r.variant for r in snippet.ran if r.result == "passed"]
        failed = [r for r in snippet.ran if r.result == "failed"]
        parts = []
        if passed:
            parts.append(f"passed with {env}={', '.join(passed)}")
        for run in failed:
            parts.append(f"failed with {env}={run.variant}: {run.error}")
        return f"Ran as shown on CPU on {first.date}{with_what}{python}: {'; '.join(parts)}."
    if first.result == "passed":
        return f"Ran as shown on CPU on {first.date}{with_what}{python}."
    return f"Failed when run as shown on CPU on {first.date}{with_what}{python}: {first.error}"


def failed(snippet: Snippet) -> bool:
    return any(r.result == "failed" for r in snippet.ran)


def mark(snippet: Snippet) -> str:
    """✔ when the code as shown passed every recorded run, ✖ when it failed one, else nothing."""
    if not current(snippet) or all(r.result == "not-run" for r in snippet.ran):
        return ""
    return "✖" if failed(snippet) else "✔"


class CheckItem(Struct, frozen=True):
    record: Record
    problem: str
    order: int  # 0 failing, 1 stale, 2 unverified


def machine_queue(kb: KnowledgeBase, today: dt.date, max_age_days: int = CHECK_AGE_DAYS) -> list[CheckItem]:
    """Failing example runs, stale or missing version checks, snippets never run: worst first."""
    items: list[CheckItem] = []
    for record in (*kb.of("subject"), *kb.of("tool")):
        version, packages = getattr(record, "version", None), getattr(record, "packages", ())
        if packages and (version is None or not version.checked):
            items.append(CheckItem(record, "version never checked against its registry (run versus verify)", 2))
        elif packages and (today - parse_date(version.checked)).days > max_age_days:
            age = (today - parse_date(version.checked)).days
            items.append(CheckItem(record, f"version last checked {version.checked}, {age} days ago", 1))
        elif version is not None and not packages:
            items.append(CheckItem(record, "version claim names no package, so no machine checks it", 2))
    for example in kb.of("example"):
        for snippet in example.snippets:
            name = kb.get(snippet.subject, "subject").name
            if failed(snippet):
                errors = "; ".join(f"{r.variant + ': ' if r.variant else ''}{r.error}" for r in snippet.ran
                                   if r.result == "failed")
                items.append(CheckItem(example, f"{name} snippet fails on CPU ({errors})", 0))
            elif not snippet.ran and not snippet.gpu:
                items.append(CheckItem(example, f"{name} snippet never run (run versus examples)", 2))
            elif snippet.ran and not current(snippet):
                items.append(CheckItem(example, f"{name} snippet edited since its last run ({snippet.ran[0].date})", 1))
            elif snippet.ran and (today - parse_date(snippet.ran[0].date)).days > max_age_days:
                items.append(CheckItem(example, f"{name} snippet last run {snippet.ran[0].date}", 1))
    return sorted(items, key=lambda i: (i.order, i.record.kind, i.record.name))
