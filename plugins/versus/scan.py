"""Linear-time scans of record Markdown, for validation's friendly messages and a few filters.

No pattern here backtracks: each function walks the text a bounded number of times, using
`str.find` and regexes whose matches cannot overlap themselves. Safety does not rest on these
(the sanitiser does that, see versus.sanitise); they exist so an editor hears about a problem with
the file, line and fix instead of finding it stripped from the page.
"""

from __future__ import annotations

import html
import re
from typing import Iterator

_TICKS = re.compile(r"`+")
_FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})")
_TAB_NEWLINE = re.compile(r"[\t\n\r]+")
_AUTOLINK_SCHEME = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{0,31}):")
#: After `](` or `]:`: blanks, C0 characters and `<` (a run that holds no `]`, so runs after two
#: openers never overlap), then a scheme in which tabs and line breaks may hide.
_DESTINATION_SCHEME = re.compile(r"\][(:][\x00-\x20<]*([A-Za-z][A-Za-z0-9+.\-\t\n\r]{0,40}):")


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every inline code span, as CommonMark pairs backtick runs: a run opens a
    span closed by the next run of the same length; a run with no such partner is literal."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)]
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last.get(length)
        last[length] = index
    spans = []
    index = 0
    while index < len(runs):
        partner = following[index]
        if partner is None:
            index += 1
            continue
        spans.append((runs[index][0], runs[partner][1]))
        index = partner + 1
    return spans


def without_code(text: str) -> str:
    """The text with fenced code blocks and inline code spans replaced by spaces (same length
    and line breaks, so offsets still point into the original)."""
    out: list[str] = []
    fence: str | None = None
    for line in text.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            out.append(_blank(line))
        elif opened:
            fence = opened.group(1)
            out.append(_blank(line))
        else:
            out.append(line)
    prose = "".join(out)
    pieces, position = [], 0
    for start, end in code_spans(prose):
        pieces += [prose[position:start], _blank(prose[start:end])]
        position = end
    pieces.append(prose[position:])
    return "".join(pieces)


def _blank(piece: str) -> str:
    return re.sub(r"[^\n]", " ", piece)


def link_schemes(prose: str) -> list[str]:
    """Schemes of link destinations (after `](`, after a reference label's `]:`, inside `<...>`),
    read as a browser reads them: entities decoded; leading blanks and C0 characters, and tabs
    and line breaks anywhere, removed (as a URL parser does)."""
    decoded = html.unescape(prose)
    found = [m.group(1).lower() for m in _AUTOLINK_SCHEME.finditer(decoded)]
    found += [_TAB_NEWLINE.sub("", m.group(1)).lower() for m in _DESTINATION_SCHEME.finditer(decoded)]
    return found


def double_brackets(text: str) -> Iterator[tuple[int, int, str]]:
    """Every `[[...]]` on one line with no `]` inside, and every `[[` whose line ends before its
    `]` (so it cannot be a link): (start, end, inner text), left to right,
    not overlapping. Each bracket is looked at a bounded number of times."""
    position = text.find("[[")
    newline: int | None = None  # the end of the line holding `position`, searched for once per line
    while position != -1:
        close = text.find("]", position + 2)
        if newline is None or newline != -1 and newline < position:
            newline = text.find("\n", position)
        if newline != -1 and (close == -1 or newline < close):
            # A link label may not run onto the next line: report it rather than skip it.
            yield position, newline, text[position + 2:newline]
            position = text.find("[[", newline)
            continue
        if close == -1:
            return
        if text.startswith("]]", close):
            yield position, close + 2, text[position + 2:close]
            position = text.find("[[", close + 2)
        else:
            # No link starts before this `]` (or this line's end): skip past it.
            position = text.find("[[", close)
    return


def bracket_work(prose: str) -> int:
    """What Python-Markdown's link parser will spend on this text, in characters read: each `[`
    is read up to its matching `]`, and each link destination `](` up to its matching `)` (or to
    the end of the text when there is none). Unclosed or deeply nested brackets make this grow
    as the square of the length; the validator bounds it."""
    squares: list[int] = []
    parens: list[tuple[int, bool]] = []  # (position, opens a link destination)
    work = 0
    for match in _BRACKET.finditer(prose):
        position, char = match.start(), match.group()
        if prose[position - 1:position] == "\\":
            continue
        if char == "[":
            squares.append(position)
        elif char == "]":
            if squares:
                work += position - squares.pop()
        elif char == "(":
            parens.append((position, prose[position - 1:position] == "]"))
        elif parens:
            opened, is_link = parens.pop()
            if is_link:
                work += position - opened
    length = len(prose)
    work += sum(length - opened for opened in squares)
    work += sum(length - opened for opened, is_link in parens if is_link)
    return work


_BRACKET = re.compile(r"[\[\]()]")


def first_sentence(text: str) -> str:
    """Text up to the first sentence end (., ! or ? then whitespace then a capital, a link or
    emphasis) that is outside brackets and code spans, so a cut never leaves one open."""
    spans = code_spans(text)
    span_index = 0
    depth = 0
    index = 0
    while index < len(text):
        if span_index < len(spans) and index == spans[span_index][0]:
            index = spans[span_index][1]
            span_index += 1
            continue
        char = text[index]
        if char in "[(":
            depth += 1
        elif char in "])":
            depth = max(0, depth - 1)
        elif char in ".!?" and depth == 0:
            rest = index + 1
            while rest < len(text) and text[rest] in " \t\n":
                rest += 1
            if rest > index + 1 and rest < len(text) and (text[rest].isupper() or text[rest] in "[`*"):
                return text[: index + 1]
        index += 1
    return text
