"""Browser tests: Debian's Chromium, driven by Playwright, against the
assistant started exactly as `make run` starts it, on ports of its own.

Set-up: scripts/browser_setup.sh (chromium via apt-get, Playwright's Python
package; axe-core is vendored in tests/browser/vendor). Never `playwright install`: it downloads a browser.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scripts.assistant import ROOT, Assistant, running_assistant

try:
    from playwright.sync_api import Browser, Page, Playwright, sync_playwright
except ImportError:  # pragma: no cover - a set-up problem, said plainly
    raise pytest.UsageError("Playwright is missing: run scripts/browser_setup.sh") from None

# 52xx/82xx: the live tests use 51xx/81xx and a developer's `make run` 5005/5055/8080.
PORTS = {"RASA_PORT": "5205", "ACTION_PORT": "5255", "WEB_PORT": "8280"}
# The page served alone, talking to a Rasa port where nothing listens.
OFFLINE_WEB_PORT = 8281
DEAD_RASA_PORT = 5299

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "tests" / "browser" / "vendor" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def _port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    with running_assistant(tmp_path_factory.mktemp("browser"), PORTS) as running:
        yield running


@pytest.fixture(scope="session")
def offline_url() -> Iterator[str]:
    """The chat page with every server of the assistant stopped: only a static
    file server runs, and the page's Rasa URL points at a closed port."""
    for port in (DEAD_RASA_PORT, OFFLINE_WEB_PORT):
        assert not _port_in_use(port), f"port {port} is in use; the offline tests need it free"
    out = ROOT / "build" / f"web-{OFFLINE_WEB_PORT}"
    subprocess.run(["scripts/build_web.sh", str(out), f"http://localhost:{DEAD_RASA_PORT}"], cwd=ROOT, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(OFFLINE_WEB_PORT), "--bind", "127.0.0.1", "--directory", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            if _port_in_use(OFFLINE_WEB_PORT):
                break
            time.sleep(0.1)
        yield f"http://localhost:{OFFLINE_WEB_PORT}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/browser_setup.sh")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class Tab:
    """One browser tab with a fresh profile: its page, plus what went wrong in it."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", lambda request: self.requests.append(request.url))

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@pytest.fixture
def open_tab(browser: Browser) -> Iterator[Callable[..., Tab]]:
    """Open a URL in a new browser context (empty storage, its own viewport)."""
    contexts = []

    def open_(url: str, viewport: dict = DESKTOP, reduced_motion: str = "no-preference") -> Tab:
        context = browser.new_context(viewport=viewport, reduced_motion=reduced_motion)
        context.set_default_timeout(30_000)
        contexts.append(context)
        tab = Tab(context.new_page())
        if url:
            tab.page.goto(url)
        return tab

    yield open_
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
