"""Segmented Markdown conversion for `mkdocs serve`: a drop-in for MkDocs 1.6's
`Page.render(config, files)` that converts a generated page one top-level section at a time and
keeps each section's HTML, so an edit to one section of a large page converts only that section.

A page is cut before every `## ` or `<div` line at column 0 that follows a blank line and lies
outside a fenced code block (`split`): before each top-level section, and before each raw HTML
block that starts with a `<div` (a long ratings grid comes in such blocks, a part each). Each
segment is converted on its own, with the same extensions and the same four MkDocs processors as
`Page.render`, and kept under (page, segment text, the counters it starts from). Joining the
segments gives the page exactly what `Page.render` would have given it: `content` (the
segments' HTML joined with "\\n", as Markdown joins top-level elements, then stripped), `toc`
(the headings of all segments nested again by Markdown's own `nest_toc_tokens`, then
`mkdocs.structure.toc.get_toc`), `_title_from_render` (from the first segment that has any
element), `present_anchor_ids` (the union) and `links_to_anchors` (merged in document order;
keyed by this build's File objects).

What makes a segment depend on the rest of the page, and what is done about it:

- Counters: pymdownx.tabbed numbers tab sets (`__tabbed_N_M`) and pymdownx.highlight numbers
  code blocks across the document. A segment starts from the counters the segments before it
  ended with; they are part of its cache key, so its HTML is the whole document's.
- Heading ids are made unique across the document (`_1` suffixes): whole-page conversion when
  an id appears in two segments. That is enough: Markdown gives a heading the first of `x`,
  `x_1`, `x_2`... not yet taken; in its segment fewer ids are taken than in the whole document,
  so the two differ only if the id it got in its segment is taken in another segment.
- Reference-style link definitions, footnotes and abbreviations are read from the whole
  document: whole-page conversion when any segment defines one.
- A `[TOC]` marker (the toc extension's `marker`) is replaced by the whole document's table of
  contents, and tabbed's `slugify` makes tab ids unique across it: whole-page conversion.
- Raw HTML blocks may span blank lines, and Markdown's HTML parser looks ahead for the end of
  a comment or tag: whole-page conversion when the parser ends a segment (other than the last)
  inside a raw block, or the segment leaves a comment, CDATA section or `<` open.
- Fenced code may hold `## ` lines: `split` does not cut inside a fence as it reads them, and
  whole-page conversion follows when a segment (other than the last) still has a fence line at
  column 0 after the fenced-code preprocessor ran (a fence it could not close), or when another
  extension replaced Markdown's HTML block preprocessor (the check runs inside it).
- The title is the first element of the document if it is an h1; only the first segment with
  any element can give one (every later segment starts with an h2 or a raw HTML block).
- Extensions other than those named in `KNOWN` keep state this module does not know: every
  page is converted whole.
- A segment whose conversion made MkDocs log something about the page (a broken link) is not
  kept, so the message is logged again on the next build.
- A page with a single segment gains nothing from the cache and is converted whole.

The cache is a plain dict (`ServeCache.segments`), emptied when the site's files or the
Markdown settings change. Adapter side: imports Markdown and MkDocs; the engine never imports it.
"""

from __future__ import annotations

import logging
import re
import warnings

import markdown
from markdown.extensions.toc import nest_toc_tokens
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc
from msgspec import Struct

#: Page.render as MkDocs defines it (not as a plugin may have replaced it on a page).
WHOLE = mkdocs_pages.Page.render

#: Extensions whose cross-document state is handled above.
KNOWN = {"toc", "tables", "fenced_code", "admonition", "attr_list", "def_list", "md_in_html", "abbr", "footnotes",
         "pymdownx.details", "pymdownx.highlight", "pymdownx.superfences", "pymdownx.tabbed"}

_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_FENCE_AT_START = re.compile(r"`{3,}|~{3,}")  # a fence the fenced-code preprocessor left: it has no end
_CUT_BEFORE = ("## ", "<div")  # a top-level section, a top-level raw HTML block (a grid's part)
_TAG_OPEN = re.compile(r"<[a-zA-Z/!?]")  # what Python's HTML parser takes for the start of markup
_STAMP, _STATS = ("stamp",), ("stats",)  # keys of the cache besides the pages' src_uri


def split(text: str) -> list[str]:
    """The page's Markdown cut before each top-level `## ` heading and `<div` line outside fenced
    code. Joined with "\\n", the segments give the text back."""
    lines = text.split("\n")
    cuts, fence = [0], None
    for number, line in enumerate(lines):
        if fence is not None:
            match = _FENCE.match(line)
            if match and match.group(1).startswith(fence) and not line[match.end():].strip():
                fence = None
        elif (match := _FENCE.match(line)) is not None:
            fence = match.group(1)
        elif line.startswith(_CUT_BEFORE) and number and not lines[number - 1].strip():
            cuts.append(number)
    cuts.append(len(lines))
    return ["\n".join(lines[a:b]) for a, b in zip(cuts, cuts[1:]) if b > a]


