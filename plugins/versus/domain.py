"""The knowledge base's own domain: the words readers see for each kind, the support tables
(facets) shown on subject pages, and fields of its own that records may carry.

All of it comes from the optional `versus.yaml` at the top of the data folder (schema:
`settings.schema.json`), so nothing about one domain (hardware backends, Python snippets,
"frameworks") is built into the engine. Without the file: the kinds keep their generic names, and
there are no facets and no domain fields.

`check` holds the rules that depend on those declarations, run after every record passed its
schema: each facet and support value a subject uses is declared, each domain field is declared and
of its declared type, and each snippet has a language (its own or the example's).
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from msgspec import Struct, field
from msgspec.structs import replace

from .diagnostics import Report
from .kinds import KIND_BY_NAME, Kind, closest
from .load import RawRecord

SETTINGS_FILE = "versus.yaml"


class SupportValue(Struct, frozen=True):
    id: str
    title: str
    description: str


class Facet(Struct, frozen=True):
    id: str
    title: str  # heading on subject pages: "Hardware backends"
    row: str  # column heading for a row's name: "Backend"
    legend: str  # heading of its legend on the reference page
    values: tuple[SupportValue, ...]

    def value(self, value_id: str) -> SupportValue:
        return next(v for v in self.values if v.id == value_id)


class FieldSpec(Struct, frozen=True):
    id: str
    title: str
    type: str  # text, number, boolean, list or url
    required: bool = False


class Domain(Struct, frozen=True):
    kinds: Mapping[str, Kind] = field(default_factory=lambda: MappingProxyType(dict(KIND_BY_NAME)))
    facets: tuple[Facet, ...] = ()
    fields: Mapping[str, tuple[FieldSpec, ...]] = field(default_factory=lambda: MappingProxyType({}))
    file: Path | None = None

    def facet(self, facet_id: str) -> Facet | None:
        return next((f for f in self.facets if f.id == facet_id), None)

    def fields_of(self, kind: str) -> tuple[FieldSpec, ...]:
        return self.fields.get(kind, ())


def domain_from(raw: RawRecord | None) -> Domain:
    """The domain declared by a schema-valid versus.yaml (the defaults when there is none)."""
    if raw is None:
        return Domain()
    data = raw.data
    words = data.get("words") or {}
    kinds = {name: (replace(kind, title=words[name]["title"], plural=words[name]["plural"]) if name in words else kind)
             for name, kind in KIND_BY_NAME.items()}
    facets = tuple(Facet(fid, f["title"], f["row"], f.get("legend") or f["title"],
                         tuple(SupportValue(v["id"], v["title"], v["description"]) for v in f["values"]))
                   for fid, f in (data.get("facets") or {}).items())
    fields = {kind: tuple(FieldSpec(fid, spec["title"], spec["type"], bool(spec.get("required")))
                          for fid, spec in specs.items())
              for kind, specs in (data.get("fields") or {}).items()}
    return Domain(MappingProxyType(kinds), facets, MappingProxyType(fields), raw.file)


_TYPE_CHECKS = {
    "text": lambda v: isinstance(v, str),
    "url": lambda v: isinstance(v, str) and v.startswith("https://") and not any(c.isspace() for c in v),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "list": lambda v: isinstance(v, list),
}
_TYPE_WORDS = {"text": "a text", "url": "an https:// address", "number": "a number", "boolean": "true or false",
               "list": "a list of texts"}


def check(records: Iterable[RawRecord], domain: Domain, report: Report) -> None:
    """The rules that depend on the knowledge base's declarations (see the module docstring)."""
    settings = str(domain.file) if domain.file else SETTINGS_FILE
    for record in records:
        _check_fields(record, domain, report, settings)
        if record.kind == "subject":
            _check_facets(record, domain, report, settings)
        elif record.kind == "example":
            _check_languages(record, report)


def _add(report: Report, record: RawRecord, path: tuple, rule: str, message: str, *, key: bool = False) -> None:
    pos = record.where(path, key=key)
    report.add(record.file, pos.line, pos.col, rule, message)


def _check_fields(record: RawRecord, domain: Domain, report: Report, settings: str) -> None:
    declared = {spec.id: spec for spec in domain.fields_of(record.kind)}
    values: dict[str, Any] = record.data.get("fields") or {}
    for name, value in values.items():
        spec = declared.get(name)
        if spec is None:
            guess = closest(name, declared)
            _add(report, record, ("fields", name), "unknown-field",
                 f"field '{name}' is not declared for {record.kind} records in {settings}"
                 + (f"; did you mean '{guess}'?" if guess else ""), key=True)
        elif not _TYPE_CHECKS[spec.type](value):
            _add(report, record, ("fields", name), "unknown-field",
                 f"field '{name}' must be {_TYPE_WORDS[spec.type]} (declared as '{spec.type}' in {settings})")
    for spec in declared.values():
        if spec.required and spec.id not in values:
            _add(report, record, (), "unknown-field",
                 f"field '{spec.id}' is required for {record.kind} records by {settings}; add it under 'fields'")


def _check_facets(record: RawRecord, domain: Domain, report: Report, settings: str) -> None:
    for facet_id, rows in (record.data.get("facets") or {}).items():
        facet = domain.facet(facet_id)
        if facet is None:
            guess = closest(facet_id, [f.id for f in domain.facets])
            _add(report, record, ("facets", facet_id), "unknown-facet",
                 f"facet '{facet_id}' is not declared under 'facets' in {settings}"
                 + (f"; did you mean '{guess}'?" if guess else ""), key=True)
            continue
        allowed = [v.id for v in facet.values]
        for n, row in enumerate(rows):
            if row["support"] not in allowed:
                _add(report, record, ("facets", facet_id, n, "support"), "unknown-facet",
                     f"support '{row['support']}' is not one of facet '{facet_id}': {', '.join(allowed)}")


def _check_languages(record: RawRecord, report: Report) -> None:
    if record.data.get("language"):
        return
    for subject, snippet in record.data["snippets"].items():
        if not snippet.get("language"):
            _add(report, record, ("snippets", subject), "missing-language",
                 f"snippet '{subject}' names no language, and the example sets none", key=True)
