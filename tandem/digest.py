"""`python -m tandem digest --link "<a shared link>" --to a@x,b@y`: the weekly digest by
e-mail, for cron (docs/architecture.md, "Meeting pack"): the meeting pack (PDF) attached
to a short body (present/digest.py).

SMTP settings come from the secrets' [smtp] section: host, port, user, password, from,
starttls. No setting appears in the mail, on stdout or stderr: errors name the server's
reply or the missing key, never a value.

Exit status: 0 when sent from every source and the notes; 1 when sent without a
source's current numbers or the notes, or when it could not be sent (stderr says why);
2 on bad arguments.
"""

from __future__ import annotations

import argparse
import smtplib
import ssl
import sys
from collections.abc import Mapping
from datetime import date
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from kpi.table import kpi_table
from present.fonts import FontMissing
from tandem import pack
from tandem.sources import health_lines, secrets_section

TIMEOUT_SECONDS = 30


def _recipients(text: str) -> list[str]:
    addresses = [part.strip() for part in text.split(",") if part.strip()]
    bad = [a for a in addresses if a.count("@") != 1 or any(c.isspace() or c in "<>\"'" for c in a)]
    if bad or not addresses:
        shown = ", ".join(map(repr, bad)) or repr(text)
        raise argparse.ArgumentTypeError(f"expected e-mail addresses separated by commas: {shown}")
    return addresses


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    parser = commands.add_parser("digest", help="e-mail the meeting pack and a short digest")
    pack.add_common(parser)
    parser.add_argument("--to", type=_recipients, required=True, metavar="A@X,B@Y")
    parser.set_defaults(run=lambda args: run(args, parser))
    return parser


def message(args: argparse.Namespace, made: pack.Made, sender: str, today: date) -> EmailMessage:
    from present import digest  # imported when a digest is sent, not for every command

    stale = [line for read in made.reads if read.health.error for line in health_lines([read])]
    text = digest.body(
        made.model,
        made.view,
        kpi_table(made.model, made.view),
        open_actions=made.written.actions,
        sources=stale,
        link=args.link,
        today=today,
    )
    mail = EmailMessage()
    mail["Subject"] = digest.subject(made.model, made.view)
    mail["From"] = sender
    mail["To"] = ", ".join(args.to)
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    mail.set_content(text)
    name = f"tandem-meeting-pack-{made.view.start.isoformat()}-{made.view.end.isoformat()}.pdf"
    document = pack.document_of(made.pack, "pdf")
    mail.add_attachment(document, maintype="application", subtype="pdf", filename=name)
    return mail


def _settings(section: Mapping[str, Any] | None) -> dict[str, Any]:
    """The [smtp] settings, checked; the error names a missing key, never a value."""
    if section is None:
        raise ValueError("the secrets file has no [smtp] section (host, port, from, …)")
    missing = [key for key in ("host", "from") if not isinstance(section.get(key), str)]
    if missing:
        raise ValueError(f"[smtp] needs {' and '.join(missing)}")
    port = section.get("port", 587)
    if not isinstance(port, int):
        raise ValueError("[smtp] port must be a number")
    return {**section, "port": port, "starttls": bool(section.get("starttls", True))}


def send(mail: EmailMessage, settings: Mapping[str, Any]) -> None:
    with smtplib.SMTP(settings["host"], settings["port"], timeout=TIMEOUT_SECONDS) as server:
        if settings["starttls"]:
            server.starttls(context=ssl.create_default_context())
        if settings.get("user"):
            server.login(str(settings["user"]), str(settings.get("password", "")))
        server.send_message(mail)


def _why(error: Exception) -> str:
    """What went wrong, in words that name no setting (the server's reply code at most)."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"the server refused the [smtp] user and password ({error.smtp_code})"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "the server closed the connection (a refused login or a wrong port?)"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"the server answered {error.smtp_code}"
    if isinstance(error, ssl.SSLError):
        return "STARTTLS failed (does the server offer it? see [smtp] starttls)"
    if isinstance(error, OSError):
        return "the server at [smtp] host and port cannot be reached"
    return type(error).__name__


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        settings = _settings(secrets_section("smtp", args.secrets))
    except ValueError as exc:
        parser.error(f"argument --secrets: {exc}")
    today = date.today()
    made = pack.make(args, parser, today=today)
    try:
        mail = message(args, made, settings["from"], today)
    except FontMissing as exc:
        print(f"tandem digest: {exc}", file=sys.stderr)
        return 1
    try:
        send(mail, settings)
    except (OSError, smtplib.SMTPException) as exc:
        print(f"tandem digest: not sent: {_why(exc)}", file=sys.stderr)
        return 1
    for line in made.problems:
        print(line, file=sys.stderr)
    print(f"sent to {len(args.to)} recipients: {mail['Subject']}")
    return 1 if made.problems else 0
