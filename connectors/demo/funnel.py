"""Demo leads with their stage timestamps, and the deals that come from them."""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl
from contract.schema import DEALS, LEADS, UNASSIGNED

from connectors.demo import brand
from connectors.demo.demand import brand_demand, draw_days, launch_demand
from connectors.demo.launches import LAUNCHES
from connectors.demo.timeline import DAY_US, END_US, hours_us, office_hours_us

UNASSIGNED_SHARE = 0.03
UNASSIGNED_WIN_RATE = 0.38  # organic leads no launch claims


def _pick(
    rng: np.random.Generator, options: tuple[str, ...], n: int, p: tuple[float, ...]
) -> np.ndarray:
    weights = np.asarray(p, dtype=float)
    return np.asarray(options, dtype=object)[rng.choice(len(options), n, p=weights / weights.sum())]


def _launch_columns(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Launch, creation time, region, channel and each launch's win rate for every lead."""
    weights = np.array([launch.weight for launch in LAUNCHES] + [UNASSIGNED_SHARE])
    which = rng.choice(len(weights), n, p=weights / weights.sum())
    launch_id = np.empty(n, dtype=object)
    day = np.empty(n, dtype=np.int64)
    region = np.empty(n, dtype=object)
    channel = np.empty(n, dtype=object)
    win_rate = np.full(n, UNASSIGNED_WIN_RATE)
    for index in range(len(weights)):
        rows = np.flatnonzero(which == index)
        if index == len(LAUNCHES):
            launch_id[rows] = UNASSIGNED
            day[rows] = draw_days(rng, rows.size, brand_demand("trade"))
            region[rows] = _pick(rng, brand.REGIONS, rows.size, brand.REGION_WEIGHTS)
            channel[rows] = brand.ORGANIC
            continue
        launch = LAUNCHES[index]
        launch_id[rows] = launch.launch_id
        day[rows] = draw_days(rng, rows.size, launch_demand(launch, "trade"))
        region[rows] = _pick(rng, launch.regions, rows.size, (1.0,) * len(launch.regions))
        lead_channels = (*launch.channels, brand.ORGANIC)
        channel[rows] = _pick(rng, lead_channels, rows.size, (1.0,) * len(launch.channels) + (0.5,))
        win_rate[rows] = launch.win_rate
    created = day * DAY_US + office_hours_us(rng, n)
    return {
        "launch_id": launch_id,
        "created": created,
        "region": region,
        "channel": channel,
        "win_rate": win_rate,
    }


def _owners(rng: np.random.Generator, region: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A rep from the lead's region, and that rep's usual pick-up time in hours."""
    owner = np.empty(region.size, dtype=object)
    speed = np.empty(region.size, dtype=float)
    for name in brand.REGIONS:
        rows = np.flatnonzero(region == name)
        reps = [rep for rep in brand.REPS if rep[1] == name]
        chosen = rng.integers(0, len(reps), rows.size)
        owner[rows] = np.asarray([rep[0] for rep in reps], dtype=object)[chosen]
        speed[rows] = np.asarray([rep[2] for rep in reps])[chosen]
    return owner, speed


def _stage_times(
    rng: np.random.Generator, base: dict[str, np.ndarray], speed: np.ndarray
) -> dict[str, np.ndarray]:
    """Stage timestamps in microseconds; -1 where the stage was never reached."""
    created, channel = base["created"], base["channel"]
    n = created.size
    never = np.full(n, -1, dtype=np.int64)
    mql_share = np.where(channel == brand.ORGANIC, 0.55, np.where(channel == "events", 0.8, 0.7))
    mql = np.where(rng.random(n) < mql_share, created + hours_us(rng.exponential(2.0, n)), never)
    touched = (mql >= 0) & (rng.random(n) < 0.92)
    touch_hours = rng.lognormal(np.log(speed), 0.9)
    touch = np.where(touched, mql + hours_us(touch_hours), never)
    verdict = rng.random(n)
    accepted = np.where(
        touched & (verdict < 0.62), touch + hours_us(rng.exponential(6.0, n)), never
    )
    rejected_rows = touched & (verdict >= 0.62) & (verdict < 0.85)
    rejected = np.where(rejected_rows, touch + hours_us(rng.exponential(4.0, n)), never)
    sql = np.where(
        (accepted >= 0) & (rng.random(n) < 0.5),
        accepted + hours_us(rng.exponential(120.0, n)),
        never,
    )
    outcome = rng.random(n)
    close = sql + hours_us(rng.lognormal(np.log(24 * 30), 0.5, n))
    won_rows = (sql >= 0) & (outcome < base["win_rate"])
    won = np.where(won_rows, close, never)
    lost = np.where((sql >= 0) & ~won_rows & (outcome < 0.8), close, never)
    return {
        "mql_at": mql,
        "first_touch_at": touch,
        "accepted_at": accepted,
        "rejected_at": rejected,
        "sql_at": sql,
        "won_at": won,
        "lost_at": lost,
    }


def _as_stamp(name: str, micros: np.ndarray) -> pl.Series:
    """Microseconds to a Datetime column; stages not reached, or after the data's end, are null."""
    values = pl.Series(name, micros, dtype=pl.Int64)
    reached = (values >= 0) & (values <= END_US)
    return values.cast(pl.Datetime("us")).zip_with(
        reached, pl.Series(name, [None], dtype=pl.Datetime("us"))
    )


def generate_leads(rng: np.random.Generator, n: int) -> pl.DataFrame:
    base = _launch_columns(rng, n)
    owner, speed = _owners(rng, base["region"])
    stages = _stage_times(rng, base, speed)
    # A stage only counts when every stage before it was reached by the data's end.
    order = ("mql_at", "first_touch_at", "accepted_at", "sql_at")
    for earlier, later in itertools.pairwise(order):
        stages[later] = np.where(stages[earlier] > END_US, -1, stages[later])
    for final in ("won_at", "lost_at"):
        stages[final] = np.where(stages["sql_at"] > END_US, -1, stages[final])
    stages["rejected_at"] = np.where(stages["first_touch_at"] > END_US, -1, stages["rejected_at"])
    reasons = _pick(rng, brand.REJECT_REASONS, n, brand.REJECT_WEIGHTS)
    segment = _pick(rng, brand.SEGMENTS, n, brand.SEGMENT_WEIGHTS)
    frame = pl.DataFrame(
        {
            "lead_id": pl.Series(
                np.char.add("L", np.arange(1, n + 1).astype(str)).astype(object), dtype=pl.String
            ),
            "created_at": pl.Series(base["created"]).cast(pl.Datetime("us")),
            "launch_id": pl.Series(base["launch_id"], dtype=pl.String),
            "channel": pl.Series(base["channel"], dtype=pl.String),
            "region": pl.Series(base["region"], dtype=pl.String),
            "segment": pl.Series(segment, dtype=pl.String),
            "owner": pl.Series(owner, dtype=pl.String),
        }
    )
    stamps = [_as_stamp(name, values) for name, values in stages.items()]
    frame = frame.with_columns(stamps)
    frame = frame.with_columns(
        reject_reason=pl.when(pl.col("rejected_at").is_not_null()).then(
            pl.Series(reasons, dtype=pl.String)
        ),
        event=pl.when(pl.col("channel") == "events").then(pl.col("launch_id") + " launch event"),
        # The brand's own naming convention, LAUNCH_channel_REGION; organic leads have none.
        campaign=pl.when(pl.col("channel") != brand.ORGANIC).then(
            pl.concat_str("launch_id", "channel", "region", separator="_")
        ),
        origin=pl.lit(None, pl.String),
    )
    return frame.select(list(LEADS.columns))


def generate_deals(rng: np.random.Generator, leads: pl.DataFrame, n_leads: int) -> pl.DataFrame:
    """One marketing-sourced deal per SQL, plus sales- and partner-sourced deals."""
    from_leads = leads.filter(pl.col("sql_at").is_not_null()).select(
        "lead_id",
        "launch_id",
        "segment",
        "owner",
        "region",
        created_at="sql_at",
        closed_at=pl.coalesce("won_at", "lost_at"),
        is_won=pl.when(pl.col("won_at").is_not_null())
        .then(True)
        .when(pl.col("lost_at").is_not_null())
        .then(False),
        source=pl.lit("marketing"),
    )
    own = _sourced_by_sales(rng, max(1, n_leads // 25))
    deals = pl.concat([from_leads, own], how="diagonal_relaxed")
    size = (
        deals["segment"]
        .replace_strict(
            list(brand.SEGMENTS), list(brand.SEGMENT_DEAL_SIZE), return_dtype=pl.Float64
        )
        .to_numpy()
    )
    amount = np.round(size * rng.lognormal(0.0, 0.45, deals.height), 2)
    stage = np.where(rng.random(deals.height) < 0.5, "Proposal", "Negotiation")
    deals = deals.with_columns(
        deal_id=pl.format("D{}", pl.int_range(1, deals.height + 1)),
        amount=pl.Series(amount),
        currency=pl.lit(brand.CURRENCY),
        origin=pl.lit(None, pl.String),
        stage=pl.when(pl.col("is_won"))
        .then(pl.lit("Closed Won"))
        .when(pl.col("is_won").not_())
        .then(pl.lit("Closed Lost"))
        .otherwise(pl.Series(stage, dtype=pl.String)),
    )
    return deals.select(list(DEALS.columns))


def _sourced_by_sales(rng: np.random.Generator, n: int) -> pl.DataFrame:
    """Deals reps found themselves (no lead): trade accounts, partners' introductions."""
    weights = np.array([launch.weight for launch in LAUNCHES])
    which = rng.choice(len(LAUNCHES), n, p=weights / weights.sum())
    day = _days_for(rng, which)
    created = day * DAY_US + office_hours_us(rng, n)
    region = _pick(rng, brand.REGIONS, n, brand.REGION_WEIGHTS)
    owner, _ = _owners(rng, region)
    outcome = rng.random(n)
    win_rate = np.asarray([launch.win_rate for launch in LAUNCHES])[which]
    close = created + hours_us(rng.lognormal(np.log(24 * 40), 0.5, n))
    closed = (outcome < 0.8) & (close <= END_US)
    return (
        pl.DataFrame(
            {
                "lead_id": pl.Series([None] * n, dtype=pl.String),
                "launch_id": pl.Series(
                    np.asarray([launch.launch_id for launch in LAUNCHES], dtype=object)[which],
                    dtype=pl.String,
                ),
                "segment": pl.Series(
                    _pick(rng, brand.SEGMENTS, n, brand.SEGMENT_WEIGHTS), dtype=pl.String
                ),
                "owner": pl.Series(owner, dtype=pl.String),
                "region": pl.Series(region, dtype=pl.String),
                "created_at": pl.Series(created).cast(pl.Datetime("us")),
                "closed_at": pl.Series(np.where(closed, close, 0)).cast(pl.Datetime("us")),
                "is_won": pl.Series(outcome < win_rate),
                "source": pl.Series(
                    _pick(rng, ("sales", "partner", "other"), n, (0.75, 0.2, 0.05)), dtype=pl.String
                ),
                "_closed": pl.Series(closed),
            }
        )
        .with_columns(
            closed_at=pl.when("_closed").then("closed_at"),
            is_won=pl.when("_closed").then("is_won"),
        )
        .drop("_closed")
    )


def _days_for(rng: np.random.Generator, which: np.ndarray) -> np.ndarray:
    day = np.empty(which.size, dtype=np.int64)
    for index, launch in enumerate(LAUNCHES):
        rows = np.flatnonzero(which == index)
        day[rows] = draw_days(rng, rows.size, launch_demand(launch, "trade"))
    return day
