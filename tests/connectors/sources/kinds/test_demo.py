from __future__ import annotations

import sys
import types
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from connectors import read_source
from connectors.sources.config import SourceConfig
from contract.schema import TABLES


def test_demo_source_calls_the_generator_with_its_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, object]] = []

    def generate(**kwargs: object) -> dict[str, pl.DataFrame]:
        calls.append(kwargs)
        return {"launches": TABLES["launches"].empty()}

    module = types.ModuleType("connectors.demo")
    module.generate = generate  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "connectors.demo", module)
    source = SourceConfig(name="Demo", kind="demo", options={"seed": 3, "leads": 100})
    read = read_source(source, credentials=None, snapshot_dir=tmp_path)
    assert calls == [{"seed": 3, "n_leads": 100}]
    assert read.health.error is None and read.health.format == "demo"
    assert not any(tmp_path.iterdir())  # the demo is regenerated, never snapshotted


def test_the_real_demo_generator_gives_valid_tables(tmp_path: Path) -> None:
    pytest.importorskip("connectors.demo", reason="the demo generator has not landed yet")
    read = read_source(
        SourceConfig(name="Demo", kind="demo", options={"seed": 1, "leads": 500}),
        credentials=None,
        snapshot_dir=tmp_path,
    )
    assert read.health.error is None
    assert read.tables["leads"].height == 500
    assert read.read_at is not None and read.read_at <= datetime.now(UTC)
