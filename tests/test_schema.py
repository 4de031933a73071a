"""The shipped JSON Schemas: valid 2020-12, one per kind, enumerations documented."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator

from versus.kinds import KINDS
from versus.schema import enum_members, load_schema, schema_texts


def test_one_valid_schema_per_kind() -> None:
    assert set(schema_texts()) == {f"{k.name}.schema.json" for k in KINDS} | {"common.schema.json",
                                                                             "settings.schema.json"}
    for text in schema_texts().values():
        Draft202012Validator.check_schema(json.loads(text))


def test_every_property_has_a_schema_and_records_reject_unknown_keys() -> None:
    for kind in KINDS:
        schema = load_schema(kind.name)
        assert schema["additionalProperties"] is False
        assert set(schema["required"]) <= set(schema["properties"])


def test_enumerations_carry_titles_and_descriptions() -> None:
    for name in ("status", "severity", "rating", "source_type"):
        members = enum_members(name)
        assert members and all(m["title"] and m["description"] for m in members)
