"""What the command line prints goes through here: data reaches terminals and CI logs as text
only. Control characters are removed (no escape sequences, no bell, no carriage return that
overwrites a line), and a line that would start a CI workflow command (`::error::`) is broken.
"""

from __future__ import annotations

import re
import sys

#: C0 and C1 control characters (ESC, BEL, CR, ...) but tab and newline; and Unicode line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
#: A line a CI runner would read as a command (`::error::`, `::add-mask::`): leading blanks are
#: ignored by the runner, so they are here too.
_WORKFLOW_COMMAND = re.compile(r"^(\s*):(?=:)", re.M)


def clean(text: str) -> str:
    """Text made safe to print: control characters removed (no terminal escape sequences, no
    bell), and every line that would start a CI workflow command broken with a zero-width space."""
    return _WORKFLOW_COMMAND.sub("\\1:\u200b", _CONTROL.sub("", text))


def echo(text: str = "", *, err: bool = False, end: str = "\n", command: bool = False) -> None:
    """Print through `clean`. `command=True` is for the annotation lines this tool means to
    send to GitHub (`--format github`): their own leading `::` is kept, the rest is cleaned."""
    stream = sys.stderr if err else sys.stdout
    if command and text.startswith("::"):
        print("::" + clean(text[2:]).replace("\n", "%0A"), file=stream, end=end)
    else:
        print(clean(text), file=stream, end=end)


def one_line(text: str) -> str:
    """A diagnostic stays one line, whatever line breaks the data it quotes holds."""
    return " ".join(text.splitlines())
