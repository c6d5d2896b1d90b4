"""A fake Google Sheets API on 127.0.0.1 that the real gspread client talks to.

It answers the token exchange, spreadsheet metadata and values; `failures` makes the
next API calls fail with the given statuses, `delay` makes every API answer late (to
drive the client's timeout), and `denied` turns the sheets' sharing off mid-session.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import gspread.http_client
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

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


def make_private_key() -> str:
    """A real RSA key: gspread signs its token request with it, as with Google."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def service_account(fake: FakeSheets, private_key: str) -> dict[str, str]:
    """The [gcp_service_account] a user would paste, its token exchange pointed at the fake."""
    return {
        "type": "service_account",
        "project_id": "test-project",
        "private_key_id": "k1",
        "private_key": private_key,
        "client_email": EMAIL,
        "client_id": "1",
        "token_uri": fake.base + "/token",
    }


@dataclass
class FakeSheets:
    base: str = ""
    failures: list[int] = field(default_factory=list)  # statuses for the next API calls
    calls: list[tuple[str, dict[str, list[str]], str | None]] = field(default_factory=list)
    token_forms: list[dict[str, list[str]]] = field(default_factory=list)
    delay: float = 0.0  # seconds before every API answer
    token_delay: float = 0.0  # seconds before the token exchange answers
    denied: bool = False  # every API call answers 403, as when sharing is revoked
    token_refused: bool = False  # the token exchange answers 400, as for a revoked key


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
        if self.fake.token_delay:
            time.sleep(self.fake.token_delay)
        if self.fake.token_refused:
            self._send(400, {"error": "invalid_grant", "error_description": "Invalid JWT."})
            return
        token = {"access_token": "fake-token", "expires_in": 3600, "token_type": "Bearer"}
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._send(200, token)

    def do_GET(self) -> None:
        url = urlparse(self.path)
        self.fake.calls.append((url.path, parse_qs(url.query), self.headers.get("Authorization")))
        if self.fake.delay:
            time.sleep(self.fake.delay)
        # After a client timeout nobody reads the answer; the closed socket is expected.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer(url.path)

    def _answer(self, path: str) -> None:
        if self.fake.denied:
            self._send(403, {"error": {"code": 403, "message": "no", "status": "DENIED"}})
            return
        if self.fake.failures:
            status = self.fake.failures.pop(0)
            self._send(status, {"error": {"code": status, "message": "try later", "status": "X"}})
            return
        parts = path.split("/")  # /v4/spreadsheets/<key>[/values/<range>]
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


def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSheets]:
    """Start a fake on a free port and point gspread at it; stop it when done."""
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
