"""Google Sheets through gspread's service-account client, read-only, retried on 429/5xx.

Values are read unformatted (numbers as numbers, not as the sheet displays them) with
dates as formatted strings, then typed by the same adapters as export files. Errors
are said in plain words; credentials never appear in a message.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlparse

import google.auth.exceptions
import gspread
import requests
from gspread.utils import DateTimeOption, ValueRenderOption

from connectors.errors import SourceError
from connectors.grid.cells import Grid

SCOPES = ("https://www.googleapis.com/auth/spreadsheets.readonly",)
BACKOFF = (1.0, 2.0, 4.0, 8.0, 16.0)  # seconds before each retry; then give up
# Seconds to wait for each answer: without one, a hung connection would hang the page.
TIMEOUT = 30.0
_KEY = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
T = TypeVar("T")


def parse_location(url: str | None, key: str | None) -> tuple[str, int | None]:
    """The spreadsheet key and the worksheet gid, if the URL names one."""
    if key:
        return key, None
    if not url:
        raise SourceError("no spreadsheet URL or key was given")
    found = _KEY.search(url)
    if not found:
        raise SourceError("this is not a Google Sheets URL (…/spreadsheets/d/<key>/…): check it")
    parsed = urlparse(url)
    gid = parse_qs(parsed.fragment).get("gid") or parse_qs(parsed.query).get("gid")
    return found.group(1), int(gid[0]) if gid and gid[0].isdigit() else None


def read_sheet(
    credentials: Mapping[str, Any] | None,
    *,
    url: str | None = None,
    key: str | None = None,
    worksheet: str | None = None,
    gid: int | None = None,
    backoff: Sequence[float] | None = None,
    sleep: Callable[[float], None] | None = None,
    timeout: float | None = None,
) -> Grid:
    """Every cell of one worksheet as a grid of strings.

    `backoff` (seconds before each retry), `sleep` and `timeout` (seconds per request)
    default to BACKOFF, time.sleep and TIMEOUT, looked up at call time so that tests can
    make retries instant and timeouts short.
    """
    backoff = BACKOFF if backoff is None else backoff
    sleep = time.sleep if sleep is None else sleep
    timeout = TIMEOUT if timeout is None else timeout
    if not credentials:
        raise SourceError(
            "no Google service account configured: add [gcp_service_account] to "
            ".streamlit/secrets.toml"
        )
    sheet_key, url_gid = parse_location(url, key)
    email = str(credentials.get("client_email", "the service account"))
    client = _client(credentials)
    client.set_timeout(timeout)

    def retry(call: Callable[[], T]) -> T:
        return _retrying(call, backoff, sleep, denied=f"share the sheet with {email}")

    book = retry(lambda: _open(client, sheet_key, email))
    tab = retry(lambda: _worksheet(book, worksheet, gid if gid is not None else url_gid))
    values = retry(
        lambda: tab.get_values(
            value_render_option=ValueRenderOption.unformatted,
            date_time_render_option=DateTimeOption.formatted_string,
        )
    )
    return _grid(f"{book.title} / {tab.title}", tab.title, values)


def _grid(file: str, title: str, values: list[list[Any]]) -> Grid:
    rows = [[_cell(v) for v in row] for row in values]
    filled = sum(1 for row in rows if any(c.strip() for c in row))
    if not filled:
        raise SourceError(f"worksheet '{title}' is empty")
    if filled == 1:
        raise SourceError(f"worksheet '{title}' has a header row but no data rows")
    return Grid(file, rows, list(range(1, len(rows) + 1)))


def _client(credentials: Mapping[str, Any]) -> gspread.Client:
    try:
        return gspread.service_account_from_dict(dict(credentials), scopes=list(SCOPES))
    except (ValueError, KeyError, TypeError):
        # The library's message may quote the key material; say only what is wrong.
        raise SourceError(
            "the Google service account in secrets.toml is incomplete or malformed"
        ) from None


def _open(client: gspread.Client, key: str, email: str) -> gspread.Spreadsheet:
    try:
        return client.open_by_key(key)
    except gspread.SpreadsheetNotFound:
        raise SourceError(
            "no spreadsheet found at this URL or key: check the URL (copy it from the browser)"
        ) from None
    except PermissionError:
        raise SourceError(f"Tandem may not open this sheet: share the sheet with {email}") from None


def _worksheet(book: gspread.Spreadsheet, title: str | None, gid: int | None) -> gspread.Worksheet:
    tabs = book.worksheets()
    titles = ", ".join(f"'{t.title}'" for t in tabs)
    if title is not None:
        match = [t for t in tabs if t.title == title]
        if not match:
            raise SourceError(f"no worksheet '{title}' in '{book.title}'; it has {titles}")
        return match[0]
    if gid is not None:
        match = [t for t in tabs if t.id == gid]
        if not match:
            raise SourceError(f"no worksheet with gid {gid} in '{book.title}'; it has {titles}")
        return match[0]
    if not tabs:
        raise SourceError(f"'{book.title}' has no worksheets")
    return tabs[0]


def _retrying(
    call: Callable[[], T],
    backoff: Sequence[float],
    sleep: Callable[[float], None],
    *,
    denied: str,
) -> T:
    """`call()`, retried after each delay in `backoff` on quota (429) and server errors."""
    for attempt in range(len(backoff) + 1):
        try:
            return call()
        except gspread.exceptions.APIError as exc:
            status = exc.response.status_code
            if status == 403:
                raise SourceError(f"Google refused access to this sheet (403): {denied}") from None
            if status not in _RETRY_STATUS:
                raise SourceError(f"Google Sheets answered with an error ({status})") from None
            problem = "quota exceeded (429)" if status == 429 else f"server error ({status})"
        except google.auth.exceptions.RefreshError:
            raise SourceError(
                "Google refused the service account's sign-in: check [gcp_service_account] "
                "in secrets.toml"
            ) from None
        except (requests.RequestException, google.auth.exceptions.TransportError) as exc:
            # google-auth wraps a token exchange's timeout in its TransportError.
            if isinstance(exc, requests.Timeout) or isinstance(exc.__cause__, requests.Timeout):
                problem = "no answer within the time limit (timeout)"
            else:
                problem = f"network error ({type(exc).__name__})"
        if attempt == len(backoff):
            break
        sleep(backoff[attempt])
    raise SourceError(f"Google Sheets kept failing: {problem}; gave up after {attempt + 1} tries")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
