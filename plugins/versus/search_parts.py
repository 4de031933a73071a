"""Material's search index under `mkdocs serve`, made as Material makes it, but parsing only the
parts of a page's HTML that changed since the previous build.

Material's `SearchIndex.add_entry_from_context(page)` feeds the page's HTML to its `Parser`,
which cuts it into sections at headings, and adds an entry per section. `install` replaces that
method on one build's index (the instance only) with one that gives the same entries:

- The HTML is cut before each line that starts with `<h2` or `<div` (where versus.segments cuts
  the Markdown: top-level sections, and the parts of a long ratings grid).
- Each part is parsed by Material's own `Parser`, started from the state the parser is in where
  the part begins, reduced to what the parser reads of it. Where a part ends at the top level (no
  element open, nothing left unparsed, no element excluded from search still open), the parser
  reads only this of the section it is in: the heading's tag, its depth, whether its text and
  title are empty or end in whitespace, and which kept tags (`<p>`, `<li>`...) they hold (on a
  closing tag the parser looks back for the first opening one, and always finds text after it).
  A stand-in section with exactly those properties starts the part's parser; what the part adds
  to it goes to the real section, and the sections the part opens follow.
- Parts are kept between builds under their HTML and that starting state (`cache`, one dict per
  page). A part that does not end at the top level is parsed on with the parts after it, in one
  parser, until one does (and is then not kept).

`tests/test_search_parts.py` compares the entries with Material's own on every page of the real
site and of a ten-times synthetic one, before and after an edit, and on HTML made for each case
above. Adapter side: Material is reached through the index it made, never imported.
"""

from __future__ import annotations

import copy
import re
import sys
from typing import Any

_CUT = re.compile(r"\n(?=<(?:h2|div)[\s>])")


def install(index: Any, cache: dict) -> bool:
    """Make `index.add_entry_from_context` parse by parts, with `cache` (kept between builds,
    emptied by the caller when the site's settings change). False when the index is not
    Material's as this module knows it."""
    module = sys.modules.get(type(index).__module__)
    if not all(hasattr(module, name) for name in ("Parser", "Section", "Element")) or not hasattr(
            index, "create_entry_for_section"):
        return False
    keep = frozenset(module.Parser().keep)

    def add_entry_from_context(page) -> None:
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        kept = cache.get(page.file.src_uri, {})
        used: dict = {}
        for section in sections(page.content, module, keep, kept, used):
            if not section.is_excluded():
                index.create_entry_for_section(section, page.toc, page.url, page)
        cache[page.file.src_uri] = used

    index.add_entry_from_context = add_entry_from_context
    return True


def split(html: str) -> list[str]:
    """The HTML cut before each line that starts with `<h2` or `<div`; joined, the parts give it back."""
    cuts = [0, *(match.start() + 1 for match in _CUT.finditer(html)), len(html)]
    return [html[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def _marker(items: list[str], keep: frozenset) -> tuple[str, ...]:
    """A stand-in for a section's text (or title) that the parser treats as it treats `items`."""
    out: list[str] = []
    for tag in sorted(keep):
        if f"<{tag}>" in items:
            out += [f"<{tag}>", "x"]
    if items:
        out.append(" " if items[-1].isspace() else "x")
    return tuple(out)


def _state(section, keep) -> tuple | None:
    """What the parser reads of the section it is in, where a part starts (None: nothing yet)."""
    if section is None:
        return None
    return section.el.tag, section.depth, _marker(section.text, keep), _marker(section.title, keep)


def _clean(parser) -> bool:
    """At the top level: no element open, nothing left unparsed, no element excluded still open."""
    return (not parser.context and not parser.rawdata and parser.cdata_elem is None
            and len(parser.skip) == 3 and all(type(item) is str for item in parser.skip))


class _Parsed:
    """What parsing a part gave: the text and title it added to the section it started in, the
    sections it opened, and which section is current at its end (-1: the one it started in)."""

    def __init__(self, text: list, title: list, opened: list, current: int) -> None:
        self.text, self.title, self.opened, self.current = text, title, opened, current


def _parse(parts: list[str], state: tuple | None, module) -> tuple[_Parsed, int, bool]:
    """Parse parts from the first until one ends at the top level (or the last); returns what
    they gave, how many were parsed and whether the last ends at the top level."""
    parser = module.Parser()
    stand_in = None
    if state is not None:
        tag, depth, text, title = state
        stand_in = module.Section(module.Element(tag), depth)
        stand_in.text, stand_in.title = list(text), list(title)
        parser.data, parser.section = [stand_in], stand_in
    count, clean = 0, False
    for part in parts:
        parser.feed(part)
        count += 1
        clean = _clean(parser)
        if clean:
            break
    else:
        parser.close()
    opened = parser.data[1:] if stand_in is not None else parser.data
    current = -1 if parser.section is stand_in or parser.section is None else next(
        i for i, section in enumerate(opened) if section is parser.section)
    if stand_in is None:
        return _Parsed([], [], opened, current), count, clean
    return _Parsed(stand_in.text[len(state[2]):], stand_in.title[len(state[3]):], opened, current), count, clean


def sections(html: str, module, keep: frozenset, kept: dict, used: dict) -> list:
    """The page's sections as Material's parser gives them, parsing only parts not in `kept`
    (the page's parts of the previous build); the parts used go into `used`."""
    out: list = []
    current = None  # the section the parser is in where the next part starts
    parts = split(html)
    index = 0
    while index < len(parts):
        key = (parts[index], _state(current, keep))
        parsed, count, clean = kept.get(key), 1, True
        if parsed is None:
            parsed, count, clean = _parse(parts[index:], key[1], module)
        if count == 1 and clean:  # parsed alone, from this state, it always gives the same
            used[key] = parsed
        if current is not None:
            current.text.extend(parsed.text)
            current.title.extend(parsed.title)
        opened = [_copy(section) for section in parsed.opened]
        out.extend(opened)
        if parsed.current >= 0:
            current = opened[parsed.current]
        index += count
    return out


def _copy(section):
    made = copy.copy(section)
    made.text, made.title = list(section.text), list(section.title)
    return made
