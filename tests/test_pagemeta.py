"""What each generated page says about itself: a description from its record, and how search weighs it."""

from __future__ import annotations

import datetime as dt
from msgspec.structs import replace

import yaml

import versus
from support import GOOD_KB
from versus.pagemeta import BOOST, describe, plain_text, search_names, shorten
from versus.plan import plan

KB = versus.load(GOOD_KB, today=dt.date(2026, 11, 20)).knowledge_base
PAGES = {page.uri: page for page in plan(KB)}


def _meta(uri: str) -> dict:
    markdown = PAGES[uri].markdown
    assert markdown.startswith("---\n"), uri
    return yaml.safe_load(markdown.split("---\n")[1])


def test_plain_text_names_links_and_drops_markup() -> None:
    text = plain_text('Use [[tool:alpha-compile]] or [[subject:beta|the other]] with **care** & "quotes" <b>.', KB)
    assert text == f"Use {KB.get('tool:alpha-compile').name} or the other with care and quotes b."


def test_underscores_inside_words_and_plain_names_are_kept() -> None:
    assert plain_text("Use `from_keras` or _this_ __too__", KB) == "Use from_keras or this too"
    source = replace(KB.of("source")[0], name='issue 1 (from_keras fails) <b> & "x"')
    assert describe(source, KB).startswith("issue 1 (from_keras fails) b and x")


def test_shorten_keeps_whole_sentences_or_words() -> None:
    text = "First sentence is here. " + "word " * 60
    assert shorten(text, 40) == "First sentence is here."
    cut = shorten("word " * 60, 40)
    assert len(cut) <= 41 and cut.endswith("…") and " wor…" not in cut
    assert shorten("short", 40) == "short"


def test_every_page_has_its_own_description() -> None:
    descriptions = {uri: _meta(uri)["description"] for uri in PAGES}
    assert all(descriptions.values())
    for kind in KB.records:
        for record in KB.of(kind):
            uri = f"{versus.kinds.KIND_BY_NAME[kind].folder}/{record.id}.md"
            assert descriptions[uri] == describe(record, KB)
            assert not set('<>"') & set(descriptions[uri]), "the theme prints it into an attribute"
    assert "Alpha" in descriptions["compare/alpha-vs-beta.md"] and "tied" in descriptions["compare/alpha-vs-beta.md"]


def test_search_ranks_records_above_sources_and_skips_repeats() -> None:
    tool, source = KB.of("tool")[0], KB.of("source")[0]
    assert _meta(f"tools/{tool.id}.md")["search"]["boost"] == BOOST["tool"] > BOOST["source"]
    assert _meta(f"sources/{source.id}.md")["search"]["boost"] == BOOST["source"] < 1
    assert _meta("tools/index.md")["search"]["boost"] < 1
    assert _meta("compare/all.md")["search"] == {"exclude": True}
    assert _meta("compare/pick.md")["search"] == {"exclude": True}
    pair = PAGES["compare/alpha-vs-beta.md"].markdown
    assert "## Factor by factor { data-search-exclude }" in pair and "In short" in pair


def test_records_carry_their_names_as_search_tags() -> None:
    alpha = KB.get("subject:alpha")
    assert _meta("subjects/alpha.md")["tags"] == search_names(alpha) == ["Alpha", *alpha.aliases]
    source = KB.of("source")[0]
    assert "tags" not in _meta(f"sources/{source.id}.md")


def test_template_front_matter_is_merged_not_duplicated() -> None:
    meta = _meta("matrix.md")  # one block holding the template's keys and the page's description
    assert meta["hide"] == ["navigation", "toc"] and meta["description"]
