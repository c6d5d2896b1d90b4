"""Source kinds: one module each, alike, each declared once as a `Kind` record.

Every kind reads a configured source into canonical frames, filling the health record,
and returns a checksum of what it read (kept in the snapshot manifest). sources.toml's
keys, the reader, and the UI's refresh hint all come from these records.

A kind's module is imported when a source of that kind is first configured or read:
a sources file of folders does not pay for the warehouse's driver (psycopg) or the
demo's generator at start (docs/architecture.md, "Reading real exports").
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping

from connectors.sources.kinds.base import Kind, Reader

# Each kind's name → the module whose `KIND` record declares it.
MODULES = {
    name: f"connectors.sources.kinds.{name}"
    for name in ("gsheet", "file", "folder", "demo", "warehouse")
}


class Kinds(MutableMapping[str, Kind]):
    """Kind name → its record, its module imported on first use."""

    def __init__(self, modules: dict[str, str]) -> None:
        self._modules = dict(modules)
        self._loaded: dict[str, Kind] = {}

    def __getitem__(self, name: str) -> Kind:
        if name not in self._loaded:
            kind = importlib.import_module(self._modules[name]).KIND  # KeyError: unknown
            assert isinstance(kind, Kind) and kind.name == name, self._modules[name]
            self._loaded[name] = kind
        return self._loaded[name]

    def __setitem__(self, name: str, kind: Kind) -> None:  # tests replace a kind's reader
        self._modules.setdefault(name, "")
        self._loaded[name] = kind

    def __delitem__(self, name: str) -> None:
        del self._modules[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)

    def __contains__(self, name: object) -> bool:
        return name in self._modules


KINDS = Kinds(MODULES)

__all__ = ["KINDS", "Kind", "Kinds", "Reader"]
