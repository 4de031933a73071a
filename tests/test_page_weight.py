"""Lighter pages: the widget data is one compact JSON text that no record text can break out of,
and pair pages give search their title and summary only."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import versus
from support import GOOD_KB
from versus.plan import plan
from versus.render import json_text
from versus.views import interactive_data

DATA_ELEMENT = re.compile(r'<div id="versus-weights-data" class="versus-data" hidden data-search-exclude>(.*?)</div>', re.S)


def test_json_text_cannot_close_its_element() -> None:
    hostile = {"note": "</div><script>alert(1)</script> & <!-- -->", "name": "Ünïcode"}
    text = json_text(hostile)
    assert not set(text) & set("<>&")
    assert json.loads(text) == hostile
    assert json.loads(html.unescape(text)) == hostile  # an HTML parser reads the same text


def test_matrix_page_carries_one_compact_data_block(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(GOOD_KB, data)
    factor = next((data / "factors").glob("*.yaml"))
    text = factor.read_text()
    assert text.startswith("name: ")
    factor.write_text(text.replace("name: ", "name: Fast & small, 2 < 3 > 1 ", 1))
    result = versus.load(data)
    assert result.ok, [d.format() for d in result.diagnostics]
    kb = result.knowledge_base
    matrix = next(p for p in plan(kb) if p.uri == "matrix.md").markdown
    blocks = DATA_ELEMENT.findall(matrix)
    assert len(blocks) == 1 and "data-versus-weights" not in matrix.replace('data-versus-weights="versus-weights-data"', "")
    embedded = json.loads(blocks[0])
    assert embedded == interactive_data(kb)
    assert any("2 < 3 > 1" in f["name"] for f in embedded["factors"])
    assert "2 < 3" not in blocks[0] and "& small" not in blocks[0]
    subjects = [s.id for s in kb.subjects]
    assert [s["id"] for s in embedded["subjects"]] == subjects
    legend = [r["id"] for r in embedded["ratings"]]
    for factor in embedded["factors"]:  # arrays in subject order, each rating by its legend position
        record = kb.get(factor["id"], "factor")
        assert [legend[n] for n in factor["ratings"]] == [record.rating_for(s).rating for s in subjects]


def test_pair_pages_give_search_their_summary_only() -> None:
    kb = versus.load(GOOD_KB).knowledge_base
    pair = next(p for p in plan(kb) if p.uri.startswith("compare/") and "-vs-" in p.uri)
    headings = [line for line in pair.markdown.splitlines() if line.startswith("#")]
    assert headings[0].startswith("# ") and "data-search-exclude" not in headings[0]
    assert headings[1:] and all(line.endswith("{ data-search-exclude }") for line in headings[1:])


def test_relative_links_match_posixpath() -> None:
    import posixpath

    from versus.render import relative_link

    uris = ["index.md", "matrix.md", "compare/index.md", "compare/a-vs-b.md", "tools/onnx.md", "tools/index.md",
            "compare.md", "a/b/c.md", "a/x.md", "tools/onnx.md#status"]
    for source in uris:
        for target in uris:
            path, _, anchor = target.partition("#")
            expected = posixpath.relpath(path, posixpath.dirname(source) or ".") + (f"#{anchor}" if anchor else "")
            assert relative_link(source, target) == expected, (source, target)
