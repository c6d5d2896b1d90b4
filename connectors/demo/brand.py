"""The demo brand, Maison Lumière: its calendar, people, channels and regions.

Plain constants so the generator reads like a description of the business; its
launches and what happened to each are in connectors/demo/launches.py.
"""

from __future__ import annotations

from datetime import date

BRAND = "Maison Lumière"
# The demo covers 24 months ending on this day; it never depends on today's date.
FIRST_DAY = date(2024, 12, 1)
LAST_DAY = date(2026, 11, 26)
# The brand reports in euros and sells in each region's currency; its APAC
# distributors are invoiced in euros. fx_rates (connectors/demo/money.py) converts.
CURRENCY = "EUR"
REGION_CURRENCIES = {"EU": "EUR", "UK": "GBP", "US": "USD", "APAC": "EUR"}

# How busy each month is (January first), as a multiple of an ordinary month. Trade
# buyers (the leads: stores, salons, distributors) plan the year in Q1 and the holidays
# in September and October, and go quiet in August and at Christmas; shoppers (the
# orders) buy for the holidays.
TRADE_MONTHS = (1.05, 1.1, 1.05, 1.0, 1.0, 0.97, 0.95, 0.9, 1.0, 1.02, 0.95, 0.75)
SHOPPER_MONTHS = (0.85, 0.9, 0.95, 0.95, 1.0, 0.95, 0.9, 0.85, 0.95, 1.05, 1.3, 1.55)

REGIONS = ("EU", "UK", "US", "APAC")
REGION_WEIGHTS = (0.38, 0.17, 0.33, 0.12)

# Leads nobody paid for come from organic search.
ORGANIC = "organic_search"

# Where each paid marketing channel's spend is reported; organic leads cost nothing.
PLATFORMS = {
    "paid_search": "Google Ads",
    "paid_social": "Meta Ads",
    "influencer": "Influencer network",
    "email": "Klaviyo",
    "events": "Trade shows",
}

# B2B accounts the sales team sells to, with their typical first order size (EUR).
SEGMENTS = ("retail_chain", "independent_store", "salon", "spa", "distributor", "marketplace")
SEGMENT_WEIGHTS = (0.12, 0.30, 0.25, 0.15, 0.06, 0.12)
SEGMENT_DEAL_SIZE = (42_000.0, 4_500.0, 2_800.0, 3_600.0, 85_000.0, 12_000.0)

# Sales reps: region and how fast they usually pick up a new MQL (median hours).
REPS = (
    ("Amelie Laurent", "EU", 3.0),
    ("Jonas Weber", "EU", 20.0),
    ("Chloe Martin", "EU", 9.0),
    ("Harriet Cole", "UK", 6.0),
    ("Marcus Reed", "US", 4.0),
    ("Dana Brooks", "US", 30.0),
    ("Priya Nair", "US", 12.0),
    ("Kenji Sato", "APAC", 16.0),
)

REJECT_REASONS = (
    "Consumer, not a business",
    "Duplicate of an open lead",
    "Outside sales territory",
    "No budget this season",
    "Invalid contact details",
)
REJECT_WEIGHTS = (0.34, 0.18, 0.14, 0.22, 0.12)
