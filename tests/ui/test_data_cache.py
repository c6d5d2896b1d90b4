"""Cached KPIs never outlive a change of one row in a source, even a change that keeps
the file's size and has its modification time set back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import data

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SPEND = (
    "date,launch_id,channel,campaign,platform,region,spend,impressions,clicks,conversions,"
    "conversion_value,currency\n"
    "2026-11-20,GLOW-SERUM,paid_social,Glow EU,Meta Ads,EU,1200.00,1000,10,1,60,EUR\n"
    "2026-11-21,GLOW-SERUM,paid_social,Glow EU,Meta Ads,EU,800.00,1000,10,1,60,EUR\n"
)


@pytest.fixture
def export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "spend.csv").write_text(SPEND, encoding="utf-8")
    (tmp_path / "sources.toml").write_text(
        '[settings]\nsnapshot_dir = "snapshots"\n\n'
        '[[source]]\nname = "Ads export"\nkind = "file"\npath = "spend.csv"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("TANDEM_SOURCES", str(tmp_path / "sources.toml"))
    return tmp_path / "spend.csv"


def spend_tile() -> str:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["period"] = ["2026-11-20", "2026-11-21"]
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return {m.label: m.value for m in app.metric}["Spend"]


def rewrite_in_place(path: Path, old: str, new: str) -> None:
    """Change the file's content, keeping its size and its modification time."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert len(old) == len(new) and text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_one_changed_row_is_a_new_data_version_even_with_size_and_mtime_kept(
    export: Path,
) -> None:
    assert spend_tile() == "€2,000"
    assert spend_tile() == "€2,000"  # the cached read serves the second session
    key = data._sources_key()

    rewrite_in_place(export, ",800.00,", ",900.00,")

    assert data._sources_key() != key
    assert spend_tile() == "€2,100"


def test_a_file_rewritten_with_the_same_content_keeps_its_key(export: Path) -> None:
    key = data._sources_key()
    export.write_bytes(export.read_bytes())
    os.utime(export, ns=(1_000_000_000, 1_000_000_000))  # another time, same bytes
    assert data._sources_key() == key
