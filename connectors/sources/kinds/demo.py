"""The `demo` kind: the bundled demo data set, generated on demand."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from contract.schema import check_frame

from connectors.errors import SourceError
from connectors.formats.adapters.base import Frames
from connectors.grid.limits import Limits
from connectors.health import DataHealth
from connectors.sources.kinds.base import Kind, whole_number
from connectors.sources.source import SourceConfig


def read(
    source: SourceConfig,
    *,
    credentials: Mapping[str, Any] | None,
    health: DataHealth,
    limits: Limits,
) -> tuple[Frames, str]:
    # Imported here: the generator is large, and only demo sources need it.
    try:
        from connectors.demo import generate
    except ImportError:
        raise SourceError("the demo data generator (connectors.demo) is not available") from None
    options = {"seed": source.options.get("seed"), "n_leads": source.options.get("leads")}
    frames = generate(**{k: v for k, v in options.items() if v is not None})
    health.format = "demo"
    for name, frame in frames.items():
        problems = check_frame(name, frame)
        if problems:
            raise SourceError(f"the demo generator made an invalid {name} table: {problems[0]}")
        health.rows_read += frame.height
        health.rows_kept += frame.height
    return dict(frames), f"demo:{options['seed']}:{options['n_leads']}"


def configure(entry: Mapping[str, Any], label: str, base: Path) -> dict[str, Any]:
    options = {key: whole_number(entry, key, label) for key in ("seed", "leads")}
    return {"options": {key: value for key, value in options.items() if value is not None}}


KIND = Kind("demo", ("seed", "leads"), configure, read)
