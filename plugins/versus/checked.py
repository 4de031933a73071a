"""The model's records of what machines check: the packages that carry a version claim and the
version itself (`versus verify`), and example snippets with their recorded runs (`versus examples`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Package:
    registry: str  # pypi or npm
    name: str


@dataclass(frozen=True)
class Version:
    latest: str
    line: str | None = None
    released: str | None = None
    checked: str | None = None  # written by `versus verify --write`
    note: str | None = None


def code_digest(code: str) -> str:
    """What a recorded run's `code` holds: the first 12 hex digits of the SHA-256 of the code."""
    return hashlib.sha256(code.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Vary:
    env: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Run:
    """One recorded run of a snippet, written back by `versus examples --write`."""

    date: str
    result: str  # passed, failed or not-run
    code: str | None = None  # sha256 of the code that ran, first 12 hex digits
    variant: str | None = None
    device: str | None = None
    python: str | None = None
    versions: dict[str, str] | None = field(default=None, hash=False, compare=False)
    error: str | None = None


@dataclass(frozen=True)
class Snippet:
    subject: str
    code: str
    language: str | None = None  # None: the site shows it as Python
    note: str | None = None
    requirements: tuple[str, ...] = ()
    gpu: bool | None = None
    vary: Vary | None = None
    ran: tuple[Run, ...] = ()


def snippet_from_data(subject: str, raw: dict[str, Any]) -> Snippet:
    vary = raw.get("vary")
    return Snippet(subject, raw["code"], raw.get("language"), raw.get("note"), tuple(raw.get("requirements") or ()),
                   raw.get("gpu"), Vary(vary["env"], tuple(vary["values"])) if vary else None,
                   tuple(Run(**run) for run in raw.get("ran", ())))
