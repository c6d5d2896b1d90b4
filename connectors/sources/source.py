"""One configured source: what sources.toml says about it, checked and typed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class SourceConfig:
    name: str
    kind: str
    path: Path | None = None
    url: str | None = None
    key: str | None = None
    sheet: str | None = None  # a Google Sheet's or a workbook's sheet, by title
    gid: int | None = None
    table: str | None = None  # forces the canonical table, else detected
    format: str | None = None  # forces the adapter, else detected
    # Demo: {"seed": …, "leads": …}; warehouse: {"tables": …, "password": secrets key}.
    # Left out of the hash so a source can be a cache key.
    options: Mapping[str, Any] = field(default_factory=dict, hash=False)
