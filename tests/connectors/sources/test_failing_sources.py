"""A Google Sheet that fails mid-session, read through `read_source` and the real gspread.

After a first good read (snapshot written), the sheet answers 429 until the retries run
out, 500, nothing before the client's timeout, or 403 (sharing revoked). Each time the
last good snapshot is served with `stale_since` set, `retry_after` says when to try
again, `health.error` says what happened in plain words, and nothing of the key shows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from connectors import SourceRead, read_source
from connectors.grid import gsheets as gsheets_module
from connectors.sources.config import SourceConfig
from connectors.sources.read import RETRY_AFTER
from connectors.sources.snapshots import MANIFEST, folder_for
from tests.connectors.fake_sheets import EMAIL, FakeSheets

SOURCE = SourceConfig(name="Launch rules", kind="gsheet", key="plan", sheet="Rules")
# Seconds. Long enough for a loaded CI machine to answer a healthy request; the fake
# answers after SLOW seconds when it is made slow.
CLIENT_TIMEOUT = 2.0
SLOW = 6.0


@pytest.fixture(autouse=True)
def _fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three tries without waiting between them, and a short client timeout."""
    monkeypatch.setattr(gsheets_module, "BACKOFF", (0.0, 0.0))
    monkeypatch.setattr(gsheets_module, "TIMEOUT", CLIENT_TIMEOUT)


def _quota(fake: FakeSheets) -> None:
    fake.failures = [429] * 10


def _server_error(fake: FakeSheets) -> None:
    fake.failures = [500] * 10


def _slow(fake: FakeSheets) -> None:
    fake.delay = SLOW


def _revoked(fake: FakeSheets) -> None:
    fake.denied = True


FAILURES: dict[str, tuple[Callable[[FakeSheets], None], str]] = {
    "429 until retries run out": (
        _quota,
        "Google Sheets kept failing: quota exceeded (429); gave up after 3 tries",
    ),
    "500": (_server_error, "Google Sheets kept failing: server error (500); gave up after 3 tries"),
    "timeout": (
        _slow,
        "Google Sheets kept failing: no answer within the time limit (timeout); gave up after "
        "3 tries",
    ),
    "403 mid-session": (_revoked, f"Tandem may not open this sheet: share the sheet with {EMAIL}"),
}


def _secrets(credentials: dict[str, str]) -> list[str]:
    """Pieces of the credentials that must never show: key lines, key id, the token."""
    lines = [line for line in credentials["private_key"].splitlines() if "PRIVATE KEY" not in line]
    return [*lines, "fake-token", "Bearer"]


def _shown(read: SourceRead) -> str:
    """Everything of a read the app may display or log."""
    return repr(read.health) + repr(read.health.refused_frame().rows())


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_failing_sheet_serves_the_last_good_snapshot(
    failure: str, fake: FakeSheets, credentials: dict[str, str], tmp_path: Path
) -> None:
    good = read_source(SOURCE, credentials=credentials, snapshot_dir=tmp_path)
    assert good.health.error is None and good.stale_since is None and good.retry_after is None
    assert good.tables["launch_rules"]["pattern"].to_list() == ["glow"]
    assert (folder_for(tmp_path, SOURCE.name) / MANIFEST).exists()

    make_it_fail, message = FAILURES[failure]
    make_it_fail(fake)
    before = datetime.now(UTC)
    stale = read_source(SOURCE, credentials=credentials, snapshot_dir=tmp_path)
    after = datetime.now(UTC)

    assert stale.health.error == message
    assert stale.stale_since == good.read_at and stale.read_at == good.read_at
    assert stale.tables["launch_rules"].equals(good.tables["launch_rules"])
    assert stale.health.warnings == [
        f"showing the last good read, stale since {good.read_at:%Y-%m-%d %H:%M} UTC"
    ]
    assert stale.retry_after is not None
    assert before + RETRY_AFTER <= stale.retry_after <= after + RETRY_AFTER
    assert [s for s in _secrets(credentials) if s in _shown(stale)] == []

    # The sheet recovers: the next read is fresh again.
    fake.failures, fake.delay, fake.denied = [], 0.0, False
    fresh = read_source(SOURCE, credentials=credentials, snapshot_dir=tmp_path)
    assert fresh.health.error is None and fresh.stale_since is None and fresh.retry_after is None
    assert fresh.read_at is not None and good.read_at is not None
    assert fresh.read_at > good.read_at


