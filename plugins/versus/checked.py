"""The model's records of what machines check: the packages that carry a version claim and the
version itself (`versus verify`), and example snippets with their recorded runs (`versus examples`).
"""

from __future__ import annotations

import hashlib
from typing import Any

from msgspec import Struct


class Package(Struct, frozen=True):
    registry: str  # pypi or npm
    name: str


class Version(Struct, frozen=True):
    latest: str
    line: str | None = None
    released: str | None = None
    checked: str | None = None  # written by `versus verify --write`
    note: str | None = None


def code_digest(code: str) -> str:
    """What a recorded run's `code` holds: the first 12 hex digits of the SHA-256 of the code."""
    return hashlib.sha256(code.encode("utf-8")).hexdigest()[:12]


class Vary(Struct, frozen=True):
    env: str
    values: tuple[str, ...]


class Run(Struct, frozen=True):
    """One recorded run of a snippet, written back by `versus examples --write`."""

    date: str
    result: str  # passed, failed or not-run
    code: str | None = None  # sha256 of the code that ran, first 12 hex digits
    variant: str | None = None
    device: str | None = None
    python: str | None = None
    versions: dict[str, str] | None = None
    error: str | None = None


class Snippet(Struct, frozen=True):
    subject: str
    code: str
    language: str | None = None  # as written; `code_language` falls back to the example's
    note: str | None = None
    requirements: tuple[str, ...] = ()
    gpu: bool | None = None
    vary: Vary | None = None
    ran: tuple[Run, ...] = ()
    example_language: str | None = None  # the example's `language`, for snippets that name none

    @property
    def code_language(self) -> str:
        """The language it is written in (validation guarantees one)."""
        return self.language or self.example_language or ""


def snippet_from_data(subject: str, raw: dict[str, Any], language: str | None = None) -> Snippet:
    vary = raw.get("vary")
    return Snippet(subject, raw["code"], raw.get("language"), raw.get("note"), tuple(raw.get("requirements") or ()),
                   raw.get("gpu"), Vary(vary["env"], tuple(vary["values"])) if vary else None,
                   tuple(Run(**run) for run in raw.get("ran", ())), language)
