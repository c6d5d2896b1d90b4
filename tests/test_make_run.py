"""`make run` serves http://localhost:8501 to this machine only, unless told otherwise.

Streamlit listens on every interface by default, so with sign-in off anyone on the
network saw the data. .streamlit/config.toml now says 127.0.0.1, and `make run
ADDRESS=0.0.0.0` is the setting that opens it. The real `make run` is started on a free
port (its install step taken as done: `-o .venv/.runtime`).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> set[str]:
    """The IPv4 addresses a local socket listens on at `port`, from /proc/net/tcp."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":  # 0A: LISTEN
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def _serve(port: int, *make_args: str, tmp_path: Path) -> subprocess.Popen[bytes]:
    log = (tmp_path / f"make-run-{port}.log").open("wb")
    return subprocess.Popen(
        ["make", "-o", ".venv/.runtime", "run", f"PORT={port}", *make_args],
        cwd=ROOT,
        env={**os.environ, "TANDEM_SOURCES": str(tmp_path / "no-sources.toml")},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # make, then streamlit: stopped together below
    )


def _wait_for_health(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"nothing answered at {url}")


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net/tcp")
def test_make_run_listens_on_this_machine_only(tmp_path: Path) -> None:
    port = _free_port()
    server = _serve(port, tmp_path=tmp_path)
    try:
        _wait_for_health(f"http://localhost:{port}")  # the README's address still works
        assert _listening(port) == {"127.0.0.1"}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_the_address_is_a_setting_of_make_run() -> None:
    # A dry run: a test never opens a server to the network.
    def command(*args: str) -> str:
        dry = ["make", "-n", "-o", ".venv/.runtime", "run", *args]
        return subprocess.run(dry, cwd=ROOT, capture_output=True, text=True, check=True).stdout

    assert "--server.address" not in command()  # .streamlit/config.toml's 127.0.0.1
    assert "--server.address 0.0.0.0" in command("ADDRESS=0.0.0.0")
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert '\naddress = "127.0.0.1"\n' in config
