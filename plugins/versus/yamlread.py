"""One YAML document to plain values, with the position (line, column) of every key and value.

PyYAML's event stream (libyaml's parser when available) drives an explicit stack: no recursion,
no anchors or aliases (so no "billion laughs"), no tags beyond plain data, no duplicate keys,
bounded depth. Dates stay strings as written. `versus.load` reads files through this.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .diagnostics import Report

Path_ = tuple  # a path into a record: ("ratings", "jax", "note") or ("strengths", 0)

MAX_DEPTH = 32

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


class Position(NamedTuple):
    line: int  # 1-based
    col: int  # 1-based


_position = tuple.__new__


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
            if what == _END:
                stack.pop()
                continue
            mark = event.start_mark
            start = _position(Position, (mark.line + 1, mark.column + 1))  # Position(...), one call less per node
            if event.anchor is not None:
                raise _LoadError(start, "yaml-alias", f"anchor '&{event.anchor}' is not allowed")
            is_key = bool(stack) and stack[-1][3] and stack[-1][2] is None
            if what == _SCALAR:
                tag = event.tag
                if tag in (None, "!"):
                    # The tag PyYAML's resolver would give; plain text is answered without asking it.
                    value, implicit = event.value, event.implicit
                    tag = _resolver.resolve(ScalarNode, value, implicit) if implicit[0] and (
                        _RESOLVE_ALL or not value or value[0] in _RESOLVED_FIRST) else _STR
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
