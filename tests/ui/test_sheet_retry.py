"""A Google Sheet that turns 403 mid-session: stale notice with a retry time, then recovery."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.data
from tests.apptest import open_app
from tests.connectors.fake_sheets import (
    EMAIL,
    FakeSheets,
    make_private_key,
    serve,
    service_account,
)


@pytest.fixture(scope="module")
def private_key() -> str:
    return make_private_key()


@pytest.fixture
def sheet(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeSheets]:
    (tmp_path / "sources.toml").write_text(
        '[settings]\nsnapshot_dir = "snapshots"\n\n'
        '[[source]]\nname = "Launch plan"\nkind = "gsheet"\nkey = "plan"\n'
        'sheet = "Launches"\ntable = "launches"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("TANDEM_SOURCES", str(tmp_path / "sources.toml"))
    ui.data._configured_reads.clear()
    yield from serve(monkeypatch)


def data_page(fake: FakeSheets, private_key: str) -> AppTest:
    account = service_account(fake, private_key)
    return open_app("app_pages/data.py", secrets={"gcp_service_account": account})


def test_a_sheet_that_turns_403_is_served_stale_then_read_again_after_its_retry_time(
    sheet: FakeSheets, private_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = data_page(sheet, private_key)
    assert not fresh.warning
    sheet.denied = True
    stale = data_page(sheet, private_key)
    assert not stale.warning  # still the cached good read: nothing asked the sheet again
    ui.data.refresh()
    stale = data_page(sheet, private_key)
    [notice] = stale.warning
    assert notice.value.startswith("Launch plan is stale since ")
    assert "share the sheet with" in notice.value and EMAIL in notice.value
    assert "Tandem tries again after " in notice.value
    sheet.denied = False
    assert data_page(sheet, private_key).warning  # before the retry time: still stale

    class Later(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            return datetime.now(UTC) + timedelta(minutes=6)

    monkeypatch.setattr(ui.data, "datetime", Later)
    assert not data_page(sheet, private_key).warning  # read again, fresh
