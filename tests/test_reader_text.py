"""What readers see on the built site: no editorial jargon, no placeholders, no internal ids.

Scans the visible text of every built page (not code blocks, scripts, styles or attribute values
such as link targets), so a word in a URL or an example's code does not count.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import versus
from support import ROOT

HIDDEN = {"script", "style", "code", "pre", "template"}
# Editorial machinery and placeholders that must never reach a page.
JARGON = re.compile(r"\bseeds?\b|seed article|title not recorded|unknown publisher|\bplaceholder|\bFILL IN\b"
                    r"|\bTODO\b|\bTBD\b|lorem ipsum|\bXXX\b", re.I)


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_visible_text_ignores_code_and_attributes() -> None:
    html = '<p>A <a href="sources/seed-x/" title="seed">link</a>.</p><pre><code>seed = 1</code></pre><script>seed</script>'
    assert visible_text(html) == "A link ."
    assert JARGON.search(visible_text("<p>The seeds agree.</p>"))


def test_no_page_shows_editorial_jargon_or_placeholders(real_site: Path) -> None:
    found = []
    for page in _pages(real_site):
        text = visible_text(page.read_text(encoding="utf-8"))
        for match in JARGON.finditer(text):
            found.append(f"{page.relative_to(real_site)}: ...{text[max(0, match.start() - 50):match.end() + 50]}...")
    assert found == [], "\n".join(found)


def test_no_page_shows_a_source_id(real_site: Path) -> None:
    """Sources are cited by title; their ids (file names) stay in URLs only."""
    kb = versus.load(ROOT / "data").knowledge_base
    ids = [source.id for source in kb.of("source")]
    pattern = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, ids)) + r")(?![\w/-])")
    found = []
    for page in _pages(real_site):
        text = visible_text(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(real_site)}: {m.group(1)}" for m in pattern.finditer(text)]
    assert found == [], "\n".join(found[:40])


@pytest.mark.parametrize("folder", ["factors", "scenarios"])
def test_ratings_show_their_confidence_in_words(real_site: Path, folder: str) -> None:
    """Every factor page and every scenario page with its own ratings shows confidence as a symbol
    and a word, and the matrix's legend explains the three levels."""
    kb = versus.load(ROOT / "data").knowledge_base
    words = ("Confirmed", "Reported", "Editors' judgement")
    records = kb.of("factor") if folder == "factors" else [s for s in kb.of("scenario") if s.ratings]
    assert records
    for record in records:
        text = visible_text((real_site / folder / f"{record.id}.html").read_text(encoding="utf-8"))
        assert any(word in text for word in words), record.id
    legend = visible_text((real_site / "matrix.html").read_text(encoding="utf-8"))
    assert all(word in legend for word in words)
