"""`versus verify`: compare every recorded version with the package registries.

A subject or tool that names `packages` makes a version claim about the first of them
(`version.latest`, `version.released`); the others must exist. Each claim the registry
contradicts becomes a warning on the exact line of the recorded value (rule `stale-version`),
with the registry's answer, and a fix that `--write` applies in place with the check date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from packaging.version import InvalidVersion, Version

from .diagnostics import WARNING, Diagnostic, Report
from .load import RawRecord, load_file
from .registry import Missing, Registries, Release
from .yamledit import edit_file


@dataclass(frozen=True)
class Fix:
    path: tuple[Any, ...]
    value: Any
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Checked:
    """One record with packages: what the registry said, what is wrong, how to fix it."""

    raw: RawRecord
    release: Release | None
    problems: tuple[Diagnostic, ...]
    fixes: tuple[Fix, ...]


def _same_version(recorded: str, registry: str) -> bool:
    try:
        return Version(recorded) == Version(registry)
    except InvalidVersion:
        return recorded.strip() == registry


def _is_prerelease(text: str) -> bool:
    try:
        return Version(text).is_prerelease
    except InvalidVersion:
        return False


def check_record(raw: RawRecord, answers: dict[tuple[str, str], Release | Missing], today: dt.date) -> Checked:
    report = Report()

    def warn(path: tuple[Any, ...], rule: str, message: str) -> None:
        where = raw.where(path)
        report.add(raw.file, where.line, where.col, rule, message, WARNING)

    packages = raw.data.get("packages") or []
    for index, package in enumerate(packages):
        answer = answers[(package["registry"], package["name"])]
        if isinstance(answer, Missing):
            label = "PyPI" if answer.registry == "pypi" else "npm"
            warn(("packages", index, "name"), "unknown-package", f"{label} has no package '{answer.name}'")
    first = answers[(packages[0]["registry"], packages[0]["name"])]
    if isinstance(first, Missing):
        return Checked(raw, None, tuple(report.sorted()), ())
    if first.version is None:
        warn(("packages", 0, "name"), "stale-version", f"{first.label} lists no final release of '{first.name}'")
        return Checked(raw, first, tuple(report.sorted()), ())

    fixes: list[Fix] = []
    version = raw.data.get("version")
    newest = f"{first.label}'s newest release of {first.name} is {first.version} ({first.date})"
    if not isinstance(version, dict):
        warn(("packages",), "stale-version", f"no version recorded; {newest}")
        fresh = {"latest": first.version, "released": first.date, "checked": today.isoformat()}
        fixes.append(Fix(("version",), {k: v for k, v in fresh.items() if v}, ("packages", "status")))
        return Checked(raw, first, tuple(report.sorted()), tuple(fixes))

    recorded = str(version.get("latest", ""))
    target = first.newest_any if _is_prerelease(recorded) and first.newest_any else first.version
    released = version.get("released")
    if not _same_version(recorded, target):
        warn(("version", "latest"), "stale-version", f"version.latest is '{recorded}' but {newest}")
        fixes.append(Fix(("version", "latest"), target))
        if first.dates.get(target):
            fixes.append(Fix(("version", "released"), first.dates[target], ("latest",)))
    else:
        registry_date = first.dates.get(target)
        if registry_date and (released is None or not registry_date.startswith(str(released))):
            message = (f"version.released is {released}" if released is not None else "no release date recorded")
            warn(("version", "released") if released is not None else ("version", "latest"), "stale-version",
                 f"{message}, but {first.label} dates {first.name} {target} to {registry_date}")
            fixes.append(Fix(("version", "released"), registry_date, ("latest",)))
    fixes.append(Fix(("version", "checked"), today.isoformat(), ("released", "latest")))
    return Checked(raw, first, tuple(report.sorted()), tuple(fixes))


def claims(data_dir: Path) -> list[RawRecord]:
    """Every subject and tool record that names packages, with positions for its values."""
    report = Report()
    found = []
    for folder, kind in (("subjects", "subject"), ("tools", "tool")):
        for path in sorted((data_dir / folder).glob("*.yaml")):
            raw = load_file(path, kind, report)
            if raw is not None and isinstance(raw.data, dict) and raw.data.get("packages"):
                found.append(raw)
    return found


def verify(data_dir: Path, registries: Registries, today: dt.date) -> list[Checked]:
    """Check every claim; raises registry.RegistryError when a registry cannot be reached."""
    raws = claims(data_dir)
    wanted = [(p["registry"], p["name"]) for raw in raws for p in raw.data["packages"]]
    answers = registries.releases(wanted)
    return [check_record(raw, answers, today) for raw in raws]


def apply_fixes(results: Sequence[Checked]) -> list[Path]:
    """Write each record's fixes (the check date included) into its file; the files changed."""
    changed = []
    for result in results:
        if result.fixes and edit_file(result.raw.file, [(f.path, f.value, f.after) for f in result.fixes]):
            changed.append(result.raw.file)
    return changed
