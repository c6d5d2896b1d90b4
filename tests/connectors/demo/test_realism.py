"""The demo looks like a real brand: launches differ in shape and success, the view the
app opens on is a mix of up and down, and the revenue lines do not move in lockstep.

Every figure is computed here from the raw tables (amounts converted to euros with the
demo's own fx_rates), not with Tandem's KPI engine.
"""

from datetime import date, datetime, timedelta

import polars as pl
import pytest

from connectors.demo import DEFAULT_LEADS, DEFAULT_SEED, generate

LAST_DAY = date(2026, 11, 26)
# The app opens on the last 90 days of data, compared with the 90 days before.
VIEW = (LAST_DAY - timedelta(days=89), LAST_DAY)
BEFORE = (VIEW[0] - timedelta(days=90), VIEW[0] - timedelta(days=1))
LAUNCH_DAYS = {
    "GLOW-SERUM": date(2025, 1, 20),
    "VELVET-LIP": date(2025, 4, 14),
    "NOIR-FRAGRANCE": date(2025, 9, 8),
    "SHIELD-SPF": date(2026, 3, 2),
    "SILK-HAIR-OIL": date(2026, 5, 18),
    "ATELIER-PRO": date(2026, 8, 3),
}


@pytest.fixture(scope="module", params=[DEFAULT_SEED, 11], ids=lambda seed: f"seed {seed}")
def demo(request: pytest.FixtureRequest) -> dict[str, pl.DataFrame]:
    return generate(seed=request.param, n_leads=DEFAULT_LEADS)


def in_euros(tables: dict[str, pl.DataFrame], name: str, amount: str, day: pl.Expr) -> pl.DataFrame:
    rates = tables["fx_rates"].rename({"date": "month"})
    return (
        tables[name]
        .with_columns(month=day.dt.truncate("1mo").cast(pl.Date))
        .join(rates, on=["month", "currency"], how="left")
        .with_columns(eur=pl.col(amount) * pl.col("rate").fill_null(1.0))
    )


def between(column: str, period: tuple[date, date]) -> pl.Expr:
    return pl.col(column).cast(pl.Date).is_between(*period)


def change(frame: pl.DataFrame, column: str, measure: pl.Expr) -> float:
    now = frame.filter(between(column, VIEW)).select(measure).item()
    then = frame.filter(between(column, BEFORE)).select(measure).item()
    return float(now / then - 1)


def test_the_opening_view_is_a_mix_of_up_and_down(demo: dict[str, pl.DataFrame]) -> None:
    changes = {
        "mqls": change(demo["leads"], "mql_at", pl.len()),
        "spend": change(in_euros(demo, "spend", "spend", pl.col("date")), "date", pl.sum("eur")),
        "won revenue": change(
            in_euros(demo, "deals", "amount", pl.col("closed_at")).filter(pl.col("is_won")),
            "closed_at",
            pl.sum("eur"),
        ),
        "order revenue": change(
            in_euros(demo, "orders", "revenue", pl.col("date")), "date", pl.sum("eur")
        ),
    }
    assert any(value > 0.02 for value in changes.values()), changes
    assert any(value < -0.02 for value in changes.values()), changes


def test_some_launches_grow_while_others_shrink(demo: dict[str, pl.DataFrame]) -> None:
    mqls = {
        launch: change(demo["leads"].filter(pl.col("launch_id") == launch), "mql_at", pl.len())
        for launch in LAUNCH_DAYS
    }
    growing = {launch for launch, value in mqls.items() if value > 0.2}
    shrinking = {launch for launch, value in mqls.items() if value < -0.1}
    # The slow burner and the seasonal gift take off in autumn; the summer product
    # ended, the fading hit keeps fading and the flop never took off.
    assert growing == {"SILK-HAIR-OIL", "NOIR-FRAGRANCE"}, mqls
    assert shrinking == {"SHIELD-SPF", "VELVET-LIP", "ATELIER-PRO"}, mqls


def test_won_and_order_revenue_do_not_move_in_lockstep(demo: dict[str, pl.DataFrame]) -> None:
    won = in_euros(demo, "deals", "amount", pl.col("closed_at")).filter(pl.col("is_won"))
    orders = in_euros(demo, "orders", "revenue", pl.col("date"))
    won_change = change(won, "closed_at", pl.sum("eur"))
    order_change = change(orders, "date", pl.sum("eur"))
    assert abs(won_change - order_change) > 0.05, (won_change, order_change)


