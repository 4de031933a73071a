"""Which records a page was made from, so a rebuild re-renders only the pages an edit touches.

`Tracked(kb)` stands in for a knowledge base while one page renders and notes every record the
page reads: `get` notes one record, `of` and `subjects` a whole kind, `incoming`/`outgoing` the
reference lists of one record, and `index` replays the dependencies of the records it was built
from. Anything else read from the knowledge base counts as depending on everything, so a new
accessor can make rebuilds slower but never wrong.

`changes(old, new)` lists what differs between two knowledge bases in the same terms, and a page
must be re-rendered when its dependencies meet the changes (`stale`).
"""

from __future__ import annotations

from typing import Any, Callable

from .model import KnowledgeBase, Ref

#: The dependency of a page that read something the tracker cannot narrow down.
EVERYTHING = ("*", "*")

Dependency = tuple[str, str]  # (kind, id), (kind, "*"), ("in" | "out", "kind:id") or EVERYTHING


def untracked(kb: Any) -> KnowledgeBase:
    """The knowledge base behind a tracker (or the knowledge base itself)."""
    return kb._kb if isinstance(kb, Tracked) else kb


class _References:
    """`kb.incoming` or `kb.outgoing`, noting which record's list was read."""

    def __init__(self, table, direction: str, deps: set[Dependency]) -> None:
        self._table, self._direction, self._deps = table, direction, deps

    def get(self, ref: Ref, default: Any = None) -> Any:
        self._deps.add((self._direction, str(ref)))
        return self._table.get(ref, default)

    def __getitem__(self, ref: Ref) -> Any:
        self._deps.add((self._direction, str(ref)))
        return self._table[ref]

    def __getattr__(self, name: str) -> Any:
        self._deps.add(EVERYTHING)
        return getattr(self._table, name)


class Tracked:
    """A knowledge base that records what is read from it (see the module docstring)."""

    def __init__(self, kb: KnowledgeBase, deps: set[Dependency] | None = None) -> None:
        self._kb = kb
        self.deps: set[Dependency] = set() if deps is None else deps

    def of(self, kind: str):
        self.deps.add((kind, "*"))
        return self._kb.of(kind)

    def get(self, ref: Ref | str, kind: str | None = None):
        if isinstance(ref, str):
            ref = Ref(kind, ref) if kind else Ref.parse(ref)
        self.deps.add((ref.kind, ref.id))
        return self._kb.get(ref)

    @property
    def subjects(self):
        self.deps.add(("subject", "*"))
        return self._kb.subjects

    @property
    def incoming(self) -> _References:
        return _References(self._kb.incoming, "in", self.deps)

    @property
    def outgoing(self) -> _References:
        return _References(self._kb.outgoing, "out", self.deps)

    @property
    def data_dir(self):
        return self._kb.data_dir

    @property
    def domain(self):
        # The knowledge base's words, facets and fields: when they change, every page is stale
        # (see `changes`), so reading them narrows nothing and records nothing.
        return self._kb.domain

    def index(self, name: str, build: Callable[[Any], Any]) -> Any:
        def tracked_build(kb: KnowledgeBase) -> tuple[Any, frozenset[Dependency]]:
            inner = Tracked(kb)
            return build(inner), frozenset(inner.deps)

        value, deps = self._kb.index(f"tracked:{name}", tracked_build)
        self.deps.update(deps)
        return value

    def __bool__(self) -> bool:  # a knowledge base is always there; its size is not read
        return True

    def __len__(self) -> int:
        self.deps.add(EVERYTHING)
        return len(self._kb)

    def __getattr__(self, name: str) -> Any:  # records, or anything added later: no narrowing
        self.deps.add(EVERYTHING)
        return getattr(self._kb, name)


def changes(old: KnowledgeBase, new: KnowledgeBase) -> set[Dependency]:
    """Every dependency whose value differs between two knowledge bases."""
    changed: set[Dependency] = set()
    if getattr(old, "domain", None) != getattr(new, "domain", None):
        changed.add(EVERYTHING)  # data/versus.yaml changed: words, facets or fields on every page
    for kind in old.records.keys() | new.records.keys():
        before, after = old.records.get(kind, {}), new.records.get(kind, {})
        for record_id in before.keys() | after.keys():
            if before.get(record_id) != after.get(record_id):
                changed.update(((kind, record_id), (kind, "*")))
    for direction, a, b in (("in", old.incoming, new.incoming), ("out", old.outgoing, new.outgoing)):
        for ref in a.keys() | b.keys():
            if a.get(ref, ()) != b.get(ref, ()):
                changed.add((direction, str(ref)))
    return changed


def stale(deps: frozenset[Dependency] | set[Dependency], changed: set[Dependency]) -> bool:
    """Whether a page with these dependencies must be re-rendered after these changes."""
    return EVERYTHING in deps or EVERYTHING in changed or not deps.isdisjoint(changed)
