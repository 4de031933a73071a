"""Change values in a data file in place, keeping everything else byte for byte.

ruamel.yaml's round-trip mode keeps comments, key order, quoting, flow lists and block scalars;
with this project's layout (two-space mappings, lists indented four with the dash at two) every
file under data/ loads and dumps back unchanged, which a test checks. Writes are atomic: a
temporary file in the same folder replaces the original, so a failure never leaves half a file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from pathlib import Path
from typing import Any, Sequence

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

Key = str | int


class EditError(Exception):
    """The file does not have the shape the edit expects (it changed since it was validated)."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def round_trip(text: str) -> str:
    """Load and dump without changes (what a no-op edit writes)."""
    yaml = _yaml()
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    return out.getvalue()


def plain_to_yaml(value: Any) -> Any:
    """Python values as ruamel should write them: ISO date strings as unquoted dates."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = plain_to_yaml(item)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(plain_to_yaml(item) for item in value)
        if all(not isinstance(item, (dict, list)) for item in value):
            seq.fa.set_flow_style()  # short lists of words stay on one line: [jax, flax]
        return seq
    return value


def _set(root: Any, path: Sequence[Key], value: Any, after: Sequence[str]) -> None:
    node = root
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            raise EditError(f"no {'.'.join(map(str, path[:-1]))} to edit") from None
    last = path[-1]
    if not isinstance(node, CommentedMap) or last in node:
        node[last] = value
        return
    position = len(node)
    keys = list(node.keys())
    for anchor in after:  # insert after the first of these keys that exists, else at the end
        if anchor in node:
            position = keys.index(anchor) + 1
            break
    node.insert(position, last, value)


def edit_text(text: str, changes: Sequence[tuple[Sequence[Key], Any, Sequence[str]]]) -> str:
    """`text` with each (path, value, insert-after keys) change applied."""
    yaml = _yaml()
    root = yaml.load(text)
    for path, value, after in changes:
        _set(root, path, plain_to_yaml(value), after)
    out = io.StringIO()
    yaml.dump(root, out)
    return out.getvalue()


def write_atomic(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def edit_file(path: Path, changes: Sequence[tuple[Sequence[Key], Any, Sequence[str]]]) -> bool:
    """Apply the changes to the file; True when its text changed."""
    text = path.read_text(encoding="utf-8")
    new = edit_text(text, changes)
    if new == text:
        return False
    write_atomic(path, new)
    return True
