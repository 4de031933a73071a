"""`versus new KIND ID`: a new record with every required field present.

Values an editor must write start with `FILL IN`; validation reports each of them (rule
`unfilled`) and nothing else, so the file is correct except for what only a person can supply.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from .schema import inlined

MARK = "FILL IN"


def _value(name: str, schema: dict[str, Any], subjects: list[str], today: dt.date) -> Any:
    if "oneOf" in schema:
        return f"{MARK}: one of {', '.join(o['const'] for o in schema['oneOf'])}"
    if name == "reviewed":
        return today.isoformat()
    if schema.get("x-date"):
        return f"{MARK}: a date, YYYY-MM-DD"
    if schema.get("x-ref"):
        return f"{MARK}: the id of a {schema['x-ref']} record"
    kind = schema.get("type")
    if kind == "array":
        return [_value(name, schema.get("items", {}), subjects, today)]
    if kind == "object":
        if schema.get("x-ref-keys") == "subject":
            entry = schema["additionalProperties"]
            return {s: _object(entry, subjects, today) for s in subjects} or {f"{MARK}-subject-id": _object(entry, subjects, today)}
        if schema.get("x-ref-keys") and schema.get("additionalProperties", {}).get("type") == "integer":
            return {f"{MARK}-{schema['x-ref-keys']}-id": schema["additionalProperties"].get("maximum", 0)}
        return _object(schema, subjects, today)
    description = (schema.get("description") or name.replace("_", " ")).rstrip(".")
    return f"{MARK}: {description[0].lower() + description[1:]}"


def _object(schema: dict[str, Any], subjects: list[str], today: dt.date) -> dict[str, Any]:
    properties = schema.get("properties", {})
    return {key: _value(key, properties[key], subjects, today) for key in schema.get("required", [])}


_HINTS = {
    "subject": "# Add 'packages' ([{registry: pypi, name: ...}]) and run `versus verify --write`: it fills in\n"
               "# version.latest and version.released from the registry; never type a version by hand.\n",
    "tool": "# If it is published on PyPI or npm, add 'packages' ([{registry: pypi, name: ...}]) and run\n"
            "# `versus verify --write` to record its latest release.\n",
    "example": "# Give each snippet 'requirements' (pip requirement strings) and 'gpu: false', make it run as\n"
               "# shown on CPU, and record the run with `versus examples --write --example ID`.\n",
}


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # the loader rejects anchors and aliases
        return True


def scaffold(kind: str, subjects: list[str], today: dt.date | None = None) -> str:
    """The YAML text of a new record of `kind`; `subjects` are the ids to rate or show."""
    today = today or dt.date.today()
    if kind == "decision":
        question = {"question": f"{MARK}: the first question", "answers": [
            {"answer": f"{MARK}: an answer", "goto": "first-outcome"},
            {"answer": f"{MARK}: another answer", "goto": "second-outcome"}]}
        outcome = {"title": f"{MARK}: what to do", "text": f"{MARK}: why",
                   "recommends": [f"{MARK}: the id of a subject record"]}
        data = {"name": f"{MARK}: the question the tree answers", "summary": f"{MARK}: one sentence",
                "start": "first-question", "questions": {"first-question": question},
                "outcomes": {"first-outcome": outcome, "second-outcome": dict(outcome)},
                "reviewed": today.isoformat(), "sources": [f"{MARK}: the id of a source record"]}
    else:
        data = _object(inlined(kind), subjects, today)
    header = (f"# A new {kind}. Replace every value that starts with '{MARK}', then run: versus validate\n"
              "# The fields are documented in plugins/versus/schema/" f"{kind}.schema.json.\n"
              + _HINTS.get(kind, ""))
    return header + yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100)
