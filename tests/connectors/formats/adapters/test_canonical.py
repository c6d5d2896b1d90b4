from __future__ import annotations

import io
from datetime import date, datetime

import polars as pl

from connectors.formats.export import read_export
from connectors.health import DataHealth
from contract.schema import TABLES, check_frame
from tests.connectors.conftest import only, read_text


def test_canonical_leads_without_launch_id_go_unassigned() -> None:
    text = "lead_id,created_at,channel,notes\nL1,2024-03-01 10:00,email,hi\nL2,,social,\n"
    frames, health = read_text("leads.csv", text)
    leads = only(frames, "leads")
    assert health.format == "canonical_leads"
    assert leads.select("lead_id", "created_at", "launch_id").rows() == [
        ("L1", datetime(2024, 3, 1, 10), "(unassigned)")
    ]
    assert "leads.csv: columns Tandem does not use were left out: notes" in health.warnings
    assert [(r.line, r.column) for r in health.refused] == [(3, "created_at")]
    assert check_frame("leads", leads) == []


def test_allowed_values_are_checked_and_targets_keep_empty_launch() -> None:
    text = (
        "period_start,period_end,launch_id,kpi,target\n"
        "2024-01-01,2024-03-31,,revenue,100000\n"
        "2024-01-01,2024-03-31,L1,revenue,50000\n"
    )
    targets = only(read_text("targets.csv", text)[0], "targets")
    assert targets["launch_id"].to_list() == [None, "L1"]
    events = "date,kind,title\n2024-03-01,launch_event,Glow launch\n2024-03-02,party,Oops\n"
    frames, health = read_text("events.csv", events)
    assert only(frames, "events")["title"].to_list() == ["Glow launch"]
    assert [(r.line, r.reason) for r in health.refused] == [
        (3, "kind 'party' is not one of launch_event, campaign, pr, stockout, price_change, other")
    ]


def test_a_parquet_table_round_trips() -> None:
    launches = pl.DataFrame(
        {"launch_id": ["L1"], "name": ["Glow"], "launch_date": [date(2024, 3, 1)]}
    )
    buffer = io.BytesIO()
    launches.write_parquet(buffer)
    health = DataHealth("p")
    frame = only(read_export("launches.parquet", buffer.getvalue(), health), "launches")
    assert frame.select("launch_id", "name", "launch_date").rows() == [
        ("L1", "Glow", date(2024, 3, 1))
    ]
    assert frame.schema == TABLES["launches"].schema
