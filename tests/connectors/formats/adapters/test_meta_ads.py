"""Meta Ads Manager exports in the public column layout, in English, Spanish and Portuguese.

Expected figures come from the files with the csv module and arithmetic by hand: a
window's cents shared equally over its days, the remainder one cent each to the first.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta

import polars as pl
import pytest

from tests.connectors.conftest import VENDORS, only, read_text, read_vendor


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _shares(cents: int, days: int) -> list[int]:
    return [cents // days + (1 if i < cents % days else 0) for i in range(days)]


def test_three_years_without_a_day_breakdown_are_never_put_on_the_first_day() -> None:
    """The issue's case: ads for 2023-02-05 to 2026-03-05 must show spend in 2025."""
    rows = list(csv.DictReader((VENDORS / "meta_ads_ads_no_day_en.csv").open(encoding="utf-8")))
    window = [r for r in rows if r["Reporting starts"] != r["Reporting ends"]]
    glow = sum(
        float(r["Amount spent (USD)"]) for r in window if r["Campaign name"].startswith("Glow")
    )
    assert glow == 3456.78 + 1200.05  # the two Glow ads add up into one campaign
    days = _days(date(2023, 2, 5), date(2026, 3, 5))
    shares = _shares(round(glow * 100), len(days))  # 465,683 cents over 1,125 days
    in_2025 = sum(s for d, s in zip(days, shares, strict=True) if d.year == 2025) / 100

    frames, health = read_vendor("meta_ads_ads_no_day_en.csv")
    spend = only(frames, "spend")
    always_on = spend.filter(pl.col("campaign") == "Glow Serum - Always on").sort("date")
    assert always_on["date"].to_list() == days
    assert always_on["spend"].to_list() == [s / 100 for s in shares]
    assert always_on["estimated"].all()
    assert always_on.filter(pl.col("date").dt.year() == 2025)["spend"].sum() == pytest.approx(
        in_2025
    )
    assert always_on["impressions"].sum() == 98400 + 51003
    one_day = spend.filter(pl.col("campaign") == "Glow Serum - Retargeting")
    assert one_day.select("date", "spend", "estimated").rows() == [(date(2026, 3, 5), 15.5, False)]
    assert round(spend["spend"].sum(), 2) == round(
        sum(float(r["Amount spent (USD)"]) for r in rows), 2
    )
    assert set(spend["currency"]) == {"USD"} and set(spend["channel"]) == {"paid_social"}
    estimates = [w for w in health.warnings if w.startswith("Estimate")]
    assert estimates == [
        "Estimate: meta_ads_ads_no_day_en.csv gives 2 row(s) of spend for 2023-02-05 to "
        "2026-03-05 as one amount each (no Day breakdown); Tandem spread each evenly over the "
        "1125 days. Totals over the whole period are exact; a view of part of it gets an even "
        "share, not the real daily spend. Export with a Day breakdown for real days."
    ]


def test_spanish_headers_by_day_are_daily_data() -> None:
    frames, health = read_vendor("meta_ads_campaigns_by_day_es.csv")
    spend = only(frames, "spend").sort("campaign", "date")
    assert spend.select(
        "date", "campaign", "spend", "impressions", "clicks", "currency"
    ).rows() == [
        (date(2026, 3, 1), "Sérum Glow - Prospección", 12.5, 1200, 40, "EUR"),
        (date(2026, 3, 2), "Sérum Glow - Prospección", 9.8, 1050, 31, "EUR"),
        (date(2026, 3, 1), "Sérum Glow - Retargeting", 4.25, 300, 9, "EUR"),
    ]
    assert not spend["estimated"].any()
    assert not [w for w in health.warnings if w.startswith("Estimate")]