def test_the_timeout_is_the_clients_not_the_servers(
    fake: FakeSheets, credentials: dict[str, str], tmp_path: Path
) -> None:
    fake.delay = SLOW
    started = datetime.now(UTC)
    read = read_source(SOURCE, credentials=credentials, snapshot_dir=tmp_path)
    waited = (datetime.now(UTC) - started).total_seconds()
    assert read.health.error is not None and "timeout" in read.health.error
    # Three tries cut at the client's timeout each, not three of the server's delay.
    assert waited < 3 * SLOW
    assert len([c for c in fake.calls if c[0].startswith("/v4/")]) == 3


def test_a_hung_token_exchange_is_cut_by_the_same_timeout(
    fake: FakeSheets, credentials: dict[str, str], tmp_path: Path
) -> None:
    fake.token_delay = SLOW
    started = datetime.now(UTC)
    read = read_source(SOURCE, credentials=credentials, snapshot_dir=tmp_path)
    assert read.health.error == (
        "Google Sheets kept failing: no answer within the time limit (timeout); gave up after "
        "3 tries"
    )
    assert (datetime.now(UTC) - started).total_seconds() < 3 * SLOW
    assert len(fake.token_forms) == 3


def test_a_failure_with_no_snapshot_gives_empty_tables_and_a_retry_time(
    fake: FakeSheets, credentials: dict[str, str], tmp_path: Path
) -> None:
    fake.failures = [503] * 10
    before = datetime.now(UTC)
    read = read_source(
        SOURCE, credentials=credentials, snapshot_dir=tmp_path, retry_in=timedelta(seconds=30)
    )
    assert read.health.error == (
        "Google Sheets kept failing: server error (503); gave up after 3 tries"
    )
    assert all(frame.is_empty() for frame in read.tables.values())
    assert read.stale_since is None and read.read_at is None
    assert read.retry_after is not None
    assert timedelta(seconds=30) <= read.retry_after - before < timedelta(seconds=31)


def test_a_corrupt_snapshot_behind_a_failing_sheet_is_reported(
    fake: FakeSheets, credentials: dict[str, str], tmp_path: Path
) -> None:
    read_source(SOURCE, credentials=credentials, snapshot_dir=tmp_path)
    folder = folder_for(tmp_path, SOURCE.name)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    table_file = folder / manifest["files"]["launch_rules"]
    damaged = bytearray(table_file.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF  # one flipped byte, as a bad disk sector would do
    table_file.write_bytes(bytes(damaged))
    fake.failures = [500] * 10
    read = read_source(SOURCE, credentials=credentials, snapshot_dir=tmp_path)
    assert read.health.error == (
        "Google Sheets kept failing: server error (500); gave up after 3 tries; the last good "
        "snapshot is unusable: snapshot file for launch_rules does not match its checksum"
    )
    assert all(frame.is_empty() for frame in read.tables.values())
    assert read.stale_since is None and read.retry_after is not None


def test_a_sheet_over_the_row_bound_is_refused_in_words(
    fake: FakeSheets, credentials: dict[str, str], tmp_path: Path
) -> None:
    source = SourceConfig(name="Plan", kind="gsheet", key="plan", sheet="Launches")
    read = read_source(source, credentials=credentials, snapshot_dir=tmp_path, max_rows=1)
    assert read.health.error == (
        "Launch plan / Launches has 2 rows, over the 1 Tandem reads from one file or sheet; "
        "split it (e.g. by month) or filter it before exporting"
    )
