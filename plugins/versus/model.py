"""The typed, immutable model of a validated knowledge base.

Records reference each other by id; `KnowledgeBase.get` resolves any reference, and every
reference was checked during validation, so resolution cannot fail for a built model.
Dates stay strings as written (YYYY-MM-DD, YYYY-MM or YYYY), since partial dates are allowed.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping

from msgspec import Struct, field

from .checked import Package, Snippet, Version, snippet_from_data
from .domain import Domain
from .kinds import KINDS
from .links import Reference, references
from .load import RawRecord


class Ref(Struct, frozen=True):
    kind: str
    id: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"

    @classmethod
    def parse(cls, typed: str) -> "Ref":
        kind, _, record_id = typed.partition(":")
        return cls(kind, record_id)


class Record(Struct, frozen=True):
    kind: str
    id: str
    file: Path
    name: str
    reviewed: str | None = None
    sources: tuple[str, ...] = ()
    related: tuple[Ref, ...] = ()
    body: str | None = None
    fields: tuple[tuple[str, Any], ...] = ()  # the knowledge base's own fields (versus.domain), as written

    @property  # made on each read: a record is slots only, with no __dict__ to cache it in
    def ref(self) -> Ref:
        return Ref(self.kind, self.id)


class FacetRow(Struct, frozen=True):
    """One row of a subject's facet table: a thing it supports, and how well."""

    name: str
    support: str
    note: str | None = None


class Subject(Record, frozen=True):
    summary: str = ""
    origin: str = ""
    first_release: str | None = None
    governance: str | None = None
    license: str | None = None
    packages: tuple[Package, ...] = ()
    version: Version | None = None
    facets: tuple[tuple[str, tuple[FacetRow, ...]], ...] = ()  # (facet id, rows), as written
    strengths: tuple[str, ...] = ()
    weaknesses: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    website: str | None = None
    repository: str | None = None
    order: int | None = None  # display order wherever subjects are listed
    pick_if: str | None = None  # completes "Pick it if ..." on the home page's cards


class Rating(Struct, frozen=True):
    subject: str
    rating: str
    note: str
    sources: tuple[str, ...] = ()
    confidence: str = "judgement"
    basis: str | None = None  # what an editors' judgement rests on


class Verdict(Struct, frozen=True):
    winners: tuple[str, ...]
    reason: str
    disagreement: str | None = None
    despite_ratings: str | None = None  # why the verdict departs from the ratings

    @property
    def is_tie(self) -> bool:
        return len(self.winners) > 1


class Factor(Record, frozen=True, dict=True):
    question: str = ""
    order: int | None = None
    ratings: tuple[Rating, ...] = ()
    verdict: Verdict | None = None

    def __post_init__(self) -> None:
        # Made with the record (in the instance's __dict__, beside the fields' slots), so a
        # lookup by subject is one dictionary read.
        self.__dict__["_by_subject"] = {r.subject: r for r in self.ratings}

    def rating_for(self, subject: str) -> Rating | None:
        return self._by_subject.get(subject)


class Scenario(Record, frozen=True):
    summary: str = ""
    recommended: str = ""
    runner_up: str | None = None
    reason: str = ""
    weights: tuple[tuple[str, int], ...] = ()  # (factor id, 0..3) as written; unlisted factors weigh 0
    ratings: tuple[tuple[str, Rating], ...] = ()  # (factor id, rating) holding in this scenario only
    tools: tuple[str, ...] = ()

    def weight(self, factor_id: str) -> int:
        return dict(self.weights).get(factor_id, 0)

    @property
    def factors(self) -> tuple[str, ...]:
        """The factors that decide this scenario: weight above 0, heaviest first, then as written."""
        weighted = [(factor, weight) for factor, weight in self.weights if weight > 0]
        return tuple(factor for factor, _ in sorted(weighted, key=lambda pair: -pair[1]))

    def rating_for(self, factor_id: str, subject_id: str) -> Rating | None:
        """The scenario's own rating of a subject on a factor, or None where the general one holds."""
        return next((r for f, r in self.ratings if f == factor_id and r.subject == subject_id), None)


