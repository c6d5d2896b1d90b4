"""Hand-made Meta Ads Manager exports following the public column layout."""

from __future__ import annotations

from datetime import date

from tests.connectors.conftest import only, read_text

WHOLE_RANGE = """\
Reporting starts,Reporting ends,Campaign name,Campaign delivery,Results,Result indicator,Reach,Impressions,Cost per result,Amount spent (EUR),Link clicks,Ends
2024-03-01,2024-03-31,Glow Serum - Launch,active,120,actions:offsite_conversion.fb_pixel_purchase,"45,210","98,400",4.17,500.40,"1,830",Ongoing
2024-03-01,2024-03-31,Retargeting,inactive,,,0,0,,0,,2024-03-15
"""  # noqa: E501

BY_DAY = """\
Day;Campaign name;Amount spent (USD);Impressions;Link clicks;Region
2024-03-01;Glow;12,50;1000;10;Lisbon
2024-03-02;Glow;7,25;800;;Lisbon
;Glow;1,00;1;1;Lisbon
"""


def test_currency_comes_from_the_header_and_rows_date_on_reporting_start() -> None:
    frames, health = read_text("meta.csv", WHOLE_RANGE)
    spend = only(frames, "spend")
    assert health.format == "meta_ads"
    first = spend.row(0, named=True)
    assert (first["campaign"], first["spend"], first["impressions"], first["clicks"]) == (
        "Glow Serum - Launch",
        500.4,
        98400,
        1830,
    )
    assert (first["currency"], first["channel"], first["platform"]) == (
        "EUR",
        "paid_social",
        "meta",
    )
    assert first["conversions"] == 120.0
    assert spend["date"].to_list() == [date(2024, 3, 1), date(2024, 3, 1)]
    assert spend["spend"].to_list() == [500.4, 0.0]
    assert "meta.csv: no Day breakdown; each row's spend is dated on its 'Reporting starts'" in (
        health.warnings
    )


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
