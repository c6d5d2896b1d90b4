"""AppTest helpers: run the real app (router, filters, page) as a session would."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.runtime.media_file_storage import MediaFileKind
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

import connectors
from kpi.dataset import Dataset
from kpi.model import Model, prepare
from ui.data import DEMO_SOURCE

APP = "../../app.py"  # AppTest.from_file resolves relative to this file


@pytest.fixture
def run_app() -> Callable[..., AppTest]:
    def run(page: str | None = None, **params: str | list[str]) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=60)
        for key, value in params.items():
            app.query_params[key] = value
        app.run()
        if page is not None:
            app.switch_page(page)
            app.run()
        assert not app.exception, [e.value for e in app.exception]
        return app

    return run


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What each download button would serve, by file name."""
    captured: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(
        self: MemoryMediaFileStorage,
        path_or_data: str | bytes,
        mimetype: str,
        kind: MediaFileKind,
        filename: str | None = None,
    ) -> str:
        if kind == MediaFileKind.DOWNLOADABLE and isinstance(path_or_data, bytes):
            captured[filename or ""] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return captured


@functools.cache
def demo_model() -> Model:
    """The demo data composed as the app composes it (connectors, then the KPI model)."""
    read = connectors.read_source(DEMO_SOURCE, credentials=None, snapshot_dir=Path("unused"))
    return prepare(Dataset.from_frames(connectors.combine([read])))