class Status(Struct, frozen=True):
    state: str
    since: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()


class Tool(Record, frozen=True):
    summary: str = ""
    category: str = ""
    subjects: tuple[str, ...] = ()
    status: Status | None = None
    packages: tuple[Package, ...] = ()
    version: Version | None = None
    replaces: tuple[str, ...] = ()
    replaced_by: tuple[str, ...] = ()
    url: str | None = None


class Caveat(Record, frozen=True):
    severity: str = ""
    summary: str = ""
    since: str | None = None
    subjects: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    details: str | None = None
    instead: str = ""


class Answer(Struct, frozen=True):
    answer: str
    goto: str


class Question(Struct, frozen=True):
    id: str
    question: str
    answers: tuple[Answer, ...]
    help: str | None = None


class Outcome(Struct, frozen=True):
    id: str
    title: str
    text: str
    recommends: tuple[str, ...]
    scenarios: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()


class Decision(Record, frozen=True):
    summary: str = ""
    start: str = ""
    questions: tuple[Question, ...] = ()
    outcomes: tuple[Outcome, ...] = ()


class Example(Record, frozen=True):
    task: str = ""
    language: str | None = None  # for snippets that name none
    order: int | None = None
    snippets: tuple[Snippet, ...] = ()


class Source(Record, frozen=True):
    publisher: str | None = None
    url: str | None = None
    type: str = ""
    published: str | None = None
    accessed: str | None = None
    note: str | None = None


class Term(Record, frozen=True):
    aliases: tuple[str, ...] = ()
    definition: str = ""


class Category(Record, frozen=True):
    description: str = ""
    order: int | None = None


RECORD_CLASSES: dict[str, type[Record]] = {
    "subject": Subject, "factor": Factor, "scenario": Scenario, "tool": Tool, "caveat": Caveat,
    "decision": Decision, "example": Example, "source": Source, "term": Term, "category": Category,
}
_FIELD_NAMES = {cls: frozenset(cls.__struct_fields__) for cls in RECORD_CLASSES.values()}  # listed once


def _tuple(values: Any) -> tuple:
    return tuple(values or ())


def _rating(subject: str, entry: dict) -> Rating:
    return Rating(subject, entry["rating"], entry["note"], _tuple(entry.get("sources")), entry["confidence"],
                  entry.get("basis"))


def _build(raw: RawRecord) -> Record:
    data = dict(raw.data)
    kind = raw.kind
    base = dict(kind=kind, id=raw.id, file=raw.file, name=data.pop("name"), reviewed=data.pop("reviewed", None),
                sources=_tuple(data.pop("sources", None)),
                related=tuple(Ref.parse(r) for r in data.pop("related", ())), body=data.pop("body", None),
                fields=tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in data.pop("fields", {}).items()))
    if kind in ("subject", "tool"):
        data["packages"] = tuple(Package(**p) for p in data.pop("packages", ()))
        if "version" in data:
            data["version"] = Version(**data.pop("version"))
    if kind == "subject":
        data["facets"] = tuple((fid, tuple(FacetRow(**row) for row in rows)) for fid, rows in data.pop("facets", {}).items())
    elif kind == "factor":
        ratings = data.pop("ratings")
        data["ratings"] = tuple(_rating(subject, r) for subject, r in sorted(ratings.items()))
        verdict = data.pop("verdict")
        data["verdict"] = Verdict(_tuple(verdict["winners"]), verdict["reason"], verdict.get("disagreement"),
                                  verdict.get("despite_ratings"))
    elif kind == "scenario":
        data["weights"] = tuple(data.pop("weights").items())
        data["ratings"] = tuple((factor, _rating(subject, r)) for factor, by_subject in data.pop("ratings", {}).items()
                                for subject, r in by_subject.items())
    elif kind == "tool":
        status = data.pop("status")
        data["status"] = Status(status["state"], status.get("since"), status.get("note"), _tuple(status.get("sources")))
    elif kind == "decision":
        data["questions"] = tuple(Question(qid, q["question"], tuple(Answer(**a) for a in q["answers"]), q.get("help"))
                                  for qid, q in data.pop("questions").items())
        data["outcomes"] = tuple(Outcome(oid, o["title"], o["text"], _tuple(o["recommends"]),
                                         _tuple(o.get("scenarios")), _tuple(o.get("tools")))
                                 for oid, o in data.pop("outcomes").items())
    elif kind == "example":
        data["snippets"] = tuple(snippet_from_data(subject, s, data.get("language"))
                                 for subject, s in data.pop("snippets").items())
    cls = RECORD_CLASSES[kind]
    names = _FIELD_NAMES[cls]
    converted = {key: (tuple(value) if isinstance(value, list) else value) for key, value in data.items() if key in names}
    return cls(**base, **converted)


