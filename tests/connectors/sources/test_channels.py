"""One marketing-channel vocabulary: vendors' values, the owner's channel_rules, and
which deals count as marketing-sourced (expected values by hand from the fixtures)."""

from __future__ import annotations

import polars as pl

from connectors.sources.combine import combine
from connectors.sources.result import SourceRead
from contract.schema import CHANNELS, check_frame
from tests.connectors.conftest import only, read_text, read_vendor


def _read(name: str) -> SourceRead:
    frames, health = read_vendor(name)
    return SourceRead(name, "file", dict(frames), health)


def test_channel_rules_map_custom_source_values_for_leads_spend_and_deals() -> None:
    rules = _read("channel_rules.csv")
    crm = _read("salesforce_opportunities_multicurrency.csv")
    contacts = _read("hubspot_contacts_current_layout.csv")
    ads = _read("google_ads_campaigns_pt_br.csv")
    tables = combine([rules, crm, contacts, ads])
    assert dict(tables["deals"].select("origin", "source").rows()) == {
        "Web": "marketing",
        "Partner Referral": "partner",  # the vendor named it partner-sourced: kept
        "Cold Call": "sales",
        "Spotting / Bike Tours": "marketing",  # C1: events
        "Existing Client Referral": "marketing",  # C2: contains 'referral'
        "Increasing Portfolio": "other",  # no rule: still not marketing
        None: "other",
    }
    podcast = tables["leads"].filter(pl.col("origin") == "Podcast")
    assert podcast["channel"].to_list() == ["influencer"]  # C3
    audio = tables["spend"].filter(pl.col("campaign_type") == "Áudio")
    assert set(audio["channel"]) == {"other"}  # C4
    assert all(check_frame(name, frame) == [] for name, frame in tables.items())


def test_every_channel_in_the_data_is_one_of_the_vocabulary() -> None:
    reads = [
        _read(name)
        for name in (
            "google_ads_campaigns_en_gb.csv",
            "google_ads_campaigns_pt_br.csv",
            "meta_ads_campaigns_by_day_es.csv",
            "hubspot_contacts_current_layout.csv",
            "hubspot_contacts_legacy_layout.csv",
        )
    ]
    tables = combine(reads)
    assert set(tables["spend"]["channel"]) | set(tables["leads"]["channel"]) <= set(CHANNELS)


def test_a_canonical_sheet_reads_channel_labels_and_lists_unknown_ones() -> None:
    text = (
        "lead_id,created_at,channel\n"
        "L1,2026-03-01,Paid Search\n"
        "L2,2026-03-01,PAID_SOCIAL\n"
        "L3,2026-03-02,Trade fair\n"
    )
    frames, health = read_text("leads.csv", text)
    leads = only(frames, "leads")
    assert leads.select("channel", "origin").rows() == [
        ("paid_search", None),
        ("paid_social", None),
        ("other", "Trade fair"),  # kept, so a channel rule on origin can map it
    ]
    assert health.warnings == [
        "leads.csv: 1 row(s) with a channel outside Tandem's vocabulary are filed under channel "
        "'other': 'Trade fair' (1); use one of " + ", ".join(CHANNELS) + ", or map them in a "
        "channel_rules table"
    ]


def test_a_channel_rule_must_name_a_channel_of_the_vocabulary() -> None:
    text = "rule,applies_to,match,pattern,channel\nC1,origin,exact,Podcast,podcasts\n"
    frames, health = read_text("rules.csv", text)
    assert only(frames, "channel_rules").is_empty()
    assert [(r.line, r.reason) for r in health.refused] == [
        (2, "channel 'podcasts' is not one of " + ", ".join(CHANNELS))
    ]
