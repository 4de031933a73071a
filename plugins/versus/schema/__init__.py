"""The JSON Schemas (2020-12) shipped with versus, and validation of records against them.

The `*.schema.json` files beside this module are the single source of truth for fields, types
and enumerations. Enumerations are `oneOf` lists of `const` values with a title and description,
so editors show them in autocomplete and legends are generated from them (`enum_members`).
Custom annotations (ignored by other validators): `x-ref` marks a reference to a record kind,
`x-ref-keys` a mapping keyed by ids of a kind, `x-date` a date, `x-code` verbatim code and
`x-error` the plain-language form of a pattern or length rule.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.validators import extend

from ..diagnostics import Report
from ..kinds import closest

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


_PATTERN = Draft202012Validator.VALIDATORS["pattern"]


def _pattern(validator, pattern: str, instance, schema):
    """`pattern` as JSON Schema means it (ECMA-262): `$` is the very end of the string. Python's
    `$` also matches before a final newline, which would let `jax\\n` pass as an id."""
    if isinstance(instance, str) and pattern.endswith("$") and instance.endswith("\n"):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")
        return
    yield from _PATTERN(validator, pattern, instance, schema)


_Validator = extend(Draft202012Validator, {"pattern": _pattern})


@lru_cache(maxsize=None)
def validator(kind: str) -> Draft202012Validator:
    return _Validator(inlined(kind))


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


# --- mapping jsonschema errors to diagnostics -------------------------------------------------

def _field(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "record"


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


_EXPECTED = {"string": "a string", "integer": "an integer", "number": "a number", "boolean": "true or false",
             "array": "a list", "object": "a mapping of fields", "null": "empty"}


def _leaf_errors(error) -> Iterator[Any]:
    """Descend into oneOf/anyOf contexts that are not enumerations, to the errors that matter."""
    if error.validator in ("oneOf", "anyOf") and error.context and not _is_enum(error.schema):
        for sub in error.context:
            yield from _leaf_errors(sub)
    else:
        yield error


def _is_enum(schema: dict) -> bool:
    options = schema.get("oneOf") or []
    return bool(options) and all("const" in option for option in options)


def check_record(record, report: Report) -> bool:
    """Validate one RawRecord against its kind's schema; report every problem. True if valid."""
    file = str(record.file)
    valid = True
    for top in validator(record.kind).iter_errors(record.data):
        for error in _leaf_errors(top):
            valid = False
            if isinstance(error.instance, str) and error.instance.startswith("FILL IN"):
                continue  # a scaffold value still to write: reported once, as 'unfilled'
            _report_error(record, error, file, report)
    return valid


def _report_error(record, error, file: str, report: Report) -> None:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    name = _field(path)
    kind = error.validator
    instance = error.instance

    def at(p: tuple, rule: str, message: str, *, key: bool = False) -> None:
        pos = record.where(p, key=key)
        report.add(file, pos.line, pos.col, rule, message)

    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = list(schema.get("properties", {}))
        for extra in instance:
            if extra in allowed:
                continue
            guess = closest(extra, allowed)
            hint = f"; did you mean '{guess}'?" if guess else f" (allowed: {', '.join(allowed)})"
            at(path + (extra,), "unknown-key", f"unknown field '{_field(path + (extra,))}'{hint}", key=True)
    elif kind == "required":
        for missing in schema.get("required", []):
            if isinstance(instance, dict) and missing not in instance:
                rule = "missing-source" if missing == "sources" and not path else "missing-field"
                where = f" in '{name}'" if path else ""
                at(path, rule, f"missing required field '{missing}'{where}", key=bool(path))
    elif kind in ("oneOf", "enum") and (_is_enum(schema) or kind == "enum"):
        allowed = [o["const"] for o in schema["oneOf"]] if kind == "oneOf" else list(schema["enum"])
        shown = instance if isinstance(instance, (str, int, float)) else _type_name(instance)
        guess = closest(str(instance), [str(a) for a in allowed]) if isinstance(instance, str) else None
        message = f"'{name}' is '{shown}', which is not allowed; use one of: {', '.join(map(str, allowed))}"
        if guess:
            message += f" (did you mean '{guess}'?)"
        at(path, "bad-enum", message)
    elif kind == "type":
        expected = schema.get("type")
        expected_text = " or ".join(_EXPECTED.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
        message = f"'{name}' must be {expected_text}, not {_type_name(instance)}"
        if schema.get("x-date") and isinstance(instance, int):
            message += f" (quote a bare year: '{instance}')"
        at(path, "wrong-type", message)
    elif kind == "propertyNames":
        at(path + (instance,), "bad-format", f"key '{instance}' in '{name}' must be a lowercase-kebab id", key=True)
    elif kind in ("pattern", "minLength", "maxLength", "format"):
        explanation = schema.get("x-error") or f"must match {schema.get('pattern')}"
        rule = "unsafe-url" if kind == "pattern" and "https://" in str(schema.get("pattern")) and isinstance(instance, str) \
            and ":" in instance and not instance.lower().startswith(("http://", "https://")) else "bad-format"
        at(path, rule if kind == "pattern" else "bad-value", f"'{name}' {explanation}; got {json.dumps(instance)[:80]}")
    elif kind == "minItems":
        rule = "missing-source" if path and path[-1] == "sources" else "bad-value"
        at(path, rule, f"'{name}' must list at least {error.validator_value} item(s)")
    elif kind == "minProperties":
        at(path, "bad-value", f"'{name}' must have at least {error.validator_value} entr{'y' if error.validator_value == 1 else 'ies'}")
    elif kind == "uniqueItems":
        at(path, "bad-value", f"'{name}' lists the same item more than once")
    elif kind in ("minimum", "maximum"):
        at(path, "bad-value", f"'{name}' must be {'at least' if kind == 'minimum' else 'at most'} {error.validator_value}")
    else:
        at(path, "bad-value", f"'{name}': {error.message}")


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
