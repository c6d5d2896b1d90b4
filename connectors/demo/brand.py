"""The demo brand, Maison Lumière: its launches, people, channels and regions.

Plain constants so the generator reads like a description of the business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DemoLaunch:
    launch_id: str
    name: str
    category: str
    launch_date: date
    end_date: date | None
    target_audience: str
    regions: tuple[str, ...]
    channels: tuple[str, ...]
    marketing_owner: str
    sales_owner: str
    brief: str
    skus: tuple[str, ...]
    weight: float  # share of the brand's leads and orders
    avg_unit_price: float


BRAND = "Maison Lumière"
# The demo covers 24 months ending on this day; it never depends on today's date.
FIRST_DAY = date(2024, 12, 1)
LAST_DAY = date(2026, 11, 26)
# The brand reports in euros and sells in each region's currency; its APAC
# distributors are invoiced in euros. fx_rates (connectors/demo/money.py) converts.
CURRENCY = "EUR"
REGION_CURRENCIES = {"EU": "EUR", "UK": "GBP", "US": "USD", "APAC": "EUR"}

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

LAUNCHES = (
    DemoLaunch(
        "GLOW-SERUM",
        "Glow Serum",
        "skincare",
        date(2025, 1, 20),
        None,
        "Women 25-40, urban, ingredient-aware skincare buyers",
        ("EU", "UK", "US"),
        ("paid_search", "paid_social", "influencer", "email"),
        "Sofia Marchetti",
        "Amelie Laurent",
        "Vitamin C + niacinamide serum for visible glow in 14 days. Goals: 40k units in "
        "year one, 300 new stockists, hero SKU of the skincare range.",
        ("GLOW-30ML", "GLOW-50ML"),
        0.22,
        38.0,
    ),
    DemoLaunch(
        "VELVET-LIP",
        "Velvet Matte Lipstick line",
        "makeup",
        date(2025, 4, 14),
        None,
        "Women 18-30, trend-led makeup buyers on social media",
        ("EU", "UK", "US", "APAC"),
        ("paid_social", "influencer", "email", "events"),
        "Lucas Meyer",
        "Marcus Reed",
        "Twelve long-wear matte shades, vegan formula. Goals: top-3 lipstick in partner "
        "retailers, 25% of sales through DTC.",
        ("VELVET-ROUGE", "VELVET-NUDE", "VELVET-BERRY"),
        0.2,
        24.0,
    ),
    DemoLaunch(
        "NOIR-FRAGRANCE",
        "Noir Bloom fragrance",
        "fragrance",
        date(2025, 9, 8),
        None,
        "Adults 28-50, premium gifting and department store shoppers",
        ("EU", "UK", "US"),
        ("paid_search", "paid_social", "events", "email"),
        "Sofia Marchetti",
        "Harriet Cole",
        "Eau de parfum, night jasmine and oud. Goals: department store listings in 3 "
        "regions before the holiday season, gift-set sell-through above 70%.",
        ("NOIR-50ML", "NOIR-100ML", "NOIR-GIFTSET"),
        0.18,
        89.0,
    ),
    DemoLaunch(
        "SHIELD-SPF",
        "Daily Shield SPF 50",
        "suncare",
        date(2026, 3, 2),
        date(2026, 9, 30),
        "Everyone 20-55 who wants a daily SPF that wears well under makeup",
        ("EU", "UK", "US", "APAC"),
        ("paid_search", "paid_social", "influencer"),
        "Lucas Meyer",
        "Marcus Reed",
        "Invisible mineral-chemical SPF 50 fluid. Seasonal push March to September. "
        "Goals: pharmacy and chain listings, 60k units over the season.",
        ("SHIELD-50ML",),
        0.16,
        29.0,
    ),
    DemoLaunch(
        "SILK-HAIR-OIL",
        "Silk Hair Oil",
        "haircare",
        date(2026, 5, 18),
        None,
        "Women 25-45 with dry or coloured hair; salon clients",
        ("EU", "US", "APAC"),
        ("paid_social", "influencer", "email"),
        "Ines Duarte",
        "Priya Nair",
        "Argan and camellia dry-touch oil. Goals: 20k units by year end, salon back-bar "
        "placement in 150 salons.",
        ("SILK-100ML",),
        0.14,
        32.0,
    ),
    DemoLaunch(
        "ATELIER-PRO",
        "Atelier Pro salon line",
        "professional",
        date(2026, 8, 3),
        None,
        "Salon owners and professional stylists",
        ("EU", "UK", "US"),
        ("events", "email", "paid_search"),
        "Ines Duarte",
        "Jonas Weber",
        "Professional colour-care system sold only through salons. Goals: 400 partner "
        "salons, 2 distributor agreements, education events in every region.",
        ("ATELIER-KIT", "ATELIER-BOND", "ATELIER-MASK"),
        0.10,
        55.0,
    ),
)

# Spend campaigns whose names follow no convention: only launch_rules map them.
MESSY_CAMPAIGNS = (
    ("AO_HairRitual_Meta_Q2", "paid_social", "SILK-HAIR-OIL", "contains", "HairRitual"),
    ("Summer-Shield-Search-Brand", "paid_search", "SHIELD-SPF", "prefix", "Summer-Shield"),
    ("nb_holiday_gifting_2025", "paid_social", "NOIR-FRAGRANCE", "regex", r"^nb_holiday"),
)
