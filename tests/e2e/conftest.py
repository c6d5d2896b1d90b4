"""Real-browser fixtures: a Tandem server on 127.0.0.1 and Debian's chromium via Playwright.

Where no browser exists the browser tests skip with a one-line reason, except under
CI=true, where a missing browser fails the run (.ci/run installs it).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"
VIEWPORT = {"width": 1440, "height": 2400}
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    found = os.environ.get("TANDEM_CHROMIUM") or shutil.which("chromium")
    return found if found and Path(found).exists() else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`streamlit run app.py` on a free local port, stopped when done; the demo data and
    a notes file of its own unless `env` says otherwise."""

    def __init__(
        self,
        env: dict[str, str] | None = None,
        args: Sequence[str] = (),
    ) -> None:
        # `args`: extra `streamlit run` flags, e.g. --secrets.files=<a temporary file>.
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *args,
        ]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.notes_db = ARTIFACTS / f"notes-{self.port}.db"
        for stale in (
            self.notes_db,
            *(self.notes_db.with_suffix(s) for s in (".db-wal", ".db-shm")),
        ):
            stale.unlink(missing_ok=True)  # a file left by an earlier run on this port
        self.log = (ARTIFACTS / f"server-{self.port}.log").open("w")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            # The demo data unless told otherwise: a developer's sources.toml stays out.
            env={
                **os.environ,
                "TANDEM_SOURCES": str(ARTIFACTS / "no-sources.toml"),
                # Each server its own notes: never the developer's .tandem/notes.db.
                "TANDEM_NOTES_DB": str(self.notes_db),
                **(env or {}),
            },
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    @property
    def log_path(self) -> Path:
        return Path(self.log.name)

    def wait_ready(self, timeout: float = 60) -> None:
        """Wait for the health endpoint only: page requests stay the test's own first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"Tandem did not start on {self.url}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "no chromium under CI=true: .ci/run must install it (apt-get install chromium)"
            )
        pytest.skip(
            "no chromium on this machine (apt-get install chromium to run the browser tests)"
        )
    return path


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def server(chromium: str) -> Iterator[Server]:
    running = Server()
    running.wait_ready()
    yield running
    running.stop()


@pytest.fixture
def fresh_server(chromium: str) -> Iterator[Server]:
    """A server started for one test, whose first page request the test makes."""
    running = Server()
    running.wait_ready()
    yield running
    running.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # Tall enough that every table of a page is drawn (tables draw only when in view).
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()
