"""Load data/**/*.yaml into plain values, remembering where every key and value came from.

Files are found by kind folder, read as strict UTF-8 of bounded size, and parsed by
`versus.yamlread` (no anchors or aliases, no tags beyond plain data, no duplicate keys, bounded
depth). Dates stay strings as written, so an impossible date such as 2026-02-30 becomes a
diagnostic instead of a crash.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from msgspec import Struct

from .diagnostics import Report
from .kinds import KIND_BY_FOLDER, closest
from .yamlread import MAX_DEPTH, Position, parse_yaml  # noqa: F401  (part of this module's interface)

Path_ = tuple  # a path into a record: ("ratings", "jax", "note") or ("strengths", 0)

MAX_FILE_BYTES = 256 * 1024
#: A record id, matched whole: `\Z` (unlike `$`) does not accept a trailing newline.
ID_PATTERN = re.compile(r"\A[a-z0-9]+(-[a-z0-9]+)*\Z")


class RawRecord(Struct):
    """A record as loaded: plain values plus the position of every key and value."""

    kind: str
    id: str
    file: Path
    data: dict[str, Any]
    values: dict[Path_, Position]
    keys: dict[Path_, Position]
    references: list | None = None  # set once by validation, reused by the model
    local_checks: tuple | None = None  # (today, passed, diagnostics): this file's own checks, for serve

    def where(self, path: Path_ = (), *, key: bool = False) -> Position:
        """Position of the value at `path` (or of its key), else of the nearest enclosing node."""
        path = tuple(path)
        while True:
            table = self.keys if key else self.values
            if path in table:
                return table[path]
            if not path:
                return Position(1, 1)
            if not key and path in self.keys:
                return self.keys[path]
            path = path[:-1]
            key = False


def read_text(path: Path, display: str, report: Report) -> str | None:
    """Read a data file as strict UTF-8, rejecting BOMs, binary content and oversized files."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.add(display, 1, 1, "file-too-large",
                       f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        report.add(display, 1, 1, "encoding", f"cannot read file: {exc.strerror or exc}")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        report.add(display, 1, 1, "encoding", "file starts with a UTF-8 byte-order mark")
        return None
    if b"\x00" in raw:
        nul = raw.index(b"\x00")
        line = raw.count(b"\n", 0, nul) + 1
        report.add(display, line, nul - (raw.rfind(b"\n", 0, nul) + 1) + 1, "encoding",
                   "file contains NUL bytes; is it a binary file?")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        report.add(display, line, col, "encoding", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8")
        return None
    return text


def load_file(path: Path, kind: str, report: Report, display: str | None = None) -> RawRecord | None:
    """Load one record file; report every problem found and return None if it is unusable."""
    display = display or str(path)
    record_id = path.stem
    if not ID_PATTERN.match(record_id):
        report.add(display, 1, 1, "bad-id", f"'{path.name}' is not a valid record id: "
                   "use lowercase letters, digits and single hyphens")
    text = read_text(path, display, report)
    if text is None:
        return None
    parsed = parse_yaml(text, display, report)
    if parsed is None:
        return None
    data, values, keys = parsed
    if data is None:
        report.add(display, 1, 1, "yaml-empty", "file is empty")
        return None
    if not isinstance(data, dict):
        pos = values[()]
        report.add(display, pos.line, pos.col, "not-a-mapping",
                   f"a record must be a mapping of fields, not a {type(data).__name__ if not isinstance(data, list) else 'list'}")
        return None
    return RawRecord(kind, record_id, path, data, values, keys)


def discover(data_dir: Path, report: Report) -> list[tuple[Path, str]]:
    """Find record files under `data_dir` as (path, kind) pairs, in a stable order.

    Files live in one folder per kind (`data/tools/onnx.yaml`), optionally in sub-folders.
    Hidden files and files that are not YAML (a README, say) are ignored.
    """
    found: list[tuple[Path, str]] = []
    root = data_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(data_dir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        relative = here.relative_to(data_dir)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            suffix = path.suffix.lower()
            if suffix not in (".yaml", ".yml"):
                continue
            display = str(path)
            if path.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    report.add(display, 1, 1, "path-escape", "symbolic link is broken or loops")
                    continue
                if root not in target.parents:
                    report.add(display, 1, 1, "path-escape", f"symbolic link points outside {data_dir}")
                    continue
            if suffix == ".yml" or path.suffix != suffix:
                report.add(display, 1, 1, "bad-id", f"'{name}' must end in .yaml")
                continue
            if not relative.parts and name == "versus.yaml":
                found.append((path, "settings"))  # the knowledge base's own settings (versus.domain)
                continue
            if not relative.parts:
                report.add(display, 1, 1, "unknown-kind",
                           f"'{name}' is not inside a kind folder (data/tools/, data/subjects/, ...)")
                continue
            folder = relative.parts[0]
            kind = KIND_BY_FOLDER.get(folder)
            if kind is None:
                guess = closest(folder, KIND_BY_FOLDER)
                report.add(display, 1, 1, "unknown-kind", f"unknown folder '{folder}'"
                           + (f"; did you mean '{guess}'?" if guess else "")
                           + f" (known: {', '.join(sorted(KIND_BY_FOLDER))})")
                continue
            odd = [part for part in relative.parts[1:] if not ID_PATTERN.match(part)]
            if odd:  # folder names reach page paths and edit links: held to the id rule
                report.add(display, 1, 1, "bad-id", f"folder name '{odd[0]}' is not allowed: "
                           "use lowercase letters, digits and single hyphens")
                continue
            found.append((path, kind))
    return found


def load_dir(data_dir: Path, report: Report, memo: dict | None = None) -> tuple[list[RawRecord], set[tuple[str, str]]]:
    """Load every record under `data_dir`, reporting all problems; never raises for bad data.

    Returns the loaded records and the (kind, id) of every record file found, loaded or not, so a
    file with a syntax error is reported once, not again by every reference to it. With `memo`
    (kept by the caller between loads, as `mkdocs serve` does), a file whose size and modification
    time are unchanged is not read again: its record and its problems are taken from the memo.
    """
    records = []
    found = discover(data_dir, report)
    for path, kind in found:
        if memo is None:
            record = load_file(path, kind, report)
        else:
            try:
                stat = path.stat()
                key = (kind, stat.st_size, stat.st_mtime_ns)
            except OSError:
                key = None
            entry = memo.get(path)
            if key is not None and entry is not None and entry[0] == key:
                record, problems = entry[1], entry[2]
                report.items.extend(problems)
            else:
                start = len(report.items)
                record = load_file(path, kind, report)
                memo[path] = (key, record, tuple(report.items[start:]))
        if record is not None:
            records.append(record)
    return records, {(kind, path.stem) for path, kind in found}
