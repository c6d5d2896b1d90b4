"""Tests run on the demo data unless they configure sources themselves.

A developer's own sources.toml in the working directory must not change what the
tests see, so TANDEM_SOURCES points at a file that does not exist; nor must the
developer's notes, so TANDEM_NOTES_DB points at the run's own SQLite file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors import demo_tables
from contract.dataset import Dataset
from kpi.model import Model, prepare


@pytest.fixture(autouse=True)
def no_configured_sources(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    missing = tmp_path_factory.getbasetemp() / "no-sources.toml"
    monkeypatch.setenv("TANDEM_SOURCES", str(Path(missing)))
    # Notes go to a file of the test run's own, never the developer's .tandem/notes.db.
    monkeypatch.setenv("TANDEM_NOTES_DB", str(tmp_path_factory.getbasetemp() / "notes.db"))


@pytest.fixture(scope="session")
def demo_model() -> Model:
    """The demo brand, read as a source and prepared once for every test that reads it."""
    return prepare(Dataset.from_frames(demo_tables()))
