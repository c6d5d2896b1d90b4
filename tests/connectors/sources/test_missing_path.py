"""A configured file or folder that vanishes (a sync or mount gap) fails its source only.

It is served from its last good snapshot, "stale since" its last read; the other sources
and sources.toml itself are untouched. Before, one missing path refused the whole file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from connectors import SourceRead, load_config, read_source

LEADS = "lead_id,created_at\nL1,2024-03-01\nL2,2024-03-02\n"
SOURCES = """
[settings]
snapshot_dir = "snaps"

[[source]]
name = "CRM"
kind = "file"
path = "exports/leads.csv"

[[source]]
name = "Shared drive"
kind = "folder"
path = "drive"
"""


@pytest.fixture
def configured(tmp_path: Path) -> Path:
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "leads.csv").write_text(LEADS, encoding="utf-8")
    (tmp_path / "drive").mkdir()
    (tmp_path / "drive" / "more.csv").write_text(
        "lead_id,created_at\nD1,2024-04-01\n", encoding="utf-8"
    )
    (tmp_path / "sources.toml").write_text(SOURCES, encoding="utf-8")
    return tmp_path / "sources.toml"


def _reads(path: Path) -> dict[str, SourceRead]:
    config = load_config(path)
    assert config is not None
    return {
        s.name: read_source(s, credentials=None, snapshot_dir=config.snapshot_dir)
        for s in config.sources
    }


@pytest.mark.parametrize(("gone", "kind"), [("exports/leads.csv", "file"), ("drive", "folder")])
def test_a_vanished_path_is_served_from_its_snapshot_and_the_rest_is_untouched(
    configured: Path, gone: str, kind: str
) -> None:
    first = _reads(configured)
    vanished = configured.parent / gone
    shutil.rmtree(vanished) if vanished.is_dir() else vanished.unlink()

    config = load_config(configured)  # the file still loads
    assert config is not None and [s.name for s in config.sources] == ["CRM", "Shared drive"]
    second = _reads(configured)
    name = "CRM" if kind == "file" else "Shared drive"
    other = "Shared drive" if kind == "file" else "CRM"
    stale, healthy = second[name], second[other]
    assert stale.stale_since == first[name].read_at
    assert stale.tables["leads"].equals(first[name].tables["leads"])
    assert stale.health.error == (
        f"no {kind} at {vanished} (moved or deleted, or its drive or sync folder is not mounted)"
    )
    assert healthy.stale_since is None and healthy.health.error is None
    assert healthy.tables["leads"].height == first[other].tables["leads"].height


def test_a_path_missing_from_the_start_fails_only_its_source(configured: Path) -> None:
    (configured.parent / "exports" / "leads.csv").unlink()
    reads = _reads(configured)
    assert reads["CRM"].health.error is not None
    assert reads["CRM"].tables["leads"].is_empty()
    assert reads["Shared drive"].tables["leads"]["lead_id"].to_list() == ["D1"]
