"""Maison Lumière's six launches, how each one went, and the moments on its calendar.

Each launch has its own demand shape (connectors/demo/demand.py draws the days from
it), so the launches differ as real ones do: a steady hit, a hit that fades, a
seasonal gift, a summer product that ends, a slow burner, a flop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

EVERY_MONTH = (1.0,) * 12


@dataclass(frozen=True)
class Demand:
    """A launch's daily demand by day since launch, as a multiple of its settled level.

    Stores sign up ahead of Day 0 (the teaser, rising to Day 0), the launch buzz fades
    over `buzz_days`, the settled level is half reached on `ramp_days` (word of mouth
    takes months for a slow burner) and may tire, halving towards `floor`. The
    category's own months multiply the brand's (brand.TRADE_MONTHS, SHOPPER_MONTHS).
    """

    buzz: float
    buzz_days: float
    ramp_days: float = 0.0
    half_life_days: float | None = None
    floor: float = 0.0
    teaser: float = 0.2
    trade_months: tuple[float, ...] = EVERY_MONTH
    shopper_months: tuple[float, ...] = EVERY_MONTH


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
    weight: float  # share of the brand's leads and orders over the two years
    avg_unit_price: float
    demand: Demand
    win_rate: float  # share of its sales-qualified deals that are won
    # How far the plan was above what happened (>1: behind plan), in the launch month
    # and from six months on; the months between move from one to the other.
    ambition: tuple[float, float]


@dataclass(frozen=True)
class Moment:
    """A dated event on the brand's calendar, and what it did to demand.

    Leads are multiplied by `trade_lift` and orders by `shopper_lift` for `lift_days`
    from its start (0: the event's own days; None: from then on); `price` multiplies
    the launch's shelf price from its start on.
    """

    start: date
    end: date | None
    launch_id: str | None  # None: the whole brand
    kind: str
    title: str
    notes: str | None
    trade_lift: float = 1.0
    shopper_lift: float = 1.0
    lift_days: int | None = 0
    price: float = 1.0


LAUNCHES = (
    # A steady hit: a good launch, then demand that holds.
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
        0.25,
        38.0,
        Demand(buzz=0.9, buzz_days=20, ramp_days=8, half_life_days=500, floor=0.6),
        win_rate=0.42,
        ambition=(0.93, 0.93),
    ),
    # A hit that fades: a social-media sensation at launch, tired a year later.
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
        0.21,
        24.0,
        Demand(buzz=3.0, buzz_days=35, half_life_days=160, teaser=0.6),
        win_rate=0.32,
        ambition=(0.85, 1.25),
    ),
    # A seasonal gift: department stores buy in autumn, shoppers at the holidays.
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
        Demand(
            buzz=0.4,
            buzz_days=14,
            ramp_days=10,
            trade_months=(0.8, 0.7, 0.7, 0.7, 0.7, 0.7, 0.8, 1.1, 1.4, 1.5, 1.2, 0.7),
            shopper_months=(0.6, 1.3, 0.7, 0.6, 0.7, 0.8, 0.6, 0.6, 0.8, 1.1, 1.8, 2.6),
        ),
        win_rate=0.4,
        ambition=(1.12, 1.12),
    ),
    # A summer product: it sells through spring and summer and ends with the season.
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
        0.17,
        29.0,
        Demand(
            buzz=0.3,
            buzz_days=10,
            ramp_days=40,
            trade_months=(0.5, 0.7, 0.9, 1.1, 1.4, 1.6, 1.4, 1.0, 0.6, 0.4, 0.3, 0.3),
            shopper_months=(0.2, 0.3, 0.6, 0.9, 1.4, 1.8, 2.0, 1.6, 0.8, 0.4, 0.2, 0.2),
        ),
        win_rate=0.38,
        ambition=(0.97, 0.97),
    ),
    # A slow burner: a quiet launch, then salons and word of mouth carry it.
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
        0.1,
        32.0,
        Demand(buzz=0.15, buzz_days=10, ramp_days=80, teaser=0.05),
        win_rate=0.46,
        ambition=(1.5, 0.7),
    ),
    # A flop: a loud launch event, little interest after it, far behind its plan.
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
        0.05,
        55.0,
        Demand(buzz=4.0, buzz_days=10, half_life_days=25, floor=0.15, teaser=0.5),
        win_rate=0.2,
        ambition=(1.5, 2.2),
    ),
)

MOMENTS = (
    Moment(
        date(2026, 7, 6),
        date(2026, 7, 19),
        "SILK-HAIR-OIL",
        "stockout",
        "Silk Hair Oil out of stock",
        "Supplier delay on 100 ml bottles",
    ),
    Moment(
        date(2025, 11, 28),
        date(2025, 12, 1),
        None,
        "campaign",
        "Black Friday 2025",
        "Sitewide 20% off DTC",
        shopper_lift=2.5,
    ),
    Moment(
        date(2026, 11, 27),
        date(2026, 11, 30),
        None,
        "campaign",
        "Black Friday 2026",
        "Sitewide 20% off DTC",
        shopper_lift=2.5,
    ),
    Moment(
        date(2025, 10, 2),
        None,
        "NOIR-FRAGRANCE",
        "pr",
        "Noir Bloom in Vogue gift guide",
        None,
        trade_lift=1.6,
        shopper_lift=2.2,
        lift_days=14,
    ),
    Moment(
        date(2026, 4, 1),
        None,
        "VELVET-LIP",
        "price_change",
        "Velvet lipstick +8% price",
        "New shelf price EUR 26",
        trade_lift=0.9,
        shopper_lift=0.88,
        lift_days=None,
        price=1.08,
    ),
    Moment(
        date(2026, 9, 14),
        date(2026, 9, 16),
        "ATELIER-PRO",
        "launch_event",
        "Atelier Pro at Salon International",
        "Education stand, 3 days",
        trade_lift=1.8,
        lift_days=10,
    ),
)

# Spend campaigns whose names follow no convention: only launch_rules map them.
MESSY_CAMPAIGNS = (
    ("AO_HairRitual_Meta_Q2", "paid_social", "SILK-HAIR-OIL", "contains", "HairRitual"),
    ("Summer-Shield-Search-Brand", "paid_search", "SHIELD-SPF", "prefix", "Summer-Shield"),
    ("nb_holiday_gifting_2025", "paid_social", "NOIR-FRAGRANCE", "regex", r"^nb_holiday"),
)
