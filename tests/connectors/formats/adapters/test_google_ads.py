"""Google Ads reports as the Ads UI downloads them: real ones, and fixtures in their shape.

Expected figures are worked out here from the files with the csv module and plain
arithmetic (spreading: a range's cents shared equally, the remainder one cent each to
the first days), never with Tandem's own code.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from connectors.errors import RefusedFile
from connectors.formats.export import read_export
from connectors.health import DataHealth
from tests.connectors.conftest import DATASETS, needs_datasets, only, read_text, read_vendor

REPORTS = sorted((DATASETS / "google_ads").glob("*.csv")) if DATASETS.is_dir() else []


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8").splitlines()))


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _shares(total: float, days: int) -> list[float]:
    """The even split the issue asks for, by hand: cents, remainder to the first days."""
    cents = round(total * 100)
    return [(cents // days + (1 if i < cents % days else 0)) / 100 for i in range(days)]


@needs_datasets
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name[:20])
def test_real_range_reports_are_spread_over_their_days_to_the_cent(path: Path) -> None:
    rows = _rows(path)
    first, last = (
        datetime.strptime(d.strip(), "%B %d, %Y").date() for d in rows[1][0].split(" - ")
    )
    cost_at = rows[2].index("Cost")
    campaigns = {
        r[1]: float(r[cost_at].replace(",", ""))
        for r in rows[3:]
        if r and not r[0].startswith("Total:")
    }
    account = next(float(r[cost_at].replace(",", "")) for r in rows if r[0] == "Total: Account")
    health = DataHealth(path.name)
    spend = only(read_export(path.name, path.read_bytes(), health), "spend")
    assert spend.height == len(campaigns) * len(_days(first, last))
    assert sorted(set(spend["date"])) == _days(first, last)
    assert spend["estimated"].all()
    for name, cost in campaigns.items():
        got = spend.filter(pl.col("campaign") == name).sort("date")["spend"].to_list()
        assert got == _shares(cost, len(got))
    assert round(abs(spend["spend"].sum() - account), 2) <= 0.01  # Google rounds each row
    assert health.rows_refused == 0
    assert any(w.startswith(f"Estimate: {path.name} gives") for w in health.warnings)


@needs_datasets
def test_real_inr_report_channels_and_campaign_types() -> None:
    path = next(p for p in REPORTS if p.name.startswith("VishalMotling"))
    spend = only(read_export(path.name, path.read_bytes(), DataHealth("g")), "spend")
    by_campaign = spend.group_by("campaign", "campaign_type", "channel", "currency").agg(
        pl.col("impressions").sum(), pl.col("clicks").sum(), pl.len()
    )
    assert sorted(by_campaign.rows()) == [
        ("MH-m-sand", "Demand Gen", "display", "INR", 20287, 1934, 24),
        ("Video views - 2025-07-19", "Video", "video", "INR", 25881, 20127, 24),
    ]
    first = (
        spend.filter(pl.col("campaign") == "Video views - 2025-07-19")
        .sort("date")
        .row(0, named=True)
    )
    # 1,661.67 over the 24 days from 8 July: 166,167 cents = 24 x 6,923 + 15.
    assert (first["date"], first["spend"], first["platform"]) == (
        date(2025, 7, 8),
        69.24,
        "google_ads",
    )


def test_en_gb_range_and_campaign_types_map_to_channels() -> None:
    frames, health = read_vendor("google_ads_campaigns_en_gb.csv")
    spend = only(frames, "spend")
    days = _days(date(2026, 1, 27), date(2026, 2, 23))
    assert len(days) == 28 and spend.height == 5 * 28
    channels = dict(spend.select("campaign_type", "channel").unique().iter_rows())
    assert channels == {
        "Search": "paid_search",
        "Performance Max": "paid_search",
        "Video": "video",
        "Demand Gen": "display",
        "App": "other",
    }
    pmax = spend.filter(pl.col("campaign") == "Glow Serum - PMax - UK").sort("date")
    assert pmax["spend"].to_list() == _shares(1118.00, 28)
    assert pmax["impressions"].sum() == 88310 and pmax["clicks"].sum() == 839
    assert round(spend["spend"].sum(), 2) == 2755.18  # what 'Total: Account' says
    assert not [w for w in health.warnings if "Tandem does not know" in w]
    assert not [w for w in health.warnings if "some rows may be missing" in w]


def test_portuguese_headers_range_and_decimal_commas() -> None:
    frames, health = read_vendor("google_ads_campaigns_pt_br.csv")
    spend = only(frames, "spend")
    assert sorted(set(spend["date"])) == _days(date(2026, 5, 5), date(2026, 5, 15))
    totals = dict(spend.group_by("campaign").agg(pl.col("spend").sum().round(2)).iter_rows())
    assert totals == {
        "Sérum Glow - Pesquisa": 1661.67,
        "Sérum Glow - PMax": 2040.50,
        "Sérum Glow - Vídeo": 310.00,
        "Sérum Glow - Podcast": 5.00,
    }
    assert set(spend["currency"]) == {"BRL"}
    assert dict(spend.select("campaign_type", "channel").unique().iter_rows()) == {
        "Pesquisa": "paid_search",
        "Performance Max": "paid_search",
        "Vídeo": "video",
        "Áudio": "other",
    }
    assert (
        "google_ads_campaigns_pt_br.csv: 1 row(s) with a 'Tipo de campanha' Tandem does not "
        "know are filed under channel 'other': 'Áudio' (1); map them in a channel_rules table "
        "(applies_to = campaign_type)"
    ) in health.warnings
    assert not [w for w in health.warnings if "some rows may be missing" in w]  # Total: conta


def test_a_report_by_day_is_daily_data_with_no_estimate() -> None:
    frames, health = read_vendor("google_ads_campaigns_de_by_day.csv")
    spend = only(frames, "spend").sort("campaign", "date")
    assert spend.select("date", "campaign", "spend", "impressions", "estimated").rows() == [
        (date(2026, 3, 1), "Glow Serum Suche", 12.5, 1200, False),
        (date(2026, 3, 2), "Glow Serum Suche", 9.8, 1050, False),
        (date(2026, 3, 3), "Glow Serum Suche", 8.4, 980, False),
        (date(2026, 3, 1), "Glow Serum Video", 20.0, 5000, False),
    ]
    assert set(spend["channel"]) == {"paid_search", "video"}
    assert not [w for w in health.warnings if w.startswith("Estimate")]


def test_all_time_is_refused_because_it_names_no_dates() -> None:
    with pytest.raises(RefusedFile) as caught:
        read_vendor("google_ads_campaigns_all_time.csv")
    assert str(caught.value) == (
        "google_ads_campaigns_all_time.csv: the report covers 'All time', which names no "
        "dates, and has no Day column; download it again for a date range (or add the Day "
        "segment)"
    )


# One report per UI language: its range line and headers as that UI writes them, the
# search campaign type in that language, and the days the line means (by hand).
LANGUAGES = {
    "en-US": ("July 8, 2025 - July 31, 2025", date(2025, 7, 8), date(2025, 7, 31),
              "Campaign status,Campaign,Campaign type,Impr.,Currency code,Cost,Clicks", "Search"),
    "en-GB": ("27 January 2026 - 23 February 2026", date(2026, 1, 27), date(2026, 2, 23),
              "Campaign status,Campaign,Campaign type,Impr.,Currency code,Cost,Clicks", "Search"),
    "en-IN": ("1 January 2026 - 29 May 2026", date(2026, 1, 1), date(2026, 5, 29),
              "Campaign status,Campaign,Campaign type,Impr.,Currency code,Cost,Clicks", "Search"),
    "pt": ("5 de maio de 2026 - 15 de maio de 2026", date(2026, 5, 5), date(2026, 5, 15),
           "Status da campanha,Campanha,Tipo de campanha,Impr.,Código da moeda,Custo,Cliques",
           "Pesquisa"),
    "es": ("5 de mayo de 2026 - 15 de mayo de 2026", date(2026, 5, 5), date(2026, 5, 15),
           "Estado de la campaña,Campaña,Tipo de campaña,Impr.,Código de moneda,Coste,Clics",
           "Búsqueda"),
    "fr": ("1er mars 2026 - 15 mars 2026", date(2026, 3, 1), date(2026, 3, 15),
           "État de la campagne,Campagne,Type de campagne,Impr.,Code de la devise,Coût,Clics",
           "Recherche"),
    "fr-short": ("5 janv. 2026 - 3 févr. 2026", date(2026, 1, 5), date(2026, 2, 3),
                 "État de la campagne,Campagne,Type de campagne,Impr.,Code de la devise,Coût,Clics",
                 "Recherche"),
    "de": ("27. Januar 2026 - 23. Februar 2026", date(2026, 1, 27), date(2026, 2, 23),
           "Kampagnenstatus,Kampagne,Kampagnentyp,Impr.,Währungscode,Kosten,Klicks", "Suche"),
    "it": ("27 gennaio 2026 - 23 febbraio 2026", date(2026, 1, 27), date(2026, 2, 23),
           "Stato campagna,Campagna,Tipo di campagna,Impr.,Codice valuta,Costo,Clic",
           "Rete di ricerca"),
    "nl": ("27 januari 2026 - 3 mrt. 2026", date(2026, 1, 27), date(2026, 3, 3),
           "Campagnestatus,Campagne,Campagnetype,Vertoningen,Valutacode,Kosten,Klikken",
           "Zoeken"),
}  # fmt: skip


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_ui_language_range_line_and_header(language: str) -> None:
    line, first, last, header, search = LANGUAGES[language]
    text = f'Report\n"{line}"\n{header}\nEnabled,Glow,{search},"1,000",EUR,700.00,70\n'
    frames, _ = read_text("report.csv", text)
    spend = only(frames, "spend")
    days = _days(first, last)
    assert spend.sort("date")["date"].to_list() == days
    assert spend.sort("date")["spend"].to_list() == _shares(700.00, len(days))
    assert spend["impressions"].sum() == 1000 and spend["clicks"].sum() == 70
    assert set(spend["channel"]) == {"paid_search"}


def test_a_range_line_tandem_cannot_read_is_named() -> None:
    text = (
        'Report\n"Q3 2026"\nCampaign,Campaign type,Impr.,Currency code,Cost\nGlow,Search,1,EUR,1\n'
    )
    with pytest.raises(RefusedFile) as caught:
        read_text("q3.csv", text)
    assert str(caught.value) == (
        "q3.csv: no Day column, and Tandem cannot read the dates in 'Q3 2026' above the "
        "header; add the Day segment in Google Ads, or download it again in English"
    )


EUROPEAN = """Campaign report
"1 March 2024 - 2 March 2024"
Day;Campaign;Campaign type;Currency code;Impr.;Clicks;Cost;Conversions
2024-03-01;Glow Serum Search;Search;EUR;"1.200";40;"12,50";2
2024-03-02;Glow Serum Search;Search;EUR;" --";0;"7,25";" --"
2024-03-02;Broken;Search;EUR;10;1;abc;0
Total: Account;;;EUR;1.200;40;"30,00";2
"""


def test_day_rows_decimal_commas_and_a_total_that_does_not_reconcile() -> None:
    frames, health = read_text("ads.csv", EUROPEAN)
    spend = only(frames, "spend")
    assert spend["spend"].to_list() == [12.5, 7.25]  # "1.200" impressions: decimal comma file
    assert spend["impressions"].to_list() == [1200, None]
    assert spend["date"].to_list() == [date(2024, 3, 1), date(2024, 3, 2)]
    assert spend["channel"].to_list() == ["paid_search", "paid_search"]
    assert spend["campaign_type"].to_list() == ["Search", "Search"]
    assert [(r.line, r.column, r.reason) for r in health.refused] == [
        (6, "Cost", "'abc' is not a number")
    ]
    assert (health.rows_read, health.rows_kept, health.rows_refused) == (3, 2, 1)
    assert (
        "ads.csv: campaign costs sum to 19.75 but 'Total: Account' says 30.00; "
        "some rows may be missing"
    ) in health.warnings


def test_no_campaign_type_column_leaves_the_channel_unknown_and_says_how_to_add_it() -> None:
    text = "Day,Campaign,Impr.,Currency code,Cost\n2024-03-01,Glow,10,EUR,1.00\n"
    frames, health = read_text("ads.csv", text)
    assert only(frames, "spend")["channel"].to_list() == ["other"]
    assert health.warnings == [
        "ads.csv: no 'Campaign type' column, so every row is under channel 'other'. Search, "
        "display and video cannot be told apart without it: in Google Ads, add Campaign type "
        "(Columns > Modify columns > Attributes) and download again."
    ]


@needs_datasets
def test_the_excel_flavoured_download_utf16_tabs_reads_the_same() -> None:
    """Google Ads' 'CSV for Excel' is UTF-16 with tabs; same report, same spend."""
    path = next(p for p in REPORTS if p.name.startswith("VishalMotling"))
    rows = _rows(path)
    tsv = "\n".join("\t".join(row) for row in rows).encode("utf-16")
    plain = only(read_export(path.name, path.read_bytes(), DataHealth("a")), "spend")
    excel = only(read_export("report.csv", tsv, DataHealth("b")), "spend")
    assert excel.equals(plain)
