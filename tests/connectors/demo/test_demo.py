from datetime import date
from pathlib import Path

import polars as pl
import pytest

from connectors import SourceConfig, combine, read_source
from connectors.demo import generate
from contract.schema import TABLES, UNASSIGNED, check_frame


@pytest.fixture(scope="module")
def demo() -> dict[str, pl.DataFrame]:
    return generate(seed=3, n_leads=4_000)


def test_same_seed_same_data(demo: dict[str, pl.DataFrame]) -> None:
    again = generate(seed=3, n_leads=4_000)
    assert all(demo[name].equals(again[name]) for name in TABLES)


def test_other_seed_other_data(demo: dict[str, pl.DataFrame]) -> None:
    assert not generate(seed=4, n_leads=4_000)["leads"].equals(demo["leads"])


def test_every_table_is_valid(demo: dict[str, pl.DataFrame]) -> None:
    assert {name: check_frame(name, demo[name]) for name in TABLES} == {name: [] for name in TABLES}


def test_size_is_a_parameter_and_tables_grow_in_proportion(demo: dict[str, pl.DataFrame]) -> None:
    assert demo["leads"].height == 4_000
    assert demo["orders"].height == 8_000
    assert 0.15 < demo["deals"].height / 4_000 < 0.3


def test_six_launches_over_24_months(demo: dict[str, pl.DataFrame]) -> None:
    launches = demo["launches"]
    assert launches.height >= 6
    described = launches.select("target_audience", "brief", "marketing_owner", "sales_owner")
    assert described.null_count().row(0) == (0, 0, 0, 0)
    created = demo["leads"]["created_at"].dt.date()
    assert created.min() >= date(2024, 12, 1)
    assert demo["orders"]["date"].max() == date(2026, 11, 26)
    assert (created.max() - created.min()).days >= 700  # about 24 months


def test_stage_timestamps_are_in_order(demo: dict[str, pl.DataFrame]) -> None:
    leads = demo["leads"]
    pairs = [
        ("created_at", "mql_at"),
        ("mql_at", "first_touch_at"),
        ("first_touch_at", "accepted_at"),
        ("first_touch_at", "rejected_at"),
        ("accepted_at", "sql_at"),
        ("sql_at", "won_at"),
        ("sql_at", "lost_at"),
    ]
    out_of_order = {f"{a}>{b}": leads.filter(pl.col(a) > pl.col(b)).height for a, b in pairs}
    assert out_of_order == {f"{a}>{b}": 0 for a, b in pairs}
    # a later stage never exists without the one before it
    assert (
        leads.filter(pl.col("sql_at").is_not_null() & pl.col("accepted_at").is_null()).height == 0
    )
    assert (
        leads.filter(pl.col("won_at").is_not_null() & pl.col("lost_at").is_not_null()).height == 0
    )


def test_realistic_funnel_variety(demo: dict[str, pl.DataFrame]) -> None:
    leads, deals = demo["leads"], demo["deals"]
    mqls = leads.filter(pl.col("mql_at").is_not_null())
    assert mqls.filter(pl.col("rejected_at").is_not_null())["reject_reason"].null_count() == 0
    assert mqls.filter(pl.col("rejected_at").is_not_null()).height > 100
    assert mqls.filter(pl.col("first_touch_at").is_null()).height > 50  # never touched
    median_by_rep = mqls.group_by("owner").agg(
        hours=((pl.col("first_touch_at") - pl.col("mql_at")).dt.total_minutes() / 60).median()
    )["hours"]
    assert median_by_rep.max() > 3 * median_by_rep.min()  # speed-to-lead varies by rep
    assert set(deals["source"].unique()) >= {"marketing", "sales"}
    assert (
        deals.filter(pl.col("source") == "sales")["lead_id"].null_count()
        == deals.filter(pl.col("source") == "sales").height
    )
    assert set(demo["orders"]["channel"].unique()) == {"dtc", "retail", "pro"}


def test_campaigns_only_launch_rules_can_map(demo: dict[str, pl.DataFrame]) -> None:
    unmapped = demo["spend"].filter(pl.col("launch_id") == UNASSIGNED)["campaign"].unique().sort()
    assert unmapped.len() == 3
    rules = demo["launch_rules"]
    assert rules.height == 3
    assert set(rules["launch_id"]) <= set(demo["launches"]["launch_id"])


def test_targets_and_events(demo: dict[str, pl.DataFrame]) -> None:
    targets = demo["targets"]
    assert set(targets["kpi"].unique()) == {"mqls", "spend", "revenue"}
    assert (targets["period_start"].dt.day() == 1).all()
    kinds = set(demo["events"]["kind"])
    assert {"launch_event", "stockout"} <= kinds


@pytest.mark.parametrize(("seed", "n_leads"), [(1, 1), (2, 10), (1, 200), (2, 300)])
def test_small_sizes_are_valid_too(seed: int, n_leads: int) -> None:
    tables = generate(seed=seed, n_leads=n_leads)
    assert tables["leads"].height == n_leads
    assert {name: check_frame(name, tables[name]) for name in TABLES} == {
        name: [] for name in TABLES
    }


def test_each_region_sells_in_its_currency_with_a_rate_for_every_month(
    demo: dict[str, pl.DataFrame],
) -> None:
    expected = {"EU": "EUR", "UK": "GBP", "US": "USD", "APAC": "EUR"}
    for name in ("spend", "deals", "orders"):
        pairs = dict(demo[name].select("region", "currency").unique().iter_rows())
        assert pairs == {r: c for r, c in expected.items() if r in pairs}, name
        assert set(demo[name]["currency"]) == {"EUR", "GBP", "USD"}, name
    rates = demo["fx_rates"]
    months = {date(y, m, 1) for y, m in [(2024, 12)] + [(2025, m) for m in range(1, 13)]}
    months |= {date(2026, m, 1) for m in range(1, 12)}
    for currency in ("GBP", "USD"):
        assert set(rates.filter(pl.col("currency") == currency)["date"]) == months


def test_read_as_a_source_every_amount_is_in_euros_again() -> None:
    raw = generate(seed=3, n_leads=2_000)
    read = read_source(
        SourceConfig(name="Demo", kind="demo", options={"seed": 3, "leads": 2_000}),
        credentials=None,
        snapshot_dir=Path("unused"),
    )
    tables = combine([read])
    rates = {(d, c): r for d, c, r in raw["fx_rates"].iter_rows()}
    uk = raw["orders"].filter(pl.col("region") == "UK").row(0, named=True)
    month = uk["date"].replace(day=1)
    converted = tables["orders"].filter(pl.col("order_id") == uk["order_id"]).row(0, named=True)
    assert converted["currency"] == "EUR"
    assert converted["revenue"] == pytest.approx(uk["revenue"] * rates[(month, "GBP")])
    for name in ("spend", "deals", "orders"):
        assert set(tables[name]["currency"]) == {"EUR"}, name
    assert any("converted to EUR at the fx_rates rate" in w for w in read.health.warnings)
