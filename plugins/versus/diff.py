"""`versus diff BASE [HEAD]`: what a change does to the knowledge base, as Markdown for a pull
request comment. Records added, removed and changed field by field; ratings and verdicts that
moved; and the generated pages whose content changes (found by planning both sides).
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import load
from .plan import plan


class DiffError(Exception):
    """A usage problem (unknown revision, not a git repository): exit code 2."""


def resolve_revision(repo: Path, revision: str) -> str:
    """The commit id a revision names. Only a revision is accepted: the text goes to git after
    `--end-of-options`, so `--output=FILE` is a revision that does not exist, never an option."""
    try:
        found = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", "--end-of-options",
                                f"{revision}^{{commit}}"], capture_output=True, text=True)
    except OSError as exc:
        raise DiffError(f"cannot run git: {exc.strerror or exc}") from None
    commit = found.stdout.strip()
    if found.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", commit):
        raise DiffError(f"'{revision}' is not a revision of the repository in {repo} "
                        "(versus diff takes revisions only: a branch, a tag, a commit id, HEAD~1)")
    return commit


def checkout_data(repo: Path, revision: str, data_path: str, target: Path) -> Path:
    """Extract `data_path` at `revision` into `target` (no working tree is touched)."""
    commit = resolve_revision(repo, revision)
    try:
        archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", commit, "--", data_path],
                                 capture_output=True, check=True).stdout
    except subprocess.CalledProcessError as exc:
        raise DiffError(f"cannot read '{data_path}' at revision '{revision}': "
                        f"{exc.stderr.decode(errors='replace').strip()}") from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / data_path


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out or {prefix: {}}
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        out = {}
        for index, item in enumerate(value):
            out.update(_flatten(item, f"{prefix}[{index}]"))
        return out
    return {prefix: value}


@dataclass
class Change:
    kind: str
    id: str
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)


@dataclass
class KnowledgeBaseDiff:
    added: list[tuple[str, str]]
    removed: list[tuple[str, str]]
    changed: list[Change]
    moved: list[str]  # ratings and verdicts, in words
    pages: list[str] | None  # None: a side has errors, so pages could not be planned
    errors: dict[str, int]


def _moved(kind: str, record_id: str, before: dict, after: dict) -> list[str]:
    if kind != "factor":
        return []
    name = after.get("name", record_id)
    lines = []
    old_ratings, new_ratings = before.get("ratings") or {}, after.get("ratings") or {}
    for subject in sorted(set(old_ratings) | set(new_ratings)):
        old = (old_ratings.get(subject) or {}).get("rating", "none")
        new = (new_ratings.get(subject) or {}).get("rating", "none")
        if old != new:
            lines.append(f"{code(name)}: {code(subject)} rated {code(old)} → {code(new)}")
    old_win = (before.get("verdict") or {}).get("winners")
    new_win = (after.get("verdict") or {}).get("winners")
    if old_win != new_win:
        show = lambda w: " = ".join(map(str, w)) if isinstance(w, list) else str(w)  # noqa: E731
        lines.append(f"{code(name)}: verdict {code(show(old_win))} → {code(show(new_win))}")
    return lines


def compare(base_dir: Path, head_dir: Path, settings) -> KnowledgeBaseDiff:
    results = {"base": load(base_dir) if base_dir.is_dir() else None, "head": load(head_dir) if head_dir.is_dir() else None}
    before, after = (dict(r.raw_data) if r else {} for r in (results["base"], results["head"]))
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed, moved = [], []
    for key in sorted(set(before) & set(after)):
        if before[key] == after[key]:
            continue
        old, new = _flatten(before[key]), _flatten(after[key])
        fields = [(path, old.get(path), new.get(path)) for path in sorted(set(old) | set(new)) if old.get(path) != new.get(path)]
        changed.append(Change(key[0], key[1], fields))
        moved += _moved(key[0], key[1], before[key], after[key])
    for key in added:
        moved += _moved(key[0], key[1], {}, after[key])
    errors = {side: len(r.errors) for side, r in results.items() if r is not None and not r.ok}
    pages = None
    if not errors and all(results.values()):
        renderer, options = settings.renderer(), settings.plan_options()
        old_pages = {p.uri: p.markdown for p in plan(results["base"].knowledge_base, renderer, options)}
        new_pages = {p.uri: p.markdown for p in plan(results["head"].knowledge_base, renderer, options)}
        pages = sorted(uri for uri in set(old_pages) | set(new_pages) if old_pages.get(uri) != new_pages.get(uri))
    return KnowledgeBaseDiff(added, removed, changed, moved, pages, errors)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def code(value: Any, limit: int | None = None) -> str:
    """Any value as one Markdown code span: nothing in it renders (no headings, images, links,
    mentions, HTML), whatever backticks or line breaks it holds."""
    text = _UNPRINTABLE.sub(" ", str(value))
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    if not text:
        return "`''`"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ")) else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _cell(value: Any) -> str:
    """A value in a table cell: a code span, with `|` escaped (GitHub splits cells on it even there)."""
    return "—" if value is None else code(value, 120).replace("|", "\\|")


def to_markdown(diff: KnowledgeBaseDiff, base: str, head: str, data_path: str = "data") -> str:
    from .kinds import KIND_BY_NAME

    def where(kind: str, record_id: str) -> str:
        return f"{kind} {code(record_id)} ({code(f'{data_path}/{KIND_BY_NAME[kind].folder}/{record_id}.yaml')})"

    lines = [f"## versus: knowledge base changes, {code(base)} → {code(head)}", ""]
    if not (diff.added or diff.removed or diff.changed):
        lines.append("No record changed.")
    else:
        pages = "pages could not be planned" if diff.pages is None else f"{len(diff.pages)} page(s) change"
        lines.append(f"**{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed; {pages}.**")
    for side, count in diff.errors.items():
        lines += ["", f"> **Warning:** the {side} side has {count} validation error(s); run `versus validate`."]
    if diff.added:
        lines += ["", "### Added", ""] + [f"- {where(*key)}" for key in diff.added]
    if diff.removed:
        lines += ["", "### Removed", ""] + [f"- {where(*key)}" for key in diff.removed]
    if diff.moved:
        lines += ["", "### Ratings and verdicts that moved", ""] + [f"- {line}" for line in diff.moved]
    if diff.changed:
        lines += ["", "### Changed", ""]
        for change in diff.changed:
            lines += [f"#### {where(change.kind, change.id)}", "", "| Field | Before | After |", "|---|---|---|"]
            lines += [f"| {_cell(path)} | {_cell(old)} | {_cell(new)} |" for path, old, new in change.fields]
            lines.append("")
    if diff.pages:
        lines += ["", f"### Pages that change ({len(diff.pages)})", ""] + [f"- {code(uri)}" for uri in diff.pages]
    return "\n".join(lines).rstrip() + "\n"


def diff_revisions(repo: Path, base: str, head: str | None, settings) -> str:
    """Markdown describing the change from `base` to `head` (default: the working tree)."""
    data_path = settings.data_dir.relative_to(settings.project_root).as_posix()
    with tempfile.TemporaryDirectory() as folder:
        base_dir = checkout_data(repo, base, data_path, Path(folder) / "base")
        head_dir = checkout_data(repo, head, data_path, Path(folder) / "head") if head else settings.data_dir
        return to_markdown(compare(base_dir, head_dir, settings), base, head or "working tree", data_path)