class KnowledgeBase(Struct, frozen=True, dict=True):  # dict: the cached indexes below
    """Every record by kind and id, plus who references whom."""

    data_dir: Path
    records: Mapping[str, Mapping[str, Record]]
    outgoing: Mapping[Ref, tuple[Ref, ...]]
    incoming: Mapping[Ref, tuple[Ref, ...]]
    domain: Domain = field(default_factory=Domain)

    def of(self, kind: str) -> tuple[Record, ...]:
        """Records of one kind, in display order (order field, then name); sorted once per kind."""
        ordered = self._ordered.get(kind)
        if ordered is None:
            ordered = self._ordered[kind] = tuple(sorted(self.records.get(kind, {}).values(),
                                                         key=lambda r: (getattr(r, "order", None) or 0, r.name.lower(), r.id)))
        return ordered

    def index(self, name: str, build: Callable[["KnowledgeBase"], Any]) -> Any:
        """A derived index, built once per knowledge base (the model never changes): views use it
        for lookups that would otherwise scan every record on every page."""
        if name not in self._indexes:
            self._indexes[name] = build(self)
        return self._indexes[name]

    @cached_property
    def _ordered(self) -> dict[str, tuple[Record, ...]]:
        return {}

    @cached_property
    def _indexes(self) -> dict[str, Any]:
        return {}

    def get(self, ref: Ref | str, kind: str | None = None) -> Record:
        if isinstance(ref, str):
            ref = Ref(kind, ref) if kind else Ref.parse(ref)
        return self.records[ref.kind][ref.id]

    @property
    def subjects(self) -> tuple[Subject, ...]:
        return self.of("subject")  # type: ignore[return-value]

    def __len__(self) -> int:
        return sum(len(group) for group in self.records.values())


def build_model(data_dir: Path, raws: list[RawRecord], domain: Domain | None = None) -> KnowledgeBase:
    """Build the model from records that passed validation."""
    records: dict[str, dict[str, Record]] = {k.name: {} for k in KINDS}
    outgoing: dict[Ref, list[Ref]] = {}
    incoming: dict[Ref, list[Ref]] = {}
    for raw in raws:
        record = _build(raw)
        records[raw.kind][raw.id] = record
        refs: list[Reference] = raw.references if raw.references is not None else references(raw.data, raw.kind)[0]
        targets = sorted({Ref(r.kind, r.id) for r in refs} - {record.ref}, key=str)
        outgoing[record.ref] = targets
        for target in targets:
            incoming.setdefault(target, []).append(record.ref)
    freeze = lambda table: MappingProxyType({k: tuple(sorted(v, key=str)) for k, v in table.items()})  # noqa: E731
    return KnowledgeBase(data_dir, MappingProxyType({k: MappingProxyType(v) for k, v in records.items()}),
                         freeze(outgoing), freeze(incoming), domain or Domain())
