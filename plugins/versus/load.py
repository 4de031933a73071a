"""Load data/**/*.yaml into plain values, remembering where every key and value came from.

The loader drives PyYAML's event stream (libyaml when available) and builds values with an
explicit stack: no recursion, no anchors or aliases (so no "billion laughs"), no tags beyond
plain data, no duplicate keys, bounded size and depth. Dates stay strings as written, so an
impossible date such as 2026-02-30 becomes a diagnostic instead of a crash.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .diagnostics import Report
from .kinds import KIND_BY_FOLDER, closest

Path_ = tuple  # a path into a record: ("ratings", "jax", "note") or ("strengths", 0)

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 32
#: A record id, matched whole: `\Z` (unlike `$`) does not accept a trailing newline.
ID_PATTERN = re.compile(r"\A[a-z0-9]+(-[a-z0-9]+)*\Z")

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = Resolver()
_constructor = SafeConstructor()

_T = "tag:yaml.org,2002:"
_SCALAR_BUILDERS = {
    _T + "str": lambda node: node.value,
    _T + "timestamp": lambda node: node.value,  # kept as written; validated as a date later
    _T + "int": _constructor.construct_yaml_int,
    _T + "float": _constructor.construct_yaml_float,
    _T + "bool": _constructor.construct_yaml_bool,
    _T + "null": lambda node: None,
}
_ALLOWED_COLLECTION_TAGS = {None, "!", _T + "map", _T + "seq"}
_STR = _T + "str"
#: First characters of plain scalars that an implicit resolver may read as something other than a
#: string (`true`, `12`, `~`, ...); any other plain scalar is a string, so it skips the resolver.
_RESOLVED_FIRST = frozenset(key for key in _resolver.yaml_implicit_resolvers if key)
_RESOLVE_ALL = None in _resolver.yaml_implicit_resolvers or bool(_resolver.yaml_path_resolvers)
_SCALAR, _MAPPING, _SEQUENCE, _END, _DOCUMENT, _ALIAS = range(6)
_EVENT_TYPES = {yaml.ScalarEvent: _SCALAR, yaml.MappingStartEvent: _MAPPING, yaml.SequenceStartEvent: _SEQUENCE,
                yaml.MappingEndEvent: _END, yaml.SequenceEndEvent: _END, yaml.DocumentStartEvent: _DOCUMENT,
                yaml.AliasEvent: _ALIAS}


def _implicit_tag(value: str, implicit: tuple[bool, bool]) -> str:
    """The tag PyYAML's resolver gives an untagged scalar, without asking it for plain text."""
    if implicit[0] and (_RESOLVE_ALL or not value or value[0] in _RESOLVED_FIRST):
        return _resolver.resolve(ScalarNode, value, implicit)
    return _STR


class Position(NamedTuple):
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class RawRecord:
    """A record as loaded: plain values plus the position of every key and value."""

    kind: str
    id: str
    file: Path
    data: dict[str, Any]
    values: dict[Path_, Position] = field(repr=False)
    keys: dict[Path_, Position] = field(repr=False)
    references: list | None = field(default=None, repr=False)  # set once by validation, reused by the model

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


