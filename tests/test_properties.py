"""Property-based tests: no input makes the loader or validator raise, and valid records survive
load -> model -> data unchanged."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import versus
from support import GOOD_KB
from versus.diagnostics import Report
from versus.export import record_data
from versus.load import parse_yaml

TODAY = dt.date(2026, 11, 20)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    report = Report()
    parse_yaml(text, "f.yaml", report)
    assert all(d.line >= 1 and d.col >= 1 for d in report.items)


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_in_a_data_file_never_raise(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(GOOD_KB, data)
        (data / "tools" / "alpha-compile.yaml").write_bytes(content)
        result = versus.load(data, today=TODAY)
        assert result.ok or result.errors


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
                    st.sampled_from(["2026-02-30", "2099-01-01", "alpha", "tool:alpha-compile", "[[tool:x]]",
                                     "<script>", "javascript:x", "active", "https://example.org"]))
structures = st.recursive(scalars, lambda children: st.lists(children, max_size=4)
                          | st.dictionaries(st.sampled_from(["name", "summary", "status", "state", "subjects",
                                                             "ratings", "verdict", "winners", "sources", "x", "1"]),
                                            children, max_size=5), max_leaves=25)
kinds = st.sampled_from(["tools/alpha-compile.yaml", "factors/speed.yaml", "decisions/which-one.yaml",
                         "subjects/alpha.yaml", "examples/hello.yaml", "sources/new-source.yaml"])


@SETTINGS
@given(kinds, structures)
def test_arbitrary_yaml_structures_never_raise(target: str, value) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(GOOD_KB, data)
        (data / target).write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
        result = versus.load(data, today=TODAY)
        assert result.ok == (result.knowledge_base is not None)


words = st.text(alphabet=st.characters(whitelist_categories=("L", "N"), max_codepoint=0x2FF), min_size=1, max_size=12)
sentences = st.lists(words, min_size=1, max_size=8).map(lambda ws: " ".join(ws) + ".")
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=TODAY).map(dt.date.isoformat)
tools = st.fixed_dictionaries(
    {"name": sentences.map(lambda s: s[:60]), "summary": sentences, "category": st.just("compiler"),
     "subjects": st.lists(st.sampled_from(["alpha", "beta"]), min_size=1, max_size=2, unique=True),
     "status": st.fixed_dictionaries({"state": st.sampled_from(["active", "limited-maintenance", "deprecated", "archived"])},
                                     optional={"since": dates, "note": sentences}),
     "reviewed": dates, "sources": st.just(["alpha-docs"])},
    optional={"url": st.just("https://example.org/x"), "body": sentences,
              "packages": st.lists(st.fixed_dictionaries({"registry": st.sampled_from(["pypi", "npm"]),
                                                          "name": st.sampled_from(["torch", "@litertjs/core", "jax"])}),
                                   min_size=1, max_size=2),
              "version": st.fixed_dictionaries({"latest": st.sampled_from(["2.15.0", "0.12.0.1", "1.0rc1"])},
                                               optional={"released": dates, "checked": dates, "note": sentences}),
              "related": st.lists(st.sampled_from(["subject:alpha", "factor:speed", "term:jit"]), min_size=1, unique=True)})


@SETTINGS
@given(tools)
def test_valid_records_survive_load_model_data_unchanged(tool: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(GOOD_KB, data)
        (data / "tools" / "generated.yaml").write_text(yaml.safe_dump(tool, allow_unicode=True), encoding="utf-8")
        result = versus.load(data, today=TODAY)
        assert result.ok, [d.format() for d in result.diagnostics]
        assert record_data(result.knowledge_base.get("tool:generated")) == tool


def test_the_real_knowledge_base_round_trips() -> None:
    from support import ROOT
    from versus.load import load_dir

    kb = versus.load(ROOT / "data").knowledge_base
    raws, _ = load_dir(ROOT / "data", Report())
    assert [r.file for r in raws if record_data(kb.get(r.id, r.kind)) != r.data] == []