def test_portuguese_headers_without_a_day_breakdown() -> None:
    frames, _ = read_vendor("meta_ads_campaigns_no_day_pt_br.csv")
    spend = only(frames, "spend")
    days = _days(date(2026, 5, 1), date(2026, 5, 10))
    conversions = spend.filter(pl.col("campaign") == "Sérum Glow - Conversões").sort("date")
    assert conversions["date"].to_list() == days
    assert conversions["spend"].to_list() == [123.45] * 10  # "1.234,50" BRL over 10 days
    assert conversions["impressions"].to_list() == [9840] * 10
    assert conversions["clicks"].to_list() == [183] * 10
    assert set(spend["currency"]) == {"BRL"}


def test_a_window_ending_before_it_starts_is_refused_with_its_line() -> None:
    text = (
        "Reporting starts,Reporting ends,Campaign name,Amount spent (EUR)\n"
        "2024-03-01,2024-03-02,Glow,10.00\n"
        "2024-03-05,2024-03-01,Glow,99.00\n"
    )
    frames, health = read_text("meta.csv", text)
    assert only(frames, "spend")["spend"].to_list() == [5.0, 5.0]
    assert [(r.line, r.column, r.reason) for r in health.refused] == [
        (3, "Reporting ends", "'Reporting ends' is not a date on or after 'Reporting starts'")
    ]
    assert (health.rows_read, health.rows_kept, health.rows_refused) == (2, 1, 1)


def test_an_ad_level_export_without_campaign_names_uses_the_ad_set() -> None:
    text = (
        "Day,Ad set name,Ad name,Amount spent (USD),Impressions\n"
        "2024-03-01,Glow - broad,Glow - video,10.50,100\n"
        "2024-03-01,Glow - broad,Glow - carousel,4.50,50\n"
    )
    frames, health = read_text("ads.csv", text)
    assert only(frames, "spend").select("campaign", "spend", "impressions").rows() == [
        ("Glow - broad", 15.0, 150)
    ]
    assert health.warnings[0] == (
        "ads.csv: no campaign name column; each row is filed under its ad set name as its "
        "campaign (launch rules can match it)"
    )


BY_DAY = """\
Day;Campaign name;Amount spent (USD);Impressions;Link clicks;Region
2024-03-01;Glow;12,50;1000;10;Lisbon
2024-03-02;Glow;7,25;800;;Lisbon
;Glow;1,00;1;1;Lisbon
"""


def test_day_breakdown_with_semicolons_and_decimal_commas() -> None:
    frames, health = read_text("meta_days.csv", BY_DAY)
    spend = only(frames, "spend")
    assert spend.select("date", "spend", "clicks", "region", "currency").rows() == [
        (date(2024, 3, 1), 12.5, 10, "Lisbon", "USD"),
        (date(2024, 3, 2), 7.25, None, "Lisbon", "USD"),
    ]
    assert [(r.line, r.column, r.reason) for r in health.refused] == [
        (4, "Day", "no value in 'Day', needed for date")
    ]


def test_ad_set_rows_add_up_to_one_campaign_day() -> None:
    text = (
        "Day,Campaign name,Ad set name,Region,Amount spent (USD),Impressions,Link clicks\n"
        "2024-03-01,Glow,Set A,Lisbon,10.50,100,\n"
        "2024-03-01,Glow,Set B,Porto,4.50,50,\n"
        "2024-03-01,Other,Set C,Porto,1.00,5,2\n"
    )
    frames, health = read_text("sets.csv", text)
    spend = only(frames, "spend")
    assert spend.select("campaign", "spend", "impressions", "clicks", "region").rows() == [
        ("Glow", 15.0, 150, None, None),
        ("Other", 1.0, 5, 2, "Porto"),
    ]
    assert (health.rows_read, health.rows_kept, health.rows_refused) == (3, 3, 0)
    assert health.warnings == [
        "sets.csv: columns Tandem does not use were left out: Ad set name",
        "sets.csv: 3 rows added up into 2 date, campaign, channel rows (the export has "
        "several rows per campaign and day, e.g. per ad set or region)",
    ]
