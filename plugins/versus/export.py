"""Records back to plain data: the inverse of building the model.

`record_data(record)` returns the fields exactly as a YAML file would hold them (references as
ids, mappings keyed by id, absent optional fields left out), so a record survives
load -> model -> data unchanged; exports and diffs build on it.
"""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path
from typing import Any, Callable

import msgspec

from .gcpause import paused_gc
from .model import Decision, Example, Factor, Record, Ref, Scenario, Subject

_BASE = {"kind", "id", "file"}


def _plain(value: Any) -> Any:
    convert = _CONVERTERS.get(type(value))
    if convert is None:
        convert = _CONVERTERS[type(value)] = _converter(type(value))
    return value if convert is _same else convert(value)


_JSON = msgspec.json.Encoder()


def _same(value: Any) -> Any:
    return value


def _converter(cls: type) -> Callable[[Any], Any]:
    """How values of one type become plain data, decided once per type (a record has thousands of
    values of a handful of types): references as text, structs as mappings, tuples as lists."""
    if issubclass(cls, Ref):
        return str
    names = getattr(cls, "__struct_fields__", None)  # a msgspec Struct of the model
    if names is not None:
        values = attrgetter(*names) if len(names) > 1 else (lambda value: (getattr(value, names[0]),))
        return lambda value: {name: _plain(item) for name, item in zip(names, values(value))
                              if item is not None and item != ()}  # not `_absent`: once per field
    if issubclass(cls, tuple):
        return lambda value: [_plain(item) for item in value]
    return _same


_CONVERTERS: dict[type, Callable[[Any], Any]] = {}


def _absent(value: Any) -> bool:
    return value is None or value == ()


def record_data(record: Record) -> dict[str, Any]:
    """The record's fields as plain data, in the shape of its YAML file."""
    shaped = _shaped(record)
    data: dict[str, Any] = {}
    for name in type(record).__struct_fields__:
        value = getattr(record, name)
        if name in _BASE or _absent(value):
            continue
        data[name] = shaped[name] if name in shaped else _plain(value)
    for name, value in shaped.items():  # an empty mapping (a factor without ratings) goes last
        data.setdefault(name, value)
    return data


def _shaped(record: Record) -> dict[str, Any]:
    """The fields a YAML file holds as mappings keyed by id, where the model keeps tuples."""
    shaped: dict[str, Any] = {}
    if isinstance(record, Factor):
        shaped["ratings"] = {r.subject: _without(_plain(r), "subject") for r in record.ratings}
    elif isinstance(record, Scenario):
        shaped["weights"] = dict(record.weights)
        if record.ratings:
            ratings: dict[str, dict[str, Any]] = {}
            for factor_id, rating in record.ratings:
                ratings.setdefault(factor_id, {})[rating.subject] = _without(_plain(rating), "subject")
            shaped["ratings"] = ratings
    elif isinstance(record, Example):
        shaped["snippets"] = {s.subject: _without(_without(_plain(s), "subject"), "example_language")
                              for s in record.snippets}
    elif isinstance(record, Subject) and record.facets:
        shaped["facets"] = {facet_id: [_plain(row) for row in rows] for facet_id, rows in record.facets}
    if record.fields:
        shaped["fields"] = {name: _plain(value) for name, value in record.fields}
    elif isinstance(record, Decision):
        shaped["questions"] = {q.id: _without(_plain(q), "id") for q in record.questions}
        shaped["outcomes"] = {o.id: _without(_plain(o), "id") for o in record.outcomes}
    return shaped


def _without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}


# --- versioned JSON export -------------------------------------------------------------------

API_VERSION = 1


def _site_url(ref: Ref, directory_urls: bool, prefix: str = "") -> str:
    from .kinds import KIND_BY_NAME
    from .pagelinks import page_url

    return page_url(f"{prefix}{KIND_BY_NAME[ref.kind].folder}/{ref.id}.md", directory_urls)


@paused_gc()
def export_files(kb, *, directory_urls: bool = True, project_root: Path | None = None,
                 prefix: str = "", memo: dict | None = None) -> dict[str, str]:
    """The JSON export as {relative path: text}: everything, one file per kind, and the schemas.

    Each record carries its fields as in YAML, plus `id`, `kind`, `url` (relative to the site
    root), `file` (relative to the project) and its references resolved to ids and URLs. `memo`
    (an empty dict, passed again with later versions of the knowledge base and the same options)
    keeps each record's entry, reused while the record and its references are equal.
    """
    from .kinds import KINDS
    from .pagelinks import project_path
    from .schema import schema_texts

    root = project_root.resolve() if project_root is not None else None  # once, not per record
    urls: dict[Ref, str] = {}
    linked: dict[Ref, dict[str, str]] = {}  # a reference as listed: one mapping per target, shared

    def url(ref: Ref) -> str:
        found = urls.get(ref)
        if found is None:
            found = urls[ref] = _site_url(ref, directory_urls, prefix)
        return found

    def link(ref: Ref) -> dict[str, str]:
        found = linked.get(ref)
        if found is None:
            found = linked[ref] = {"ref": str(ref), "url": url(ref)}
        return found

    def entry(record: Record) -> dict[str, Any]:
        refs = kb.outgoing.get(record.ref, ())
        back = kb.incoming.get(record.ref, ())
        if memo is None:
            return fresh(record, refs, back)
        kept = memo.get(record.ref)
        if kept is None or kept[:3] != (record, refs, back):
            kept = memo[record.ref] = (record, refs, back, fresh(record, refs, back))
        return kept[3]

    def fresh(record: Record, refs: tuple, back: tuple) -> dict[str, Any]:
        file = project_path(record.file, root) if root is not None else None
        return {"id": record.id, "kind": record.kind, "url": url(record.ref),
                "file": file or Path(record.file).as_posix(), "data": record_data(record),
                "references": [link(r) for r in refs], "referenced_by": [link(r) for r in back]}

    by_kind = {kind.folder: [entry(r) for r in kb.of(kind.name)] for kind in KINDS}
    # Compact JSON, keys in order, text as UTF-8 (msgspec's encoder, four times faster than
    # `json.dumps` with ensure_ascii=False and no spaces, and the same bytes for text, integers and
    # mappings; a float may be spelt another valid way: 1e16, not 1e+16). Each kind's records are
    # encoded once and the text reused in the file of the whole knowledge base.
    dump = lambda value: _JSON.encode(value).decode()  # noqa: E731
    encoded = {folder: dump(records) for folder, records in by_kind.items()}
    whole = ",".join(f"{dump(folder)}:{text}" for folder, text in encoded.items())
    files = {"knowledge-base.json": f'{{"version":{API_VERSION},"schema":"schema/","records":{{{whole}}}}}\n'}
    for folder, text in encoded.items():
        files[f"{folder}.json"] = f'{{"version":{API_VERSION},"kind":{dump(folder)},"records":{text}}}\n'
    for name, text in schema_texts().items():
        files[f"schema/{name}"] = text
    return files


def write_export(out_dir: Path, kb, **options: Any) -> int:
    """Write the JSON export under `out_dir`; returns the number of files written."""
    files = export_files(kb, **options)
    for relative, text in files.items():
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return len(files)
