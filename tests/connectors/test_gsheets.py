"""The real gspread client against a fake Sheets API on 127.0.0.1, token exchange included."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import gspread.http_client
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from connectors import read_source
from connectors.config import SourceConfig
from connectors.errors import SourceError
from connectors.gsheets import parse_location, read_sheet

EMAIL = "tandem-reader@test-project.iam.gserviceaccount.com"
LAUNCHES = [
    ["launch_id", "name", "launch_date", "brand"],
    ["GLOW", "Glow Serum", "2024-03-01", "Lumen"],
    ["SPF", "SPF Fluid", 45352, "Lumen"],  # an unformatted number where a date was typed
]
RULES = [
    ["rule", "applies_to", "match", "pattern", "launch_id"],
    ["1", "campaign", "prefix", "glow", "GLOW"],
]
BOOKS: dict[str, dict[str, Any]] = {
    "plan": {
        "title": "Launch plan",
        "sheets": [
            (0, "Launches", LAUNCHES),
            (42, "Rules", RULES),
            (7, "Empty", []),
            (8, "Header only", [LAUNCHES[0]]),
            (9, "Locked", RULES),  # a protected range the service account may not read
        ],
    }
}


@dataclass
class FakeSheets:
    base: str = ""
    failures: list[int] = field(default_factory=list)  # statuses for the next API calls
    calls: list[tuple[str, dict[str, list[str]], str | None]] = field(default_factory=list)
    token_forms: list[dict[str, list[str]]] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSheets

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        return None

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.fake.token_forms.append(parse_qs(self.rfile.read(length).decode()))
        self._send(200, {"access_token": "fake-token", "expires_in": 3600, "token_type": "Bearer"})

    def do_GET(self) -> None:
        url = urlparse(self.path)
        self.fake.calls.append((url.path, parse_qs(url.query), self.headers.get("Authorization")))
        if self.fake.failures:
            status = self.fake.failures.pop(0)
            self._send(status, {"error": {"code": status, "message": "try later", "status": "X"}})
            return
        parts = url.path.split("/")  # /v4/spreadsheets/<key>[/values/<range>]
        key = parts[3]
        if key == "private":
            self._send(
                403, {"error": {"code": 403, "message": "denied", "status": "PERMISSION_DENIED"}}
            )
        elif key not in BOOKS:
            self._send(404, {"error": {"code": 404, "message": "missing", "status": "NOT_FOUND"}})
        elif len(parts) == 4:
            self._send(200, _metadata(key))
        else:
            title = unquote(parts[5]).split("!")[0].strip("'")
            if title == "Locked":
                self._send(403, {"error": {"code": 403, "message": "no", "status": "DENIED"}})
                return
            values = next(v for _, t, v in BOOKS[key]["sheets"] if t == title)
            body: dict[str, Any] = {"range": f"'{title}'!A1:Z1000", "majorDimension": "ROWS"}
            self._send(200, body | ({"values": values} if values else {}))


def _metadata(key: str) -> dict[str, Any]:
    sheets = [
        {"properties": {"sheetId": sid, "title": title, "index": i, "sheetType": "GRID",
                        "gridProperties": {"rowCount": 1000, "columnCount": 26}}}
        for i, (sid, title, _) in enumerate(BOOKS[key]["sheets"])
    ]  # fmt: skip
    return {"spreadsheetId": key, "properties": {"title": BOOKS[key]["title"]}, "sheets": sheets}


@pytest.fixture(scope="module")
def private_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSheets]:
    state = FakeSheets()
    handler = type("Handler", (_Handler,), {"fake": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    api = state.base + "/v4/spreadsheets"
    monkeypatch.setattr(gspread.http_client, "SPREADSHEET_URL", api + "/%s")
    monkeypatch.setattr(gspread.http_client, "SPREADSHEET_VALUES_URL", api + "/%s/values/%s")
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def credentials(fake: FakeSheets, private_key: str) -> dict[str, str]:
    return {
        "type": "service_account",
        "project_id": "test-project",
        "private_key_id": "k1",
        "private_key": private_key,
        "client_email": EMAIL,
        "client_id": "1",
        "token_uri": fake.base + "/token",
    }


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
    source = SourceConfig(name="Plan", kind="gsheet", key="plan", worksheet="Rules")
    good = read_source(source, credentials=credentials, snapshot_dir=tmp_path)
    assert good.tables["launch_rules"].height == 1
    broken = SourceConfig(name="Plan", kind="gsheet", key="private", worksheet="Rules")
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
