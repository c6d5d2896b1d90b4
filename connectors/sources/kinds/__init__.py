"""Source kinds: one module each, alike, mapped from the kind's name in sources.toml.

Every kind reads a configured source into canonical frames, filling the health record,
and returns a checksum of what it read (kept in the snapshot manifest).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from connectors.formats.adapters.base import Frames
from connectors.grid.limits import Limits
from connectors.health import DataHealth
from connectors.sources.config import SourceConfig
from connectors.sources.kinds import demo, file, folder, gsheet


class Reader(Protocol):
    def __call__(
        self,
        source: SourceConfig,
        *,
        credentials: Mapping[str, Any] | None,
        health: DataHealth,
        limits: Limits,
    ) -> tuple[Frames, str]: ...


READERS: dict[str, Reader] = {
    "file": file.read,
    "folder": folder.read,
    "gsheet": gsheet.read,
    "demo": demo.read,
}
