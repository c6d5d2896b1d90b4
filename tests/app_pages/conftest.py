"""AppTest helpers: run the real app (router, filters, page) as a session would."""

from __future__ import annotations

import functools
from collections.abc import Callable
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