class Segment(Struct, frozen=True):
    """What converting one segment gave."""
    html: str  # after the postprocessors, before Markdown's final strip
    tokens: tuple  # the toc's heading tokens, flat, in document order
    title: str | None
    elements: int  # top-level elements
    ids: frozenset  # ids (and <a name>) of the element tree, after every treeprocessor
    anchors: frozenset  # what MkDocs records as the segment's anchors
    links: tuple  # (target src_uri, anchor, original link), in order
    counters: tuple | None  # the counters after this segment (None: as in a fresh document)
    closed: bool  # no raw HTML block, comment, tag or code fence left open at the end
    defines: bool  # defines a reference, footnote or abbreviation


class _Recorder(Treeprocessor):
    """Runs last: records the element tree's ids and top-level elements."""

    def run(self, root):
        self.elements = len(root)
        self.ids = [el.get("id") for el in root.iter() if el.get("id")]
        self.ids += [el.get("name") for el in root.iter("a") if el.get("name")]


class _Output(Postprocessor):
    """Runs last: keeps the HTML before Markdown strips it (a segment's edges are inside the page)."""

    def run(self, text):
        self.text = text
        return text


def _checked_html_block(md: markdown.Markdown):
    """Markdown's HTML block preprocessor, which also records whether the parser ended outside
    any raw block; None if another extension replaced it."""
    from markdown import preprocessors
    from markdown.extensions import md_in_html
    from markdown.htmlparser import HTMLExtractor

    kinds = {preprocessors.HtmlBlockPreprocessor: HTMLExtractor,
             md_in_html.HtmlBlockPreprocessor: md_in_html.HTMLExtractorExtra}
    extractor = kinds.get(type(md.preprocessors["html_block"]))
    if extractor is None:
        return None

    class Checked(preprocessors.Preprocessor):
        def run(self, lines):  # as HtmlBlockPreprocessor.run, with the check before `close`
            parser, source = extractor(self.md), "\n".join(lines)
            parser.feed(source)
            self.closed = not (parser.inraw or parser.intail or parser.stack or parser.rawdata or parser._cache
                               or parser.cdata_elem or getattr(parser, "mdstack", None) or _unclosed(source)
                               or any(map(_FENCE_AT_START.match, lines)))
            parser.close()
            return "".join(parser.cleandoc).split("\n")

    return Checked(md)


def _unclosed(source: str) -> bool:
    """A comment, CDATA section or tag left open: the parser looks for its end in the text that
    follows, which in the whole page is the next segment."""
    tags = list(_TAG_OPEN.finditer(source))
    return (bool(tags) and tags[-1].start() > source.rfind(">")) or any(
        source.rfind(opening) > source.rfind(closing) for opening, closing in (("<!--", "-->"), ("<![CDATA[", "]]>")))


class _Converter:
    """One Markdown instance for a page, set up as `Page.render` sets it up, reset per segment."""

    def __init__(self, page, config, files):
        md = self.md = markdown.Markdown(extensions=config["markdown_extensions"],
                                         extension_configs=config["mdx_configs"] or {})
        self.raw = mkdocs_pages._RawHTMLPreprocessor()
        self.raw._register(md)
        self.anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        self.anchors._register(md)
        self.relpath = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        self.relpath._register(md)
        self.title = mkdocs_pages._ExtractTitleTreeprocessor()
        self.title._register(md)
        self.recorder, self.output, self.html = _Recorder(md), _Output(md), _checked_html_block(md)
        md.treeprocessors.register(self.recorder, "versus_segment", -100)
        md.postprocessors.register(self.output, "versus_segment", -100)
        if self.html is not None:
            md.preprocessors.register(self.html, "html_block", 20)
        # The counters that run across a document: tab sets (tabbed) and code blocks (highlight).
        self.slots = [(ext.tab_processor, "tab_group_count") if hasattr(ext, "tab_processor") else
                      (ext, "pygments_code_block") for ext in md.registeredExtensions
                      if hasattr(ext, "tab_processor") or hasattr(ext, "pygments_code_block")]

    def counters(self) -> tuple:
        return tuple(getattr(owner, name) for owner, name in self.slots)

    def set_counters(self, counters: tuple) -> None:
        for (owner, name), value in zip(self.slots, counters):
            setattr(owner, name, value)

    def defines(self) -> bool:
        if self.md.references:
            return True
        for ext in self.md.registeredExtensions:
            if getattr(ext, "footnotes", None) or (hasattr(ext, "glossary") and ext.abbrs != ext.glossary):
                return True
        return False

    def convert(self, text: str, counters: tuple | None) -> Segment:
        """The segment's HTML and more, starting from these counters (None: a fresh document's)."""
        md = self.md
        md.reset()
        if counters is not None:
            self.set_counters(counters)
        self.anchors.present_anchor_ids, self.relpath.links_to_anchors, self.title.title = set(), {}, None
        self.raw.present_anchor_ids, self.output.text = set(), ""
        if not text.strip():  # Markdown returns "" without running any processor
            return Segment("", (), None, 0, frozenset(), frozenset(), (), counters, True, False)
        md.convert(text)
        rec = self.recorder
        tokens, stack = [], list(reversed(getattr(md, "toc_tokens", [])))
        while stack:  # the nested tokens, flat again in document order
            token = stack.pop()
            tokens.append({k: v for k, v in token.items() if k != "children"})
            stack.extend(reversed(token["children"]))
        links = tuple((file.src_uri, anchor, url) for file, anchors in self.relpath.links_to_anchors.items()
                      for anchor, url in anchors.items())
        anchors = frozenset(self.anchors.present_anchor_ids | self.raw.present_anchor_ids)
        return Segment(self.output.text, tuple(tokens), self.title.title, rec.elements, frozenset(rec.ids), anchors,
                       links, self.counters(), self.html is not None and self.html.closed, self.defines())


