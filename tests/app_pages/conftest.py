"""AppTest helpers: run the real app (router, filters, page) as a session would."""

from __future__ import annotations

import functools
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import connectors
from contract.dataset import Dataset
from kpi.model import Model, prepare
from tests.apptest import capture_downloads, open_app
from ui.data import DEMO_SOURCE


@pytest.fixture
def run_app() -> Callable[..., AppTest]:
    return open_app


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    return capture_downloads(monkeypatch)


@functools.cache
def demo_model() -> Model:
    """The demo data composed as the app composes it (connectors, then the KPI model)."""
    read = connectors.read_source(DEMO_SOURCE, credentials=None, snapshot_dir=Path("unused"))
    return prepare(Dataset.from_frames(connectors.combine([read])))


class _Cells(HTMLParser):
    """The rows of every <table> in a piece of HTML, as cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(app: AppTest) -> list[list[list[str]]]:
    """Every table the page drew (ui/tables.py draws them as HTML), header row first."""
    found: list[list[list[str]]] = []
    for element in app.get("html"):
        parser = _Cells()
        parser.feed(element.proto.body)
        found += parser.tables
    return found


def html_text(app: AppTest) -> str:
    return " ".join(element.proto.body for element in app.get("html"))
