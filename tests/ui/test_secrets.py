"""Secrets stay secret: every page and every error path, with a service-account key and
sign-in secrets configured, shows, downloads and logs no part of them.

The key is generated here (nothing real); Google is either a fake on 127.0.0.1 or a port
on 127.0.0.1 where nothing listens. What is checked: the text of every element (its
protobuf, so captions, help texts, alerts, tables' Arrow bytes and HTML all count) and
every table as text, every download's bytes, every log record at DEBUG (tracebacks
included), stdout/stderr and warnings. The service account's e-mail may appear: the
"share the sheet with …" message needs it, and one scenario checks that it does.
"""

from __future__ import annotations

import logging
import re
import secrets
import socket
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

import connectors.grid.gsheets
from tests.apptest import capture_downloads, open_app
from tests.connectors.fake_sheets import FakeSheets, serve

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(f"app_pages/{p.name}" for p in (ROOT / "app_pages").glob("*.py"))
TITLES = {"handoff": "Hand-off"}  # a page's title, where it is not its file name
EMAIL = "tandem-reader@test-project.iam.gserviceaccount.com"
USER = {"is_logged_in": True, "email": "ana@maisonlumiere.example", "email_verified": True}
SHEET = "https://docs.google.com/spreadsheets/d/plan/edit#gid=0"


@dataclass(frozen=True)
class Secrets:
    private_key: str
    private_key_id: str
    client_secret: str
    cookie_secret: str

    def fragments(self) -> list[str]:
        """Every part that must never show: each line of the key's body, and each secret."""
        body = [line for line in self.private_key.splitlines() if "-----" not in line]
        assert len(body) > 20 and all(len(line) >= 16 for line in body)
        return [*body, self.private_key_id, self.client_secret, self.cookie_secret]


@pytest.fixture(scope="module")
def made_up() -> Secrets:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return Secrets(
        private_key=pem,
        private_key_id=secrets.token_hex(20),
        client_secret=secrets.token_urlsafe(24),
        cookie_secret=secrets.token_urlsafe(32),
    )


@pytest.fixture
def google(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSheets]:
    """The fake Sheets API; every sheet answers 403 (not shared with the service account)."""
    for fake in serve(monkeypatch):
        fake.denied = True
        monkeypatch.setattr(connectors.grid.gsheets, "BACKOFF", ())  # fail at once: no waiting
        yield fake


def _nothing_listens() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


@dataclass
class Seen:
    """Everything a user, a download or an operator could see."""

    screens: dict[str, str] = field(default_factory=dict)
    downloads: dict[str, bytes] = field(default_factory=dict)
    logs: list[str] = field(default_factory=list)

    def record(self, name: str, app: AppTest) -> None:
        shown: list[str] = []

        def walk(node: Any) -> None:
            if getattr(node, "proto", None) is not None:
                shown.extend(_strings(node.proto))
            for child in getattr(node, "children", {}).values():
                walk(child)

        walk(app._tree)
        shown += [frame.value.to_csv() for frame in app.dataframe]
        shown += [e.value for e in app.exception]
        self.screens[name] = "\n".join(shown)


def _strings(message: Message) -> Iterator[str]:
    """Every string and bytes field of a protobuf message, unescaped, at any depth.

    Markdown text is also given as it reads on screen: outside values are escaped
    (`\\+`) and have word joiners in addresses, which would hide a leaked key's line.
    """
    for descriptor, value in message.ListFields():
        values = value if descriptor.is_repeated else [value]
        for item in values:
            if isinstance(item, Message):
                yield from _strings(item)
            elif isinstance(item, bytes):
                yield item.decode("latin-1")
            elif isinstance(item, str):
                yield item
                yield re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", item).replace("\u2060", "")


