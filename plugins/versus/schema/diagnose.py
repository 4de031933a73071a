"""Diagnostics for records that fail their schema: jsonschema's errors made into messages.

Only records the compiled check (`versus.schema.check_record`) rejects come here, so this module,
and jsonschema with it, is imported only when some record is invalid. jsonschema walks the schema
in Python and reports every error with its path and the rule it broke, which is what the messages
are made of; the compiled check answers only yes or no, about twenty times faster.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Iterator

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.validators import extend

from ..diagnostics import Report
from ..kinds import closest
from . import inlined

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


def report_errors(record, report: Report) -> bool:
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
