"""`python -m tandem pack` and `python -m tandem digest`, run as a scheduler would: the
link is the view, the pack is written or mailed, bad input named. The digest goes to a
real SMTP server (aiosmtpd) on 127.0.0.1 and is read back as it was received."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword
from pptx import Presentation

import notes
from kpi.model import Model
from kpi.table import kpi_table
from present import formatting
from present.link import filters_of, query
from tandem import digest
from tandem.cli import main

LINK = "https://tandem.example/?launch=Glow+Serum&period=2026-09-01&period=2026-11-26"
USER, PASSWORD = "digest-bot", "s3cret-Pa55word-never-shown"
SENDER = "tandem@maisonlumiere.example"
LATE = "Sales calls back the salon event leads by Friday"


def test_pack_writes_the_link_view_as_powerpoint(tmp_path: Path) -> None:
    out = tmp_path / "pack.pptx"
    status = main(["pack", "--link", LINK, "--format", "pptx", "--output", str(out)])
    assert status == 0
    first = Presentation(str(out)).slides[0]
    texts = [shape.text_frame.text for shape in first.shapes if shape.has_text_frame]
    assert texts[:5] == [
        "Meeting pack · Glow Serum",
        "Launch",
        "Glow Serum",
        "Period",
        "01 Sep 2026 to 26 Nov 2026",
    ]


def test_pack_names_a_link_value_the_data_does_not_have(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pack.pdf"
    status = main(["pack", "--link", "?launch=Old+Launch", "--output", str(out)])
    assert status == 2 and not out.exists()
    assert (
        "argument --link: the link asks for values the data does not have: launch “Old Launch”"
        in capsys.readouterr().err
    )


class Inbox:
    def __init__(self) -> None:
        self.received: list[Envelope] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        self.received.append(envelope)
        return "250 kept"


def _login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    server = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=_login, auth_require_tls=False
    )
    server.start()
    yield inbox, port
    server.stop()


def _secrets(folder: Path, port: int, password: str = PASSWORD) -> Path:
    database = folder / "notes.db"
    written = notes.connect(notes.sqlite_url(database))
    late = notes.Draft(
        "action", "GLOW-SERUM", date(2026, 10, 1), text=LATE, owner="Marc", due=date(2026, 10, 9)
    )
    notes.add(written, late, author="ana@maisonlumiere.example")
    written.close()
    path = folder / "secrets.toml"
    path.write_text(
        f'[database]\nurl = "{notes.sqlite_url(database)}"\n\n'
        f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nuser = "{USER}"\npassword = "{password}"\n'
        f'from = "{SENDER}"\nstarttls = false\n',
        encoding="utf-8",
    )
    return path


def test_digest_mails_the_pack_and_the_week_in_short(
    tmp_path: Path,
    smtp: tuple[Inbox, int],
    demo_model: Model,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    inbox, port = smtp
    secrets = _secrets(tmp_path, port)
    status = main(
        ["digest", "--link", LINK, "--to", "a@x.example,b@y.example", "--secrets", str(secrets)]
    )
    said = capsys.readouterr()
    assert status == 0, said.err
    [envelope] = inbox.received
    assert envelope.mail_from == SENDER
    assert envelope.rcpt_tos == ["a@x.example", "b@y.example"]
    raw = envelope.original_content or b""
    mail = email.message_from_bytes(raw, policy=default)
    assert isinstance(mail, EmailMessage)
    assert mail["Subject"] == "Tandem digest · Glow Serum · 01 Sep 2026 to 26 Nov 2026"
    body = mail.get_body(("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")

    table = kpi_table(demo_model, filters_of(query(LINK), demo_model))
    mqls = table.filter(pl.col("kpi") == "mqls").row(0, named=True)
    value = formatting.value(mqls["value"], "count")
    change = formatting.delta(mqls["delta"], mqls["delta_pct"], "count")
    assert f"- MQLs: {value} ({change}) · {mqls['status']}\n" in text
    behind = table.filter(pl.col("status") == "behind")["label"].to_list()
    section = text.split("Behind the target's pace\n")[1].split("\n\n")[0]
    assert [line.split(":")[0].removeprefix("- ") for line in section.splitlines()] == behind
    assert "Actions past due\n- Marc · due 09 Oct 2026 · Glow Serum: " + LATE in text
    assert "Sources stale or failed\n- None." in text
    assert f"Open this view in Tandem: {LINK}" in text

    [attached] = list(mail.iter_attachments())
    assert attached.get_filename() == "tandem-meeting-pack-2026-09-01-2026-11-26.pdf"
    assert attached.get_content().startswith(b"%PDF")
    for where in (raw.decode("utf-8", "replace"), said.out, said.err, caplog.text):
        assert PASSWORD not in where and USER not in where


def test_a_refused_login_is_said_without_the_secrets(
    tmp_path: Path,
    smtp: tuple[Inbox, int],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # aiosmtpd answers a refused PLAIN login with 535, then lets smtplib's LOGIN try wait.
    monkeypatch.setattr(digest, "TIMEOUT_SECONDS", 3)
    inbox, port = smtp
    secrets = _secrets(tmp_path, port, password="wrong-" + PASSWORD)
    status = main(["digest", "--link", LINK, "--to", "a@x.example", "--secrets", str(secrets)])
    said = capsys.readouterr()
    assert status == 1 and not inbox.received
    assert said.err == (
        "tandem digest: not sent: the server closed the connection "
        "(a refused login or a wrong port?)\n"
    )
    assert PASSWORD not in said.err + said.out and USER not in said.err + said.out


def test_digest_checks_its_addresses_and_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["digest", "--link", LINK, "--to", "a@x.example,not an address"]) == 2
    assert (
        "expected e-mail addresses separated by commas: 'not an address'" in capsys.readouterr().err
    )
    empty = tmp_path / "secrets.toml"
    empty.write_text("", encoding="utf-8")
    assert main(["digest", "--link", LINK, "--to", "a@x.example", "--secrets", str(empty)]) == 2
    assert "the secrets file has no [smtp] section" in capsys.readouterr().err


def test_digest_names_a_failed_source_and_says_so_in_its_exit_status(
    tmp_path: Path, smtp: tuple[Inbox, int], capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, port = smtp
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "Demo brand"\nkind = "demo"\n\n'
        '[[source]]\nname = "Ads export"\nkind = "file"\npath = "gone.csv"\n',
        encoding="utf-8",
    )
    secrets = _secrets(tmp_path, port)
    args = ["--link", LINK, "--to", "a@x.example", "--secrets", str(secrets)]
    status = main(["digest", *args, "--sources", str(sources)])
    said = capsys.readouterr()
    assert status == 1
    refused = f"source Ads export (file): refused (no file at {tmp_path / 'gone.csv'} "
    assert said.err.startswith(refused)
    [envelope] = inbox.received
    mail = email.message_from_bytes(envelope.original_content or b"", policy=default)
    assert isinstance(mail, EmailMessage)
    body = mail.get_body(("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    assert "Sources stale or failed\n- " + refused in text
