"""Records back to plain data: the inverse of building the model.

`record_data(record)` returns the fields exactly as a YAML file would hold them (references as
ids, mappings keyed by id, absent optional fields left out), so a record survives
load -> model -> data unchanged; exports and diffs build on it.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from .model import Decision, Example, Factor, Record, Ref

_BASE = {"kind", "id", "file"}


def _plain(value: Any) -> Any:
    if isinstance(value, Ref):
        return str(value)
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)
                if not _absent(getattr(value, f.name))}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _absent(value: Any) -> bool:
    return value is None or value == ()


def record_data(record: Record) -> dict[str, Any]:
    """The record's fields as plain data, in the shape of its YAML file."""
    data: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name in _BASE or _absent(value):
            continue
        data[f.name] = _plain(value)
    if isinstance(record, Factor):
        data["ratings"] = {r.subject: _without(_plain(r), "subject") for r in record.ratings}
    elif isinstance(record, Example):
        data["snippets"] = {s.subject: _without(_plain(s), "subject") for s in record.snippets}
    elif isinstance(record, Decision):
        data["questions"] = {q.id: _without(_plain(q), "id") for q in record.questions}
        data["outcomes"] = {o.id: _without(_plain(o), "id") for o in record.outcomes}
    return data


def _without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}
