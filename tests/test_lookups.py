"""Lookups built once per knowledge base answer exactly what a scan of every record answers,
in the same order, on the fixture and on the site's data; a paused collector comes back."""

from __future__ import annotations

import gc

import pytest

import versus
from support import GOOD_KB, ROOT
from versus import lookups
from versus.deps import Tracked
from versus.gcpause import paused_gc
from versus.views import SEVERITY

BASES = {"fixture": versus.load(GOOD_KB).knowledge_base, "site": versus.load(ROOT / "data").knowledge_base}


def _scans(kb):
    """What each lookup replaced: the scan a template or a view did for every page."""
    order = list(SEVERITY)
    return {
        "caveats_of_tool": ("tool", lambda i: tuple(c for c in kb.of("caveat") if i in c.tools)),
        "caveats_for": ("subject", lambda i: tuple(sorted((c for c in kb.of("caveat") if i in c.subjects),
                                                           key=lambda c: (order.index(c.severity), c.name.lower())))),
        "scenarios_deciding": ("factor", lambda i: tuple(s for s in kb.of("scenario") if i in s.factors)),
        "scenarios_won_by": ("subject", lambda i: tuple(s for s in kb.of("scenario") if s.recommended == i)),
        "scenarios_runner_up": ("subject", lambda i: tuple(s for s in kb.of("scenario") if s.runner_up == i)),
        "tools_for": ("subject", lambda i: tuple(t for t in kb.of("tool") if i in t.subjects)),
        "tools_in_category": ("category", lambda i: tuple(t for t in kb.of("tool") if t.category == i)),
    }


@pytest.mark.parametrize("base", sorted(BASES))
def test_every_lookup_answers_what_the_scan_answered(base: str) -> None:
    kb = BASES[base]
    answered = 0
    for name, (kind, scan) in _scans(kb).items():
        for record in kb.of(kind):
            expected = scan(record.id)
            assert getattr(lookups, name)(kb, record.id) == expected, (name, record.id)
            answered += bool(expected)
        assert getattr(lookups, name)(kb, "no-such-record") == ()
    assert answered  # the data exercises the lookups, not only their empty answers


def test_snippet_for_finds_each_subjects_snippet() -> None:
    kb = BASES["site"]
    for example in kb.of("example"):
        for subject in kb.subjects:
            found = lookups.snippet_for(example, subject.id)
            assert found == next((s for s in example.snippets if s.subject == subject.id), None)


def test_a_lookup_records_what_its_table_read() -> None:
    # Under `mkdocs serve` a page that used a lookup must be rendered again when any record of
    # the kind the table was built from changes, as it was when the page scanned the kind itself.
    kb = BASES["site"]
    tracked = Tracked(kb)
    lookups.caveats_of_tool(tracked, kb.of("tool")[0].id)
    assert ("caveat", "*") in tracked.deps


def test_the_collector_is_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested: the outer phase keeps it paused
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_cycles_made_while_paused_are_collected_when_the_phase_ends() -> None:
    class Node:
        pass

    collected = []

    @paused_gc()
    def make_garbage() -> None:
        for _ in range(1000):
            a, b = Node(), Node()
            a.other, b.other = b, a
        import weakref
        last = Node()
        last.self = last
        collected.append(weakref.ref(last))

    threshold = gc.get_threshold()
    gc.set_threshold(10 ** 9)  # no automatic collection: only the phase's own can free the cycle
    try:
        make_garbage()
        assert collected[0]() is None  # already collected: nothing is left for the next phase
    finally:
        gc.set_threshold(*threshold)
    assert gc.isenabled()


def test_an_error_inside_the_phase_still_restores_the_collector() -> None:
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("boom")
    assert gc.isenabled()
