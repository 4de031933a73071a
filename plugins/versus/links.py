"""References between records: typed fields (`subjects: [jax]`, `related: [tool:onnx]`) and
links inside text (`[[tool:onnx]]`, `[[tool:onnx|the ONNX format]]`).

`references()` finds every one in a record, with its position, for validation (does the target
exist?) and for pages (links, "referenced by" lists).
"""

from __future__ import annotations

import re

from msgspec import Struct

from .kinds import KIND_BY_NAME
from .scan import double_brackets
from .schema import iter_leaves

#: [[kind:id]] or [[kind:id|label]] inside Markdown text. Matched only against candidates that
#: `scan.double_brackets` found in linear time, never searched for across a whole text.
TEXT_LINK = re.compile(r"\[\[\s*([a-z]+):([a-z0-9]+(?:-[a-z0-9]+)*)\s*(?:\|([^\]\n]+))?\]\]")


class Reference(Struct, frozen=True):
    path: tuple  # where in the record (the value's path; for keys, the path of the keyed entry)
    kind: str
    id: str
    is_key: bool = False

    @property
    def typed(self) -> str:
        return f"{self.kind}:{self.id}"


class Malformed(Struct, frozen=True):
    path: tuple
    text: str


def references(data: dict, kind: str, leaves: list | None = None) -> tuple[list[Reference], list[Malformed]]:
    """Every reference in a schema-valid record, and every [[...]] that is not a valid link.
    `leaves`: the record's `iter_leaves`, when the caller has walked it already."""
    found: list[Reference] = []
    malformed: list[Malformed] = []
    for path, value, schema, is_key in (iter_leaves(data, kind) if leaves is None else leaves):
        if not isinstance(value, str) or schema.get("x-code") or value.startswith("FILL IN"):
            continue
        target = schema.get("x-ref")
        if target == "any":
            ref_kind, _, ref_id = value.partition(":")
            found.append(Reference(path, ref_kind, ref_id))
        elif target == "node":
            continue  # ids inside one decision tree: checked by the tree rules
        elif target:
            found.append(Reference(path, target, value, is_key=is_key))
        elif "[[" in value:
            for start, end, _ in double_brackets(value):
                link = TEXT_LINK.fullmatch(value, start, end)
                if link and link.group(1) in KIND_BY_NAME:
                    found.append(Reference(path, link.group(1), link.group(2)))
                else:
                    malformed.append(Malformed(path, value[start:end]))
    return found, malformed
