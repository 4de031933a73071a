"""Browser tests: Debian's Chromium driven by Playwright, every request to another host recorded.

Locally, a missing browser is a loud skip that names the install command; in CI (CI=true) it is a
failure, so these tests can never silently stop running there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support import ROOT

CHROMIUM = os.environ.get("VERSUS_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
INSTALL_HINT = "apt-get install -y chromium (Debian), then `make test`"


def _require(condition: bool, message: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must run the browser tests; {INSTALL_HINT})")
    pytest.skip(f"BROWSER TESTS SKIPPED: {message}. Install with: {INSTALL_HINT}")


@pytest.fixture(scope="session")
def site(real_site: Path) -> Path:
    """The real site as it ships (an offline build)."""
    return real_site


@pytest.fixture(scope="session")
def browser():
    _require(Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        _require(False, "the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


class Recorder:
    """Blocks and records every request that does not go to the local site."""

    def __init__(self) -> None:
        self.external: list[str] = []

    def route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file://", "data:", "blob:", "about:")) or url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()


@pytest.fixture
def open_page(browser):
    """open_page(url, **context_options) -> (page, recorder); asserts no external request at teardown."""
    contexts = []
    recorders = []

    def opener(url: str, **options):
        context = browser.new_context(**options)
        context.set_default_timeout(10000)
        contexts.append(context)
        recorder = Recorder()
        recorders.append(recorder)
        context.route("**/*", recorder.route)
        page = context.new_page()
        page.goto(url)
        return page, recorder

    yield opener
    for context in contexts:
        context.close()
    external = [url for recorder in recorders for url in recorder.external]
    assert external == [], f"requests to other hosts: {external}"


@pytest.fixture(scope="session")
def axe_source() -> str:
    _require(AXE.is_file(), f"axe-core is not installed at {AXE}; run `npm ci`")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    """Where screenshots go: $VERSUS_SCREENSHOTS if set (to look at them), else a temporary folder."""
    folder = Path(os.environ.get("VERSUS_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