def _unsupported(page, config) -> str | None:
    if page.markdown is None:
        return "not read"  # Page.render says so
    names = [ext if isinstance(ext, str) else type(ext).__module__ for ext in config["markdown_extensions"]]
    if any(name.removeprefix("markdown.extensions.") not in KNOWN for name in names):
        return "extension"
    mdx = config["mdx_configs"] or {}
    if (mdx.get("pymdownx.tabbed") or {}).get("slugify"):
        return "tab slugs"
    marker = (mdx.get("toc") or {}).get("marker", "[TOC]")
    if marker and marker in page.markdown:
        return "toc marker"
    return None


def _conflict(segments: list[Segment]) -> str | None:
    """Why joining these segments would not give the whole page's HTML, if it would not."""
    if any(seg.defines for seg in segments):
        return "definitions"
    if not all(seg.closed for seg in segments[:-1]):
        return "left open"
    seen: set = set()
    for seg in segments:
        if seen & seg.ids:
            return "duplicate id"
        seen |= seg.ids
    return None


def _stamp(page, config, files) -> tuple:
    """What a segment's HTML depends on besides its text: the files and the Markdown settings."""
    site = tuple((f.src_uri, f.url, f.inclusion) for f in files)
    return (site, repr(config["markdown_extensions"]), repr(config["mdx_configs"]), config.use_directory_urls,
            repr(config.validation))


def render(page, config, files, cache: dict) -> None:
    """Convert `page.markdown` as `Page.render(config, files)` would, reusing the segments of
    the page kept in `cache` from a previous call."""
    stats = cache.setdefault(_STATS, {})
    reason = _unsupported(page, config)
    texts = split(page.markdown) if reason is None else []
    if reason is None and len(texts) < 2:
        reason = "one segment"
    if reason is not None:
        stats[reason] = stats.get(reason, 0) + 1
        return WHOLE(page, config, files)
    if cache.get(_STAMP, (None, None))[0] is not files:  # once per build: the files are new then
        stamp = _stamp(page, config, files)
        if cache.get(_STAMP, (None, None))[1] != stamp:
            cache.clear()
            cache[_STATS] = stats
        cache[_STAMP] = (files, stamp)
    kept, used = cache.get(page.file.src_uri, {}), {}
    converter, segments, counters = None, [], None
    for text in texts:
        key = (page.file.url, text, counters)
        segment = kept.get(key)
        if segment is None:
            converter = converter or _Converter(page, config, files)
            with _Logged() as logged:
                segment = converter.convert(text, counters)
            stats["converted"] = stats.get("converted", 0) + 1
            if not logged.records:
                used[key] = segment
        else:
            stats["reused"] = stats.get("reused", 0) + 1
            used[key] = segment
        segments.append(segment)
        counters = segment.counters
    cache[page.file.src_uri] = used
    reason = _conflict(segments)
    if reason is not None:
        stats[reason] = stats.get(reason, 0) + 1
        return WHOLE(page, config, files)
    _join(page, files, segments)


def _join(page, files, segments: list[Segment]) -> None:
    page.content = "\n".join(seg.html for seg in segments if seg.elements).strip()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        page.toc = get_toc(nest_toc_tokens([dict(token) for seg in segments for token in seg.tokens]))
    page._title_from_render = next((seg.title for seg in segments if seg.elements), None)
    page.present_anchor_ids = set().union(*(seg.anchors for seg in segments))
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        links: dict = {}
        for seg in segments:
            for uri, anchor, url in seg.links:
                links.setdefault(files.get_file_from_path(uri), {}).setdefault(anchor, url)
        page.links_to_anchors = links


class _Logged(logging.Handler):
    """Records what MkDocs logs about the page while a segment is converted."""

    def __enter__(self):
        self.records = []
        mkdocs_pages.log.addHandler(self)
        return self

    def __exit__(self, *exc):
        mkdocs_pages.log.removeHandler(self)

    def emit(self, record):
        self.records.append(record)
