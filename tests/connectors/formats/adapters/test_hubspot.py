"""HubSpot exports in HubSpot's layouts: both stage-date layouts, deals' own sources, refusals.

Fixtures are in tests/fixtures/vendors (the current layout's headers are HubSpot's stage
calculated properties, `Date entered "<stage> (Lifecycle Stage Pipeline)"`).
"""

from __future__ import annotations

import csv
from datetime import datetime

import pytest

from connectors.errors import RefusedFile
from tests.connectors.conftest import VENDORS, only, read_text, read_vendor

MQL = 'Date entered "Marketing Qualified Lead (Lifecycle Stage Pipeline)"'


def test_current_layout_reads_stage_dates_from_date_entered() -> None:
    rows = list(csv.DictReader((VENDORS / "hubspot_contacts_current_layout.csv").open()))
    with_mql_date = [r["Record ID"] for r in rows if r[MQL]]
    frames, health = read_vendor("hubspot_contacts_current_layout.csv")
    leads = only(frames, "leads")
    assert health.format == "hubspot_contacts"
    assert leads.filter(leads["mql_at"].is_not_null())["lead_id"].to_list() == with_mql_date
    assert len(with_mql_date) == 4  # Ana, Ben, Dee, Fin: the MQLs the issue found counted 0
    ana = leads.row(0, named=True)
    assert (ana["created_at"], ana["mql_at"], ana["sql_at"], ana["won_at"]) == (
        datetime(2026, 1, 5, 9, 15),
        datetime(2026, 1, 6, 10),
        datetime(2026, 1, 9, 11),
        datetime(2026, 2, 20, 16, 30),
    )
    assert leads.select("lead_id", "channel", "origin").rows() == [
        ("51001", "paid_search", "Paid Search"),
        ("51002", "paid_social", "Paid Social"),
        ("51003", "organic_search", "Organic Search"),
        ("51004", "other", "Offline Sources"),
        ("51005", "other", "Podcast"),
        ("51006", "email", "Email Marketing"),
    ]
    assert (
        "hubspot_contacts_current_layout.csv: 1 row(s) with a 'Original Source' Tandem does "
        "not know are filed under channel 'other': 'Podcast' (1); map them in a channel_rules "
        "table (applies_to = origin)"
    ) in health.warnings
    # Eve is a Customer with neither date: counted and said, not dated by guess.
    assert (
        "hubspot_contacts_current_layout.csv: 1 contact(s) at lifecycle stage Customer or "
        "later have no date for entering it ('Date entered \"Customer (Lifecycle Stage "
        "Pipeline)\"' or 'Became a Customer Date'); when they got there is unknown, so they "
        "are not counted at that stage"
    ) in health.warnings


def test_legacy_layout_with_became_a_dates() -> None:
    frames, health = read_vendor("hubspot_contacts_legacy_layout.csv")
    leads = only(frames, "leads")
    assert leads.select("lead_id", "mql_at", "sql_at", "won_at", "channel").rows() == [
        ("101", datetime(2024, 3, 2, 10), datetime(2024, 3, 5, 11), datetime(2024, 3, 20, 16, 30),
         "paid_social"),
        ("102", datetime(2024, 3, 4, 8), None, None, "organic_search"),
        ("103", None, None, None, "direct"),
    ]  # fmt: skip
    assert health.rows_refused == 0


def test_internal_property_names_map_the_same_way() -> None:
    text = (
        "hs_object_id,createdate,lifecyclestage,hs_v2_date_entered_marketingqualifiedlead,"
        "hs_lifecyclestage_customer_date,hs_analytics_source,hubspot_owner_id\n"
        "201,2024-03-01T09:15:00.000Z,customer,2024-03-02T10:00:00.000Z,"
        "2024-03-20T16:30:00.000Z,PAID_SOCIAL,12345\n"
    )
    frames, health = read_text("contacts.csv", text)
    lead = only(frames, "leads").row(0, named=True)
    assert health.format == "hubspot_contacts"
    assert (lead["lead_id"], lead["channel"], lead["owner"]) == ("201", "paid_social", "12345")
    assert (lead["mql_at"], lead["won_at"]) == (
        datetime(2024, 3, 2, 10),
        datetime(2024, 3, 20, 16, 30),
    )


def test_the_default_contacts_view_is_refused_naming_what_it_lacks_and_how_to_add_it() -> None:
    with pytest.raises(RefusedFile) as caught:
        read_vendor("hubspot_contacts_default_view.csv")
    assert str(caught.value) == (
        "hubspot_contacts_default_view.csv: no format matches; nearest is the HubSpot contacts "
        "export (Record ID, Create Date, Lifecycle Stage, stage dates), which also needs "
        "Lifecycle Stage and the stage dates ('Date entered \"Marketing Qualified Lead "
        "(Lifecycle Stage Pipeline)\"' … or 'Became a … Date'). In HubSpot, open Contacts, add "
        "Lifecycle stage, Original Source and the 'Date entered …' stage properties with Edit "
        "columns, then Export the view (or choose to include all properties)."
    )


def test_a_companies_export_is_named_for_what_it_is() -> None:
    with pytest.raises(RefusedFile) as caught:
        read_vendor("hubspot_companies.csv")
    assert str(caught.value).startswith(
        "hubspot_companies.csv is a HubSpot companies export: companies are neither leads nor deals"
    )


def test_deals_are_marketing_sourced_only_by_their_own_source() -> None:
    rows = list(csv.DictReader((VENDORS / "hubspot_deals.csv").open()))
    frames, health = read_vendor("hubspot_deals.csv")
    deals = only(frames, "deals")
    assert deals.select("deal_id", "is_won", "lead_id", "source", "origin").rows() == [
        ("8001", True, "51001", "marketing", "Paid Search"),
        ("8002", True, "51004", "other", "Offline Sources"),  # a contact, yet not marketing
        ("8003", False, None, "other", None),
        ("8004", None, "51006", "marketing", "Other Campaigns"),
        ("8005", True, "51005", "other", "Podcast"),
    ]
    marketing = {"Paid Search", "Other Campaigns"}  # HubSpot's own marketing sources here
    pipeline = sum(float(r["Amount"]) for r in rows if r["Original Source Type"] in marketing)
    assert deals.filter(deals["source"] == "marketing")["amount"].sum() == pipeline == 1750.0
    assert health.warnings == [
        "hubspot_deals.csv: columns Tandem does not use were left out: Deal Name, Pipeline",
        "hubspot_deals.csv: 1 deal(s) closed before they were created (line 6); their revenue "
        "counts on the close date, but they are left out of the sales cycle",
        "hubspot_deals.csv: 2 row(s) with a 'Original Source Type' Tandem does not know are "
        "filed under deals not marketing-sourced (channel 'other'): '(blank)' (1), 'Podcast' "
        "(1); map them in a channel_rules table (applies_to = origin)",
    ]


def test_deals_without_a_source_column_count_none_as_marketing() -> None:
    text = (
        "Record ID,Deal Name,Deal Stage,Amount,Create Date,Associated Contact IDs\n"
        "1,a,closedwon,5,2024-03-01,7\n"
    )
    frames, health = read_text("deals.csv", text)
    assert only(frames, "deals")["source"].to_list() == ["other"]
    assert health.warnings[-1].startswith(
        "deals.csv: no 'Original Source Type' column, so which deals marketing brought is "
        "unknown and none is counted as marketing-sourced. In HubSpot, open Deals"
    )