def _pos(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class _LoadError(Exception):
    def __init__(self, position: Position, rule: str, message: str):
        super().__init__(message)
        self.position, self.rule, self.message = position, rule, message


def parse_yaml(text: str, file: str, report: Report) -> tuple[Any, dict, dict] | None:
    """Parse one YAML document into (value, value_positions, key_positions).

    Problems that leave the document unusable end parsing with one diagnostic; others (duplicate
    keys) are reported and parsing goes on. Returns None when the document cannot be used.
    """
    values: dict[Path_, Position] = {}
    keys: dict[Path_, Position] = {}
    # Each frame: [container, path, pending_key or None, is_mapping]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    ok = True

    def place(value: Any, start: Position) -> None:
        nonlocal root
        if not stack:
            root = value
            values[()] = start
            return
        frame = stack[-1]
        container, path, pending, is_mapping = frame
        if is_mapping:
            if pending is None:  # this value is a key
                if not isinstance(value, str):
                    raise _LoadError(start, "yaml-syntax", "mapping keys must be plain scalars")
                if value in container:
                    first = keys[path + (value,)]
                    report.add(file, start.line, start.col, "duplicate-key",
                               f"duplicate key '{value}' (first defined on line {first.line})")
                    frame[2] = (value, True)  # parse the value, then drop it
                else:
                    keys[path + (value,)] = start
                    frame[2] = (value, False)
                return
            key, duplicate = pending
            frame[2] = None
            if duplicate:
                return
            container[key] = value
            values[path + (key,)] = start
        else:
            values[path + (len(container),)] = start
            container.append(value)

    def child_path() -> Path_:
        if not stack:
            return ()
        container, path, pending, is_mapping = stack[-1]
        return path + ((pending[0],) if is_mapping else (len(container),))

    loader = None
    try:
        loader = _Parser(text)  # inside the try: the pure-Python reader checks the text here
        while True:
            event = loader.get_event()
            what = _EVENT_TYPES.get(type(event))
            if what is None:  # stream and document boundaries
                if isinstance(event, yaml.StreamEndEvent) or event is None:
                    break
                continue
            if what == _DOCUMENT:
                documents += 1
                if documents > 1:
                    raise _LoadError(_pos(event.start_mark), "yaml-syntax",
                                     "only one YAML document per file (remove the '---' separator)")
                continue
            if what == _ALIAS:
                raise _LoadError(_pos(event.start_mark), "yaml-alias", f"alias '*{event.anchor}' is not allowed")
            mark = event.start_mark
            start = Position(mark.line + 1, mark.column + 1)
            if what == _END:
                stack.pop()
                continue
            if event.anchor is not None:
                raise _LoadError(start, "yaml-alias", f"anchor '&{event.anchor}' is not allowed")
            is_key = bool(stack) and stack[-1][3] and stack[-1][2] is None
            if what == _SCALAR:
                tag = event.tag
                if tag in (None, "!"):
                    tag = _implicit_tag(event.value, event.implicit)
                    if is_key and tag != _T + "merge":
                        tag = _STR  # untagged keys stay strings: 'on:' and '2024:' are keys, not booleans
                if tag == _STR:
                    value = event.value
                else:
                    if tag == _T + "merge":
                        raise _LoadError(start, "yaml-tag", "merge keys ('<<') are not allowed")
                    build = _SCALAR_BUILDERS.get(tag)
                    if build is None:
                        raise _LoadError(start, "yaml-tag", f"tag '{event.tag}' is not allowed")
                    if is_key:
                        raise _LoadError(start, "yaml-syntax", "mapping keys must be strings")
                    try:
                        value = build(ScalarNode(tag, event.value, event.start_mark, event.end_mark))
                    except (ValueError, yaml.YAMLError):
                        raise _LoadError(start, "yaml-syntax", f"cannot read '{event.value}' as {tag.rsplit(':', 1)[-1]}")
                place(value, start)
            else:
                if event.tag not in _ALLOWED_COLLECTION_TAGS:
                    raise _LoadError(start, "yaml-tag", f"tag '{event.tag}' is not allowed")
                if is_key:
                    raise _LoadError(start, "yaml-syntax", "mapping keys must be plain scalars")
                if len(stack) >= MAX_DEPTH:
                    raise _LoadError(start, "yaml-depth", f"nesting deeper than {MAX_DEPTH} levels")
                is_mapping = what == _MAPPING
                container: Any = {} if is_mapping else []
                path = child_path()
                place(container, start)
                stack.append([container, path, None, is_mapping])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = _pos(mark) if mark else Position(1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        lines = text.splitlines()
        if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            problem += " (a tab character: indent with spaces)"
        report.add(file, position.line, position.col, "yaml-syntax", f"invalid YAML: {problem}")
        ok = False
    except yaml.YAMLError as exc:  # reader errors (control characters) carry a character offset
        offset = getattr(exc, "position", 0) or 0
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        report.add(file, line, col, "yaml-syntax", f"invalid YAML: {getattr(exc, 'reason', None) or exc}")
        ok = False
    except _LoadError as exc:
        report.add(file, exc.position.line, exc.position.col, exc.rule, exc.message)
        ok = False
    finally:
        if loader is not None:
            loader.dispose()
    if not ok:
        return None
    return root, values, keys


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
