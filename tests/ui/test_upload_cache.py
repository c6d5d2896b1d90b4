"""Uploads are cached per session, bounded in bytes and in time, and stay in their session.

Before, every staged upload went into one cache shared by all sessions (32 entries, no
expiry): a 30 MB file of refused rows pinned ~300 MB, so ~10 GB could be held without
applying a file, and one session's upload added a warning to a configured source's
health that every user saw.
"""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import connectors
from tests.app_pages.conftest import tables
from tests.app_pages.test_pages import by_header
from tests.apptest import APP
from tests.bounded import bounded
from ui import upload_cache

LEADS = b"lead_id,created_at\nL1,2024-03-01\nL2,2024-03-02\n"


@pytest.fixture
def session(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A session's state, outside a running app; swap it to be another session."""
    state: dict[str, Any] = {}
    monkeypatch.setattr(st, "session_state", state)
    return state


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The file names actually read (not served from the cache), in order."""
    done: list[str] = []
    original = connectors.read_upload

    def counted(file_name: str, content: bytes) -> connectors.SourceRead:
        done.append(file_name)
        return original(file_name, content)

    monkeypatch.setattr(connectors, "read_upload", counted)
    return done


def _upload(name: str, content: bytes = LEADS) -> connectors.SourceRead:
    return upload_cache.upload_read(name, hashlib.sha256(content).hexdigest(), content)


def test_a_read_is_cached_in_its_session_only(
    session: dict[str, Any], reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _upload("a.csv")
    assert _upload("a.csv") is first
    assert reads == ["a.csv"]
    monkeypatch.setattr(st, "session_state", {})  # another user's session
    assert _upload("a.csv") is not first
    assert reads == ["a.csv", "a.csv"]


def test_the_least_recently_used_reads_go_past_the_byte_bound(
    session: dict[str, Any], reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    one = _upload("a.csv")
    size = session[upload_cache.UPLOAD_READS][("a.csv", hashlib.sha256(LEADS).hexdigest())].size
    assert size > 0
    monkeypatch.setattr(upload_cache, "UPLOAD_READ_BYTES", 2 * size)
    _upload("b.csv")
    assert _upload("a.csv") is one  # used again: now b.csv is the least recent
    _upload("c.csv")
    assert [name for name, _ in session[upload_cache.UPLOAD_READS]] == ["a.csv", "c.csv"]
    _upload("b.csv")
    assert reads == ["a.csv", "b.csv", "c.csv", "b.csv"]


def test_a_read_not_used_for_a_while_expires(
    session: dict[str, Any], reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1_000.0]
    monkeypatch.setattr(upload_cache.time, "monotonic", lambda: now[0])
    _upload("a.csv")
    now[0] += upload_cache.UPLOAD_READ_SECONDS - 1
    _upload("a.csv")  # still there; this use renews it
    now[0] += upload_cache.UPLOAD_READ_SECONDS + 1
    _upload("b.csv")
    assert list(session[upload_cache.UPLOAD_READS]) == [
        ("b.csv", hashlib.sha256(LEADS).hexdigest())
    ]
    assert reads == ["a.csv", "b.csv"]


def test_a_file_of_refused_rows_costs_its_session_little(
    session: dict[str, Any], reads: list[str]
) -> None:
    content = b"lead_id,created_at,channel\n" + b"".join(
        b"L%d,not a date,email\n" % i for i in range(300_000)
    )
    gc.collect()
    with bounded("9 MB upload of 300,000 refused rows, cached", megabytes=800):
        read = _upload("refused.csv", content)
    assert read.health.rows_refused == 300_000 and len(read.health.refused) == 1_000
    [entry] = session[upload_cache.UPLOAD_READS].values()
    assert entry.size < 1_000_000  # the first 1,000 refused rows, listed; the rest counted
    print(f"cached read of a 9 MB file of refused rows: {entry.size / 1024:,.0f} KB")


USD_SPEND = (
    b"date,launch_id,channel,campaign,platform,region,spend,impressions,clicks,conversions,"
    b"conversion_value,currency\n"
    + b"".join(
        b"2026-11-2%d,GLOW-SERUM,paid_social,Glow US,Meta Ads,NA,500.00,1000,10,1,60,USD\n" % day
        for day in (2, 3, 4)
    )
)


def _warnings_of(app: AppTest, source: str) -> str:
    sources = by_header(tables(app)[0])  # the Data page's sources table
    return next(row["Warnings"] for row in sources if row["Source"] == source)


def _data_page(**state: Any) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    app.switch_page("app_pages/data.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_one_sessions_upload_adds_nothing_to_a_shared_sources_health(
    spend_export: Path,
) -> None:
    digest = hashlib.sha256(USD_SPEND).hexdigest()
    applied = {
        upload_cache.APPLIED_UPLOADS: [("usd.csv", digest)],
        upload_cache.UPLOAD_BYTES: {digest: USD_SPEND},
    }
    with_upload = _data_page(**applied)
    # Three USD rows beside the source's two EUR rows: this session reports in USD, and
    # the source's EUR rows have no rate to it.
    unconverted = "spend: 2 row(s) in EUR (2) have no fx_rates rate to USD"
    assert unconverted in _warnings_of(with_upload, "Ads export")
    other = _data_page()  # another user, the same configured source
    assert _warnings_of(other, "Ads export") == ""