def test_launch_curves_peak_at_different_times(demo: dict[str, pl.DataFrame]) -> None:
    launches = pl.DataFrame(
        {"launch_id": list(LAUNCH_DAYS), "launched": list(LAUNCH_DAYS.values())},
        schema_overrides={"launch_id": pl.Categorical},
    )
    weekly = (
        demo["leads"]
        .drop_nulls("mql_at")
        .join(launches, on="launch_id")
        .with_columns(week=(pl.col("mql_at").dt.date() - pl.col("launched")).dt.total_days() // 7)
        .group_by("launch_id", "week")
        .agg(mqls=pl.len())
    )
    peak = dict(
        weekly.sort("mqls", "week", descending=[True, False])
        .group_by("launch_id")
        .agg(pl.col("week").first())
        .iter_rows()
    )
    assert len(set(peak.values())) >= 4, peak
    assert peak["VELVET-LIP"] <= 1, peak  # the social-media hit peaks in its launch week
    assert peak["ATELIER-PRO"] <= 1, peak  # the flop's launch event is its best week
    assert 8 <= peak["SHIELD-SPF"] <= 22, peak  # the summer product peaks in summer
    assert peak["SILK-HAIR-OIL"] >= 16, peak  # the slow burner peaks months after launch
    assert peak["SILK-HAIR-OIL"] > peak["SHIELD-SPF"] > peak["GLOW-SERUM"], peak


def test_the_fading_hit_fades_and_the_steady_one_holds(demo: dict[str, pl.DataFrame]) -> None:
    def quarter_mqls(launch: str, quarter: int) -> int:
        start = LAUNCH_DAYS[launch] + timedelta(days=91 * quarter)
        rows = demo["leads"].filter(
            pl.col("launch_id") == launch,
            between("mql_at", (start, start + timedelta(days=90))),
        )
        return rows.height

    assert quarter_mqls("VELVET-LIP", 5) < 0.25 * quarter_mqls("VELVET-LIP", 0)
    assert quarter_mqls("GLOW-SERUM", 5) > 0.6 * quarter_mqls("GLOW-SERUM", 0)


def test_calendar_moments_show_in_the_orders(demo: dict[str, pl.DataFrame]) -> None:
    orders = demo["orders"]
    per_day = orders.group_by("date").agg(n=pl.len())
    black_friday = per_day.filter(pl.col("date").is_between(date(2025, 11, 28), date(2025, 12, 1)))[
        "n"
    ].mean()
    fortnight_before = per_day.filter(
        pl.col("date").is_between(date(2025, 11, 14), date(2025, 11, 27))
    )["n"].mean()
    assert black_friday > 1.8 * fortnight_before
    silk = orders.filter(pl.col("launch_id") == "SILK-HAIR-OIL")
    assert silk.filter(pl.col("date").is_between(date(2026, 7, 6), date(2026, 7, 19))).is_empty()
    # Velvet's shelf price rose 8 % on 1 April 2026: euro shoppers paid 24.00 a unit, then 25.92.
    rise = date(2026, 4, 1)
    velvet = orders.filter(
        pl.col("launch_id") == "VELVET-LIP", pl.col("channel") == "dtc", pl.col("currency") == "EUR"
    ).with_columns(unit_price=pl.when(pl.col("date") < rise).then(24.0).otherwise(25.92))
    assert velvet.filter(pl.col("date") >= rise).height > 100
    assert (velvet["revenue"] == (velvet["units"] * velvet["unit_price"]).round(2)).all()


def test_the_flop_is_far_behind_its_plan(demo: dict[str, pl.DataFrame]) -> None:
    targets = demo["targets"].filter(pl.col("launch_id") == "ATELIER-PRO", pl.col("kpi") == "mqls")
    planned = targets["target"].sum()
    mqls = (
        demo["leads"]
        .filter(
            pl.col("launch_id") == "ATELIER-PRO",
            pl.col("mql_at").is_between(
                datetime.combine(targets["period_start"].min(), datetime.min.time()),
                datetime.combine(targets["period_end"].max(), datetime.max.time()),
            ),
        )
        .height
    )
    assert mqls < 0.7 * planned
