"""Unknown is not zero: what the data does not provide has no value in any view, and says why.

First on the hand-made fixture with its first-touch times taken away, then on the real
Olist files (read by the connectors as the app reads them), where the Overview used to
show a 100 % win rate, a 0.0 d sales cycle, a 0 % SLA, every MQL as unworked, €0.00 per
MQL without any spend data, and a funnel going from 0 accepted to hundreds won.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from connectors import combine, read_source
from connectors.sources.config import SourceConfig
from contract.dataset import Dataset
from contract.schema import LEADS
from kpi.breakdown import breakdown
from kpi.filters import Filters
from kpi.funnel import funnel
from kpi.handoff import sla_by, speed_to_lead, unworked_mqls
from kpi.launch_relative import launch_relative
from kpi.model import Model, prepare
from kpi.series import time_series
from kpi.table import kpi_table
from tests.connectors.conftest import DATASETS, needs_datasets
from tests.kpi.fixtures import LEAD_ROWS, MARCH, fixture_model, frame

NO_TOUCHES = "not in this data: no first-touch times"
TOUCH_KPIS = ["speed_to_lead_hours", "sla_met_rate", "unworked_mqls", "event_followup_rate"]


def untouched() -> Model:
    leads = frame(LEADS, LEAD_ROWS).with_columns(first_touch_at=None)
    return fixture_model(leads=leads)


def notes(table: pl.DataFrame, kpi_ids: list[str]) -> dict[str, tuple[object, object]]:
    rows = table.filter(pl.col("kpi").is_in(kpi_ids)).select("kpi", "value", "note").rows()
    return {kpi: (value, note) for kpi, value, note in rows}


def test_without_first_touches_the_hand_off_kpis_are_unknown_in_the_table() -> None:
    table = kpi_table(untouched(), MARCH)
    assert notes(table, TOUCH_KPIS) == {kpi: (None, NO_TOUCHES) for kpi in TOUCH_KPIS}
    assert table.filter(pl.col("kpi").is_in(TOUCH_KPIS))["comparison"].null_count() == 4
    # What the data does provide is unchanged (tests/kpi/fixtures.py).
    assert notes(table, ["mqls", "acceptance_rate"]) == {
        "mqls": (5.0, None),
        "acceptance_rate": (2 / 3, None),
    }


def test_without_first_touches_series_breakdown_and_overlay_are_unknown() -> None:
    model = untouched()
    series = time_series(model, MARCH, ["unworked_mqls"])
    assert set(series.select("value", "comparison", "note").rows()) == {(None, None, NO_TOUCHES)}
    by_owner = breakdown(model, MARCH, "owner", ["mqls", "sla_met_rate", "unworked_mqls"])
    assert by_owner.rows() == [("Ann", 3.0, None, None), ("Bob", 2.0, None, None)]
    overlay = launch_relative(model, MARCH.narrowed(launches=("L1",)), "unworked_mqls")
    assert set(overlay.select("value", "cumulative", "note").rows()) == {(None, None, NO_TOUCHES)}


def test_without_first_touches_the_hand_off_views_have_no_numbers() -> None:
    model = untouched()
    speed = speed_to_lead(model, MARCH)
    assert (speed.median_hours, speed.p90_hours, speed.hours.height) == (None, None, 0)
    assert speed.reason == NO_TOUCHES
    by_owner = sla_by(model, MARCH, "owner")
    assert by_owner.rows() == [
        ("Ann", 3, None, None, None, None, None, NO_TOUCHES),
        ("Bob", 2, None, None, None, None, None, NO_TOUCHES),
    ]
    assert unworked_mqls(model, MARCH).is_empty()  # not "every MQL is waiting"
    assert speed_to_lead(fixture_model(), MARCH).reason is None


def test_a_funnel_stage_the_data_does_not_record_is_marked_not_zero() -> None:
    leads = frame(LEADS, LEAD_ROWS).with_columns(accepted_at=None, sql_at=None)
    stages = funnel(fixture_model(leads=leads), MARCH)
    # March cohort: A B C D E H; MQLs A B C D; A was won (tests/kpi/test_funnel.py).
    assert stages.rows() == [
        ("All", "leads", 6, None, 1.0, None),
        ("All", "mqls", 4, 4 / 6, 4 / 6, None),
        ("All", "accepted", None, None, None, "not in this data: no acceptance dates"),
        ("All", "sqls", None, None, None, "not in this data: no SQL dates"),
        ("All", "won", 1, None, 1 / 6, None),
    ]


OLIST = DATASETS / "olist"


def csv_ids(name: str) -> set[str]:
    with (OLIST / name).open(encoding="utf-8", newline="") as handle:
        return {row["mql_id"] for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def olist(tmp_path_factory: pytest.TempPathFactory) -> Model:
    source = SourceConfig(name="Olist", kind="folder", path=Path(OLIST))
    read = read_source(source, credentials=None, snapshot_dir=tmp_path_factory.mktemp("snap"))
    return prepare(Dataset.from_frames(combine([read])))


@needs_datasets
def test_olist_overview_says_what_the_files_do_not_hold(olist: Model) -> None:
    mqls = csv_ids("olist_marketing_qualified_leads_dataset.csv")
    won = csv_ids("olist_closed_deals_dataset.csv")
    view = Filters(start=olist.first_day, end=olist.last_day, compare="none")
    table = kpi_table(olist, view)
    assert notes(table, ["win_rate", "sales_cycle_days", "sla_met_rate", "unworked_mqls",
                         "cost_per_mql", "spend", "won_deals", "mqls"]) == {
        # The closed-deal file lists won deals only: a win rate would be 100 % by design.
        "win_rate": (None, "not in this data: no lost deals"),
        # Its deals have no creation date (the connector sets it to the won date).
        "sales_cycle_days": (None, "not in this data: no deal creation dates"),
        "sla_met_rate": (None, NO_TOUCHES),
        "unworked_mqls": (None, NO_TOUCHES),
        "cost_per_mql": (None, "not in this data: no spend"),
        "spend": (None, "not in this data: no spend"),
        "won_deals": (float(len(won)), None),
        "mqls": (float(len(mqls)), None),
    }  # fmt: skip


@needs_datasets
def test_olist_funnel_marks_the_stages_it_does_not_record(olist: Model) -> None:
    mqls = csv_ids("olist_marketing_qualified_leads_dataset.csv")
    won = csv_ids("olist_closed_deals_dataset.csv") & mqls
    view = Filters(start=olist.first_day, end=olist.last_day)
    stages = funnel(olist, view).select("stage", "count", "note").rows()
    assert stages == [
        ("leads", len(mqls), None),
        ("mqls", len(mqls), None),
        ("accepted", None, "not in this data: no acceptance dates"),
        ("sqls", None, "not in this data: no SQL dates"),
        ("won", len(won), None),
    ]
