"""A small file source: two spend rows, EUR 2,000 on 20 and 21 Nov 2026."""

from __future__ import annotations

from pathlib import Path

import pytest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SPEND = (
    "date,launch_id,channel,campaign,platform,region,spend,impressions,clicks,conversions,"
    "conversion_value,currency\n"
    "2026-11-20,GLOW-SERUM,paid_social,Glow EU,Meta Ads,EU,1200.00,1000,10,1,60,EUR\n"
    "2026-11-21,GLOW-SERUM,paid_social,Glow EU,Meta Ads,EU,800.00,1000,10,1,60,EUR\n"
)


@pytest.fixture
def spend_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The export file; sources.toml beside it is what the app reads (TANDEM_SOURCES)."""
    (tmp_path / "spend.csv").write_text(SPEND, encoding="utf-8")
    (tmp_path / "sources.toml").write_text(
        '[settings]\nsnapshot_dir = "snapshots"\n\n'
        '[[source]]\nname = "Ads export"\nkind = "file"\npath = "spend.csv"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("TANDEM_SOURCES", str(tmp_path / "sources.toml"))
    return tmp_path / "spend.csv"
