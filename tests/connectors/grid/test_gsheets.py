"""The real gspread client against a fake Sheets API on 127.0.0.1, token exchange included."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from connectors import read_source
from connectors.errors import SourceError
from connectors.grid.gsheets import parse_location, read_sheet
from connectors.sources.config import SourceConfig
from tests.connectors.fake_sheets import EMAIL, RULES, FakeSheets


def _sheet_url(key: str, gid: int | None = None) -> str:
    return f"https://docs.google.com/spreadsheets/d/{key}/edit" + (f"#gid={gid}" if gid else "")


def test_a_normal_read_through_read_source(
    fake: FakeSheets, credentials: dict[str, str], tmp_path: Path
) -> None:
    source = SourceConfig(name="Plan", kind="gsheet", url=_sheet_url("plan"), table="launches")
    read = read_source(source, credentials=credentials, snapshot_dir=tmp_path)
    assert read.health.error is None
    assert read.health.format == "canonical_launches"
    launches = read.tables["launches"]
    assert launches["launch_id"].to_list() == ["GLOW"]
    assert [(r.file, r.line, r.column, r.reason) for r in read.health.refused] == [
        ("Launch plan / Launches", 3, "launch_date", "'45352' is not a date")
    ]
    values_calls = [c for c in fake.calls if "/values/" in c[0]]
    assert values_calls[0][1]["valueRenderOption"] == ["UNFORMATTED_VALUE"]
    assert values_calls[0][1]["dateTimeRenderOption"] == ["FORMATTED_STRING"]
    assert {auth for _, _, auth in fake.calls} == {"Bearer fake-token"}
    form = fake.token_forms[0]
    assert form["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
    claims = json.loads(base64.urlsafe_b64decode(form["assertion"][0].split(".")[1] + "=="))
    assert claims["scope"] == "https://www.googleapis.com/auth/spreadsheets.readonly"
    assert claims["iss"] == EMAIL


def test_a_worksheet_by_the_gid_in_the_url(fake: FakeSheets, credentials: dict[str, str]) -> None:
    grid = read_sheet(credentials, url=_sheet_url("plan", gid=42))
    assert grid.file == "Launch plan / Rules"
    assert grid.rows == RULES
    assert parse_location(_sheet_url("plan", gid=42), None) == ("plan", 42)
    assert parse_location(None, "plan") == ("plan", None)


def test_quota_429_then_success(fake: FakeSheets, credentials: dict[str, str]) -> None:
    fake.failures = [429]
    slept: list[float] = []
    grid = read_sheet(
        credentials, key="plan", worksheet="Rules", backoff=(0.5, 1), sleep=slept.append
    )
    assert grid.rows == RULES
    assert slept == [0.5]


def test_server_errors_until_the_retries_run_out(
    fake: FakeSheets, credentials: dict[str, str]
) -> None:
    fake.failures = [503] * 10
    slept: list[float] = []
    with pytest.raises(SourceError) as caught:
        read_sheet(credentials, key="plan", backoff=(0.5, 1.0), sleep=slept.append)
    assert str(caught.value) == (
        "Google Sheets kept failing: server error (503); gave up after 3 tries"
    )
    assert slept == [0.5, 1.0]
    assert len(fake.calls) == 3


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"key": "private"}, f"Tandem may not open this sheet: share the sheet with {EMAIL}"),
        ({"url": _sheet_url("gone")}, "no spreadsheet found at this URL or key: check the URL"),
        (
            {"key": "plan", "worksheet": "Nope"},
            "no worksheet 'Nope' in 'Launch plan'; it has 'Launches', 'Rules', 'Empty', "
            "'Header only', 'Locked'",
        ),
        ({"key": "plan", "gid": 99}, "no worksheet with gid 99 in 'Launch plan'"),
        ({"key": "plan", "worksheet": "Empty"}, "worksheet 'Empty' is empty"),
        ({"key": "plan", "worksheet": "Header only"}, "worksheet 'Header only' has a header row"),
        ({"url": "https://example.com/sheet"}, "this is not a Google Sheets URL"),
        (
            {"key": "plan", "worksheet": "Locked"},
            f"Google refused access to this sheet (403): share the sheet with {EMAIL}",
        ),
    ],
)
def test_errors_in_plain_words_without_credentials(
    fake: FakeSheets, credentials: dict[str, str], options: dict[str, Any], message: str
) -> None:
    with pytest.raises(SourceError) as caught:
        read_sheet(credentials, backoff=(), sleep=lambda _: None, **options)
    assert str(caught.value).startswith(message)
    assert credentials["private_key"][40:80] not in str(caught.value)


def test_a_failed_sheet_serves_the_snapshot_and_never_leaks_the_key(
    fake: FakeSheets, credentials: dict[str, str], tmp_path: Path
) -> None:
    source = SourceConfig(name="Plan", kind="gsheet", key="plan", sheet="Rules")
    good = read_source(source, credentials=credentials, snapshot_dir=tmp_path)
    assert good.tables["launch_rules"].height == 1
    broken = SourceConfig(name="Plan", kind="gsheet", key="private", sheet="Rules")
    stale = read_source(broken, credentials=credentials, snapshot_dir=tmp_path)
    assert stale.stale_since == good.read_at
    assert stale.tables["launch_rules"].equals(good.tables["launch_rules"])
    assert stale.health.error == f"Tandem may not open this sheet: share the sheet with {EMAIL}"
    bad_key = credentials | {"private_key": "-----BEGIN PRIVATE KEY-----\nnot a key\n"}
    read = read_source(broken, credentials=bad_key, snapshot_dir=tmp_path / "other")
    assert read.health.error is not None and "not a key" not in read.health.error
    assert "secrets.toml" in read.health.error


def test_no_credentials_is_said_plainly(tmp_path: Path) -> None:
    source = SourceConfig(name="Plan", kind="gsheet", key="plan")
    read = read_source(source, credentials=None, snapshot_dir=tmp_path)
    assert read.health.error == (
        "no Google service account configured: add [gcp_service_account] to .streamlit/secrets.toml"
    )
