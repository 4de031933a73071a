"""Validation: the schema, then the rules a schema cannot express.

`validate_records` reports every problem at once and never raises for bad data. Semantic rules
run on records that passed their schema, so each rule can trust the shape of what it reads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Iterable

from . import scan
from .diagnostics import Report
from .kinds import KIND_BY_NAME, closest
from .links import references
from .load import ID_PATTERN, RawRecord
from .schema import check_record, iter_leaves

# Linear scans only (see versus.scan): text is bounded by the file limit, and no pattern here
# can backtrack. Each runs on the text with code blocks and code spans blanked out.
_HTML_TAG = re.compile(r"<[/!?]?[A-Za-z]")
_ATTRIBUTE_LIST = re.compile(r"\{[ \t]*[:#.]|\{[^{}\n]*=")
_IMAGE = re.compile(r"!\[")
#: Python-Markdown reads each `[` up to its matching `]` (and each `](` up to its `)`): unclosed
#: or deeply nested brackets make a page take minutes to render. Ordinary text, however many links
#: it holds, reads each character a few times at most; this allows that plus a fixed margin.
MAX_BRACKET_WORK = 20_000
#: Questions on one path through a decision tree.
MAX_TREE_DEPTH = 32
_SAFE_SCHEMES = {"http", "https", "mailto"}
#: Every check of `_check_prose` needs one of these characters (a tag or an autolink `<`, an
#: attribute list `{`, an image or a link `[` `]`, an entity that could spell any of them `&`):
#: text without them (most of it) is not scanned at all.
_MAY_NEED_A_LOOK = re.compile(r"[<{\[\]&]")


def validate_records(records: list[RawRecord], report: Report, today: dt.date | None = None,
                     known: set[tuple[str, str]] = frozenset()) -> list[RawRecord]:
    """Check every record; return those that passed their schema (the others are reported).

    `known` holds (kind, id) of record files that exist but could not be loaded; references to
    them count as resolved, since their own file already carries the error.
    """
    today = today or dt.date.today()
    index = _index(records, report)
    for kind, record_id in known:
        index[kind].setdefault(record_id, None)
    valid = []
    for record in records:
        leaves = list(iter_leaves(record.data, record.kind))  # walked once, read by both checks below
        # The checks of one file alone are kept on the record: a record reused from a load memo
        # (versus.load.load_dir) is not checked again.
        local = record.local_checks
        if local is not None and local[0] == today:
            passed = local[1]
            report.items.extend(local[2])
        else:
            start = len(report.items)
            passed = check_record(record, report)
            # This reads only strings, so it is safe on records that failed their schema too.
            _check_strings(record, report, today, leaves)
            record.local_checks = (today, passed, tuple(report.items[start:]))
        if passed:
            valid.append(record)
        _check_references(record, index, report, leaves)
    for record in valid:
        if record.kind == "factor":
            _check_factor(record, index, report)
        elif record.kind == "decision":
            _check_tree(record, report)
    return valid


def _at(report: Report, record: RawRecord, path: tuple, rule: str, message: str, *, key: bool = False) -> None:
    pos = record.where(path, key=key)
    report.add(record.file, pos.line, pos.col, rule, message)


def _index(records: Iterable[RawRecord], report: Report) -> dict[str, dict[str, RawRecord]]:
    """kind -> id -> record; a second file with the same id is a duplicate."""
    index: dict[str, dict[str, RawRecord]] = defaultdict(dict)
    for record in records:
        first = index[record.kind].get(record.id)
        if first is not None:
            report.add(record.file, 1, 1, "duplicate-id",
                       f"{record.kind} id '{record.id}' is already used by {first.file}")
            continue
        index[record.kind][record.id] = record
        _check_page_path(record, report)
    return index


def _check_page_path(record: RawRecord, report: Report) -> None:
    """Ids that would give two pages one address: `index` (the kind's list) and subject ids with a
    `vs` word, which make pair pages ambiguous (`a` + `b-vs-c` and `a-vs-b` + `c`)."""
    folder = KIND_BY_NAME[record.kind].folder if record.kind in KIND_BY_NAME else record.kind
    if record.id == "index":
        report.add(record.file, 1, 1, "page-clash", f"id 'index' is reserved: its page would replace {folder}/index.md")
    elif record.kind == "subject" and "vs" in record.id.split("-"):
        report.add(record.file, 1, 1, "page-clash", f"subject id '{record.id}' contains the word 'vs': "
                   "pair pages (compare/A-vs-B) could then share an address")


def parse_date(text: str) -> dt.date:
    """The first day of a YYYY, YYYY-MM or YYYY-MM-DD date; ValueError if it does not exist."""
    parts = [int(p) for p in text.split("-")]
    return dt.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))


def _check_strings(record: RawRecord, report: Report, today: dt.date, leaves: list) -> None:
    """Dates are real and not in the future; text carries no raw HTML and no unsafe link."""
    for path, value, schema, is_key in leaves:
        if not isinstance(value, str) or is_key:
            continue
        if value.startswith("FILL IN"):
            _at(report, record, path, "unfilled", f"'{'.'.join(map(str, path))}' still says '{value}'")
            continue
        if schema.get("x-date"):
            try:
                day = parse_date(value)
            except ValueError:
                _at(report, record, path, "bad-date", f"'{value}' is not a real date")
                continue
            if day > today:
                _at(report, record, path, "future-date", f"'{value}' is in the future (today is {today.isoformat()})")
        elif not schema.get("x-code") and not schema.get("x-ref") and _MAY_NEED_A_LOOK.search(value):
            _check_prose(record, path, value, report)


def _check_prose(record: RawRecord, path: tuple, value: str, report: Report) -> None:
    """Raw HTML, attribute lists, images and unsafe links, outside code; text the renderer
    would choke on. Friendly messages only: the sanitiser is what keeps pages safe."""
    prose = scan.without_code(value)
    tag = _HTML_TAG.search(prose)
    if tag:
        shown = prose[tag.start():tag.start() + 24].split(">")[0].split()[0]
        _at(report, record, path, "raw-html", f"raw HTML '{shown}' is not allowed in text")
    if _ATTRIBUTE_LIST.search(prose):
        _at(report, record, path, "raw-html", "attribute lists such as '{ .class }' are not allowed in text")
    if _IMAGE.search(prose):
        _at(report, record, path, "unsafe-url", "images are not allowed in text: pages load nothing from other hosts")
    for scheme in dict.fromkeys(scan.link_schemes(prose)):
        if scheme not in _SAFE_SCHEMES:
            _at(report, record, path, "unsafe-url", f"link scheme '{scheme}:' is not allowed")
    if scan.bracket_work(prose) > MAX_BRACKET_WORK + 4 * len(prose):
        _at(report, record, path, "text-complexity",
            "too many unclosed or deeply nested '[' brackets: close each one, or escape it as '\\['")


def _check_references(record: RawRecord, index: dict, report: Report, leaves: list) -> None:
    refs, malformed = references(record.data, record.kind, leaves)
    record.references = refs
    for bad in malformed:
        _at(report, record, bad.path, "broken-ref", f"'{bad.text}' is not a link; write [[kind:id]] or [[kind:id|label]]"
            + ("" if bad.text.endswith("]]") else ", closed on the line where it opens"))
    for ref in refs:
        if ref.id.startswith("FILL IN") or not ID_PATTERN.match(ref.id):
            continue  # a badly formed reference: the schema has reported it already
        if ref.kind not in KIND_BY_NAME:
            guess = closest(ref.kind, KIND_BY_NAME)
            _at(report, record, ref.path, "broken-ref", f"unknown kind '{ref.kind}' in '{ref.typed}'"
                + (f"; did you mean '{guess}'?" if guess else ""), key=ref.is_key)
            continue
        targets = index.get(ref.kind, {})
        if ref.id not in targets:
            guess = closest(ref.id, targets)
            _at(report, record, ref.path, "broken-ref", f"no {ref.kind} with id '{ref.id}'"
                + (f"; did you mean '{guess}'?" if guess else f" (add data/{KIND_BY_NAME[ref.kind].folder}/{ref.id}.yaml)"),
                key=ref.is_key)


def _check_factor(record: RawRecord, index: dict, report: Report) -> None:
    ratings = record.data["ratings"]
    missing = [s for s in sorted(index.get("subject", {})) if s not in ratings]
    if missing:
        _at(report, record, ("ratings",), "missing-rating",
            f"'ratings' has no entry for: {', '.join(missing)}", key=True)
    for position, winner in enumerate(record.data["verdict"]["winners"]):
        entry = ratings.get(winner)
        if entry is None:
            _at(report, record, ("verdict", "winners", position), "bad-verdict", f"winner '{winner}' is not rated in 'ratings'")
        elif entry.get("rating") == "unknown":
            _at(report, record, ("verdict", "winners", position), "bad-verdict", f"winner '{winner}' is rated 'unknown'")


def _check_tree(record: RawRecord, report: Report) -> None:
    questions: dict = record.data["questions"]
    outcomes: dict = record.data["outcomes"]
    for clash in sorted(set(questions) & set(outcomes)):
        _at(report, record, ("outcomes", clash), "tree-id-clash", f"'{clash}' is both a question and an outcome", key=True)
    start = record.data["start"]
    if start not in questions:
        guess = closest(start, questions)
        _at(report, record, ("start",), "tree-start", f"start '{start}' is not a question of this tree"
            + (f"; did you mean '{guess}'?" if guess else ""))
        return
    edges: dict[str, list[tuple[str, tuple]]] = {}
    for qid, question in questions.items():
        edges[qid] = []
        for n, answer in enumerate(question["answers"]):
            path = ("questions", qid, "answers", n, "goto")
            target = answer["goto"]
            if target in questions or target in outcomes:
                edges[qid].append((target, path))
            else:
                guess = closest(target, list(questions) + list(outcomes))
                _at(report, record, path, "tree-ref", f"goto '{target}' is neither a question nor an outcome here"
                    + (f"; did you mean '{guess}'?" if guess else ""))
    # Depth-first walk from the start: grey nodes are on the current path, so an edge back to
    # one closes a cycle. Iterative, so a huge tree cannot exhaust the stack.
    # The stack's height is how deeply the tree's overview nests: bounded, so pages stay usable.
    colour: dict[str, str] = {start: "grey"}
    stack = [(start, iter(edges[start]))]
    too_deep = False
    while stack:
        node, children = stack[-1]
        for target, path in children:
            if target in outcomes:
                colour.setdefault(target, "black")
            elif colour.get(target) == "grey":
                _at(report, record, path, "tree-cycle", f"goto '{target}' loops back to an earlier question")
            elif target not in colour:
                colour[target] = "grey"
                stack.append((target, iter(edges[target])))
                if len(stack) > MAX_TREE_DEPTH and not too_deep:
                    too_deep = True
                    _at(report, record, path, "tree-depth",
                        f"goto '{target}' is question {len(stack)} on one path; at most {MAX_TREE_DEPTH} are allowed")
                break
        else:
            colour[node] = "black"
            stack.pop()
    for group, items in (("questions", questions), ("outcomes", outcomes)):
        for node_id in items:
            if node_id not in colour:
                _at(report, record, (group, node_id), "tree-unreachable",
                    f"{group[:-1]} '{node_id}' cannot be reached from '{start}'", key=True)
