"""The JSON Schemas (2020-12) shipped with versus, and validation of records against them.

The `*.schema.json` files beside this module are the single source of truth for fields, types
and enumerations. Enumerations are `oneOf` lists of `const` values with a title and description,
so editors show them in autocomplete and legends are generated from them (`enum_members`).
Custom annotations (ignored by other validators): `x-ref` marks a reference to a record kind,
`x-ref-keys` a mapping keyed by ids of a kind, `x-date` a date, `x-code` verbatim code and
`x-error` the plain-language form of a pattern or length rule.

`check_record` asks a compiled validator (jsonschema-rs) whether a record is valid; only a
record it rejects is walked again by jsonschema (`diagnose`) for the messages. The two agree on
every record: the compiled copy of each schema spells `\\s` as Python's whitespace, and a test
runs both over every fixture and the site's data.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

import jsonschema_rs

from ..diagnostics import Report

COMMON = "common.schema.json"


@lru_cache(maxsize=None)
def schema_texts() -> dict[str, str]:
    """File name -> JSON text of every shipped schema."""
    folder = resources.files(__package__)
    return {entry.name: entry.read_text(encoding="utf-8")
            for entry in folder.iterdir() if entry.name.endswith(".schema.json")}


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    """The schema for a kind ('tool') or the shared definitions ('common')."""
    return json.loads(schema_texts()[f"{name}.schema.json"])


@lru_cache(maxsize=None)
def inlined(kind: str) -> dict[str, Any]:
    """The kind's schema with every `$ref` replaced by its target: the same rules, validated
    about twice as fast (no reference lookups), and walkable without a resolver."""

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            node = resolve(node) if "$ref" in node else node
            return {key: (value if key in ("const", "enum") else inline(value)) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    schema = inline(load_schema(kind))
    schema.pop("$id", None)
    return schema


#: What Python's `\\s` matches (str.isspace), spelled out: ECMA-262's `\\s`, which the compiled
#: validator follows, leaves out U+0085 and U+001C..U+001F and takes in U+FEFF.
PY_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" \
           "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
#: Escapes whose meaning differs between Python's `re` and ECMA-262 (Unicode or ASCII) and that
#: `_python_pattern` does not spell out: a kind whose schema uses one is always checked by jsonschema.
_UNPORTABLE = ("\\S", "\\d", "\\D", "\\w", "\\W", "\\b", "\\B")


class _Unportable(Exception):
    """A pattern the compiled validator could read otherwise than Python's `re` does."""


def _python_pattern(pattern: str) -> str:
    """`pattern` with `\\s` spelled as Python means it (inside a class or not)."""
    if any(escape in pattern for escape in _UNPORTABLE):
        raise _Unportable(pattern)
    out, in_class, i = [], False, 0
    while i < len(pattern):
        pair = pattern[i:i + 2]
        if pair[0] == "\\":
            out.append((PY_SPACE if in_class else f"[{PY_SPACE}]") if pair == "\\s" else pair)
            i += 2
            continue
        in_class = (in_class and pair[0] != "]") or pair[0] == "["
        out.append(pair[0])
        i += 1
    return "".join(out)


def _portable(node: Any) -> Any:
    """A copy of an inlined schema for the compiled validator, every `pattern` made to agree."""
    if isinstance(node, list):
        return [_portable(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {key: _python_pattern(value) if key == "pattern" and isinstance(value, str) else _portable(value)
            for key, value in node.items()}


@lru_cache(maxsize=None)
def fast_validator(kind: str) -> Any:
    """The kind's schema compiled by jsonschema-rs (None where a pattern cannot agree with `re`)."""
    try:
        return jsonschema_rs.Draft202012Validator(_portable(inlined(kind)))
    except _Unportable:
        return None


def fast_valid(kind: str, data: Any) -> bool:
    """Whether `data` is valid for the kind, without messages. False also when the compiled
    validator cannot tell (a value it cannot read, a pattern it would read otherwise)."""
    compiled = fast_validator(kind)
    if compiled is None:
        return False
    try:
        return compiled.is_valid(data)
    except Exception:  # whatever it could not read, jsonschema (the authority) reads instead
        return False


def check_record(record, report: Report) -> bool:
    """Validate one RawRecord against its kind's schema; report every problem. True if valid."""
    if fast_valid(record.kind, record.data):
        return True
    # jsonschema (about 50 ms to import) is loaded only when a record is invalid.
    from .diagnose import report_errors

    return report_errors(record, report)


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Follow `$ref`s (within or across the shipped files) and merge sibling annotations."""
    seen = 0
    while "$ref" in schema and seen < 16:
        target, _, pointer = schema["$ref"].partition("#")
        document = load_schema(target.removesuffix(".schema.json")) if target else load_schema("common")
        node: Any = document
        for part in filter(None, pointer.split("/")):
            node = node[part]
        merged = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**node, **merged}
        seen += 1
    return schema


def enum_members(name: str) -> list[dict[str, Any]]:
    """The members of a shared enumeration ('status', 'severity', 'rating', ...), in order."""
    return list(load_schema("common")["$defs"][name]["oneOf"])


def enum_values(name: str) -> list[str]:
    return [member["const"] for member in enum_members(name)]


# --- schema-driven traversal ------------------------------------------------------------------

def iter_leaves(data: Any, kind: str) -> Iterator[tuple[tuple, Any, dict[str, Any], bool]]:
    """Yield (path, value, resolved schema, is_key) for every scalar of a schema-valid record.

    Keys of mappings marked `x-ref-keys` are yielded too (is_key=True, schema {'x-ref': kind}),
    so references written as keys (ratings: {jax: ...}) are checked like any other.
    """
    stack: list[tuple[tuple, Any, dict[str, Any]]] = [((), data, inlined(kind))]
    while stack:
        path, value, schema = stack.pop()
        if isinstance(value, dict):
            keys_kind = schema.get("x-ref-keys")
            properties = schema.get("properties", {})
            extra = schema.get("additionalProperties")
            for key in reversed(list(value)):
                child = properties.get(key) if key in properties else (extra if isinstance(extra, dict) else {})
                stack.append((path + (key,), value[key], child))
            for key in value if keys_kind else ():
                yield path + (key,), key, {"x-ref": keys_kind}, True
        elif isinstance(value, list):
            items = schema.get("items", {})
            for index in range(len(value) - 1, -1, -1):
                stack.append((path + (index,), value[index], items))
        else:
            yield path, value, schema, False
