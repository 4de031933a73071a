"""What the package registries say: the newest final release of a package and its date.

PyPI answers `/pypi/NAME/json`, whose `releases` map holds every version with the upload time of
each file; the newest release is the highest version (by `packaging`'s rules) that is neither a
pre-release nor fully yanked. It is never filtered by the local Python: a release that needs a
newer Python than this machine's is still the newest release. npm answers
`registry.npmjs.org/NAME`; its `latest` dist-tag is the registry's own answer.

Lookups run concurrently with timeouts, and answers are cached on disk outside the project
(`$XDG_CACHE_HOME/versus/registry`, default `~/.cache/versus/registry`) for a short time.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote

import httpx
from packaging.version import InvalidVersion, Version

ENDPOINTS = {"pypi": "https://pypi.org/pypi/{name}/json", "npm": "https://registry.npmjs.org/{name}"}
LABELS = {"pypi": "PyPI", "npm": "npm"}
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
CACHE_SECONDS = 3600
MAX_PARALLEL = 8
USER_AGENT = "versus-verify (https://github.com/versus-kb/versus)"


class RegistryError(Exception):
    """A registry could not be reached or answered nonsense (exit 3: not the data's fault)."""


@dataclass(frozen=True)
class Release:
    registry: str
    name: str
    version: str | None  # None: the package exists but has no final release
    date: str | None  # YYYY-MM-DD (UTC) of the first file of that version
    dates: dict[str, str]  # every known version -> its date, for checking a recorded date
    newest_any: str | None = None  # the newest including pre-releases (for a recorded pre-release)

    @property
    def label(self) -> str:
        return LABELS[self.registry]


@dataclass(frozen=True)
class Missing:
    """The registry answered that no such package exists."""

    registry: str
    name: str


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "versus" / "registry"


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def parse_pypi(name: str, payload: dict[str, Any]) -> Release:
    dates: dict[str, str] = {}
    candidates: list[tuple[Version, str]] = []
    for text, files in (payload.get("releases") or {}).items():
        uploads = [f.get("upload_time_iso_8601") or f.get("upload_time") or "" for f in files or ()]
        uploads = sorted(u for u in uploads if u)
        if uploads:
            dates[text] = uploads[0][:10]
        parsed = _version(text)
        live = [f for f in files or () if not f.get("yanked")]
        if parsed is not None and live:
            candidates.append((parsed, text))
    finals = [c for c in candidates if not c[0].is_prerelease]
    newest = max(finals)[1] if finals else None
    newest_any = max(candidates)[1] if candidates else None
    return Release("pypi", name, newest, dates.get(newest) if newest else None, dates, newest_any)


def parse_npm(name: str, payload: dict[str, Any]) -> Release:
    times = payload.get("time") or {}
    dates = {v: t[:10] for v, t in times.items() if v not in ("created", "modified") and isinstance(t, str)}
    latest = (payload.get("dist-tags") or {}).get("latest")
    return Release("npm", name, latest, dates.get(latest) if latest else None, dates, latest)


def url_for(registry: str, name: str) -> str:
    return ENDPOINTS[registry].format(name=quote(name, safe="@" if registry == "npm" else ""))


class Registries:
    """Looks packages up, with a disk cache; `transport` lets tests replay recorded answers."""

    def __init__(self, *, cache: Path | None = None, max_age: float = CACHE_SECONDS,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.cache = cache
        self.max_age = max_age
        self.client = httpx.Client(timeout=TIMEOUT, transport=transport, follow_redirects=True,
                                   headers={"User-Agent": USER_AGENT, "Accept": "application/json"})

    def __enter__(self) -> "Registries":
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def _cached(self, url: str) -> Path | None:
        if self.cache is None or self.max_age <= 0:
            return None
        return self.cache / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".json")

    def fetch(self, registry: str, name: str) -> dict[str, Any] | None:
        """The registry's JSON for a package, or None when it has no such package."""
        url = url_for(registry, name)
        cached = self._cached(url)
        if cached is not None and cached.is_file() and time.time() - cached.stat().st_mtime < self.max_age:
            try:
                return json.loads(cached.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass  # a damaged cache entry: ask the registry again
        host = httpx.URL(url).host
        try:
            response = self.client.get(url)
        except httpx.TimeoutException:
            raise RegistryError(f"{host} did not answer within {TIMEOUT.read:.0f} seconds") from None
        except httpx.HTTPError as exc:
            raise RegistryError(f"cannot reach {host} ({type(exc).__name__})") from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise RegistryError(f"{host} answered HTTP {response.status_code} for {name}")
        try:
            payload = response.json()
        except ValueError:
            raise RegistryError(f"{host} answered with something that is not JSON for {name}") from None
        if cached is not None:
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                partial = cached.with_suffix(f".{os.getpid()}.tmp")
                partial.write_text(json.dumps(payload), encoding="utf-8")
                os.replace(partial, cached)
            except OSError:
                pass  # caching is an optimisation; a read-only home must not fail the check
        return payload

    def release(self, registry: str, name: str) -> Release | Missing:
        payload = self.fetch(registry, name)
        if payload is None:
            return Missing(registry, name)
        try:
            return parse_pypi(name, payload) if registry == "pypi" else parse_npm(name, payload)
        except (AttributeError, TypeError, KeyError, ValueError):
            raise RegistryError(f"{LABELS[registry]} answered in an unexpected shape for {name}") from None

    def releases(self, packages: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Release | Missing]:
        """Look every (registry, name) up at once; the first unreachable registry raises."""
        unique = sorted(set(packages))
        with ThreadPoolExecutor(max_workers=MAX_PARALLEL) as pool:
            answers = list(pool.map(lambda p: self.release(*p), unique))
        return dict(zip(unique, answers))