class _Records(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.into = into
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(self.format(record))


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[Seen]:
    found = Seen()
    found.downloads = capture_downloads(monkeypatch)
    handler = _Records(found.logs)
    loggers = [logging.getLogger(), logging.getLogger("streamlit")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield found
        found.logs += [str(w.message) for w in caught]
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


def _secrets(made_up: Secrets, token_uri: str, **auth_changes: str | None) -> dict[str, Any]:
    auth = {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": made_up.cookie_secret,
        "client_id": "tandem",
        "client_secret": made_up.client_secret,
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    } | auth_changes
    return {
        "gcp_service_account": {
            "type": "service_account",
            "project_id": "test-project",
            "private_key_id": made_up.private_key_id,
            "private_key": made_up.private_key,
            "client_email": EMAIL,
            "client_id": "1234567890",
            "token_uri": token_uri,
        },
        "auth": {k: v for k, v in auth.items() if v is not None},
        "access": {"allowed_domains": ["maisonlumiere.example"]},
    }


def _visit(
    config: dict[str, Any], seen: Seen, user: dict[str, Any], pages: list[str]
) -> dict[str, AppTest]:
    apps: dict[str, AppTest] = {}
    for page in pages:
        first = None if page == "app_pages/overview.py" else page
        app = open_app(first, secrets=config, user=user, launch="Glow Serum")
        seen.record(page, app)
        apps[page] = app
    return apps


def _assert_nothing_leaked(made_up: Secrets, seen: Seen, capfd: pytest.CaptureFixture[str]) -> None:
    out, err = capfd.readouterr()
    places = {
        **{f"screen {name}": text for name, text in seen.screens.items()},
        **{
            f"download {name}": data.decode("utf-8", "replace")
            for name, data in seen.downloads.items()
        },
        "log": "\n".join(seen.logs),
        "stdout": out,
        "stderr": err,
    }
    leaks = [
        f"secret #{i} in {place}"
        for place, text in places.items()
        for i, fragment in enumerate(made_up.fragments())
        if fragment in text
    ]
    assert not leaks, leaks
    assert not [place for place, text in places.items() if "PRIVATE KEY" in text]


def _write(folder: Path, text: str) -> str:
    path = folder / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


GSHEET_SOURCE = f'[[source]]\nname = "Plan"\nkind = "gsheet"\nurl = "{SHEET}"\ntable = "launches"\n'
SCENARIOS: dict[str, tuple[str, str]] = {
    # name: (what the Data page must say, so we know the error path ran; the sources file)
    "demo data": ("No row was refused.", ""),
    "sheet unreachable": (
        "Google Sheets kept failing: network error",
        GSHEET_SOURCE,
    ),
    "sheet not shared": (f"share the sheet with {EMAIL}", GSHEET_SOURCE),
    "service account refused": ("Google refused the service account's sign-in", GSHEET_SOURCE),
    "key malformed": ("incomplete or malformed", GSHEET_SOURCE),
    "sources.toml not TOML": ("cannot be read as TOML", "[[source]\nname = "),
    "sources.toml bad kind": (
        "field 'kind' must be one of",
        '[[source]]\nname = "X"\nkind = "ftp"\n',
    ),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_no_page_and_no_error_path_shows_downloads_or_logs_a_secret(
    scenario: str,
    made_up: Secrets,
    google: FakeSheets,
    seen: Seen,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    expected, sources = SCENARIOS[scenario]
    monkeypatch.setenv(
        "TANDEM_SOURCES", _write(tmp_path, sources) if sources else str(tmp_path / "none.toml")
    )
    token_uri = (
        _nothing_listens() + "/token" if scenario == "sheet unreachable" else google.base + "/token"
    )
    google.token_refused = scenario == "service account refused"
    config = _secrets(made_up, token_uri)
    if scenario == "key malformed":
        lines = made_up.private_key.splitlines()
        config["gcp_service_account"]["private_key"] = "\n".join(lines[:4] + lines[-1:])

    apps = _visit(config, seen, USER, PAGES)

    for page, app in apps.items():
        assert not app.exception, (page, [e.value for e in app.exception])
        stem = Path(page).stem
        assert app.title[0].value == TITLES.get(stem, stem.title())
    assert expected in seen.screens["app_pages/data.py"]
    # The Data page's download of the sources table carries each source's error too.
    [health] = [data for name, data in seen.downloads.items() if name.startswith("tandem-sources-")]
    if sources == GSHEET_SOURCE:
        assert expected.split(": ")[-1] in health.decode("utf-8")
    assert any(name.startswith("tandem-refused-rows-") for name in seen.downloads)
    if scenario in ("sheet not shared", "service account refused"):
        assert google.token_forms  # the key really signed a token request
    assert bool(google.calls) == (scenario == "sheet not shared")
    _assert_nothing_leaked(made_up, seen, capfd)


@pytest.mark.parametrize(
    ("who", "changes", "says"),
    [
        ("signed out", {}, "Sign in with your company account"),
        ("outsider", {}, "may not open Tandem"),
        ("setup incomplete", {"client_id": None}, "Missing: [auth] client_id"),
    ],
)
def test_the_sign_in_gate_shows_no_secret(
    who: str,
    changes: dict[str, str | None],
    says: str,
    made_up: Secrets,
    google: FakeSheets,
    seen: Seen,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TANDEM_SOURCES", str(tmp_path / "none.toml"))
    user = {
        "signed out": {"is_logged_in": False},
        "outsider": {"is_logged_in": True, "email": "someone@elsewhere.example"},
        "setup incomplete": USER,
    }[who]
    apps = _visit(_secrets(made_up, google.base + "/token", **changes), seen, user, PAGES[:1])
    assert not apps[PAGES[0]].metric
    assert says in seen.screens[PAGES[0]]
    _assert_nothing_leaked(made_up, seen, capfd)


def test_the_check_itself_finds_a_leak(
    made_up: Secrets,
    google: FakeSheets,
    seen: Seen,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """A connector that quoted the key in its error would be caught on screen, in the
    sources download and in the log: the checks above can fail."""
    leaked = made_up.fragments()[4]  # the fifth line of the key's body

    def careless(credentials: Any) -> Any:
        logging.getLogger("connectors").warning("bad key %s", credentials["private_key_id"])
        raise connectors.grid.gsheets.SourceError(f"bad key {leaked}")

    monkeypatch.setattr(connectors.grid.gsheets, "_client", careless)
    monkeypatch.setenv("TANDEM_SOURCES", _write(tmp_path, GSHEET_SOURCE))
    _visit(_secrets(made_up, google.base + "/token"), seen, USER, ["app_pages/data.py"])
    with pytest.raises(AssertionError) as caught:
        _assert_nothing_leaked(made_up, seen, capfd)
    found = str(caught.value)
    assert "secret #4 in screen app_pages/data.py" in found
    assert "secret #4 in download tandem-sources-" in found
    assert f"secret #{len(made_up.fragments()) - 3} in log" in found
