"""Running the real app (router, sign-in gate, filters, page) in-process, as a session would."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.media_file_storage import MediaFileKind
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_app(
    page: str | None = None,
    *,
    secrets: Mapping[str, Any] | None = None,
    user: Mapping[str, Any] | None = None,
    **params: str | list[str],
) -> AppTest:
    """The app after its first run with these URL parameters, then on `page` if given."""
    app = AppTest.from_file(APP, default_timeout=60)
    app.secrets.update(secrets or {})
    if user is not None:
        app.user = dict(user)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    if page is not None:
        app.switch_page(page)
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def capture_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What each download button serves, by file name, filled as the app runs."""
    captured: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(
        self: MemoryMediaFileStorage,
        path_or_data: str | bytes,
        mimetype: str,
        kind: MediaFileKind,
        filename: str | None = None,
    ) -> str:
        if kind == MediaFileKind.DOWNLOADABLE:
            data = path_or_data
            captured[filename or ""] = data if isinstance(data, bytes) else Path(data).read_bytes()
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return captured
