"""Source kinds: one module each, alike, each declared once as a `Kind` record.

Every kind reads a configured source into canonical frames, filling the health record,
and returns a checksum of what it read (kept in the snapshot manifest). sources.toml's
keys, the reader, and the UI's refresh hint all come from these records.
"""

from __future__ import annotations

from connectors.sources.kinds import demo, file, folder, gsheet, warehouse
from connectors.sources.kinds.base import Kind, Reader

KINDS: dict[str, Kind] = {
    k.name: k for k in (gsheet.KIND, file.KIND, folder.KIND, demo.KIND, warehouse.KIND)
}

__all__ = ["KINDS", "Kind", "Reader"]
