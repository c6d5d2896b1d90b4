"""Vendor vocabularies: header names per language and value maps, kept as data.

Each adapter has a TOML file beside it (`adapters/google_ads.toml` …) holding what the
vendor's exports call things: `[headers.<language>]` (a canonical field → the header
names that vendor writes in that language), `[channels]` (a vendor value → one of the
canonical channels in contract/schema.py), `[sourced_by]` (values whose record a
given team brought, whatever their channel: marketing, sales, partner or other) and
anything else the adapter reads from its file.
Editing a vocabulary needs no code: a new language is a new `[headers.xx]` table.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract.schema import CHANNELS, DEAL_SOURCES

_FOLDER = Path(__file__).with_name("adapters")


@dataclass(frozen=True)
class Vocabulary:
    name: str
    headers: Mapping[str, Mapping[str, tuple[str, ...]]]  # language → field → names
    channels: Mapping[str, str]  # value_key(vendor value) → canonical channel
    sourced_by: Mapping[str, str]  # value_key(vendor value) → one of DEAL_SOURCES
    data: Mapping[str, Any]  # the rest of the file, for the adapter's own use

    def names(self, field: str) -> tuple[str, ...]:
        """Every header name `field` has in any language, English first."""
        seen: dict[str, None] = {}
        for language in self.headers.values():
            seen.update(dict.fromkeys(language.get(field, ())))
        return tuple(seen)

    def alternatives(self, field: str) -> str:
        """`field`'s names as one header requirement ("Campaign|Campanha|…")."""
        return "|".join(self.names(field))

    def channel(self, value: str | None) -> str | None:
        """The canonical channel of a vendor value; None when the vocabulary lacks it."""
        return self.channels.get(value_key(value))

    def sourced(self, value: str | None) -> str | None:
        return self.sourced_by.get(value_key(value))


def value_key(value: str | None) -> str:
    """Vendor values compared loosely: 'Paid Search', 'PAID_SEARCH', ' paid search '."""
    return re.sub(r"[\W_]+", "_", (value or "").casefold()).strip("_")


@functools.cache
def vocabulary(name: str) -> Vocabulary:
    """The vocabulary in `adapters/<name>.toml`, checked against the canonical channels."""
    document = tomllib.loads((_FOLDER / f"{name}.toml").read_text(encoding="utf-8"))
    headers = {
        language: {field: tuple(names) for field, names in table.items()}
        for language, table in document.pop("headers", {}).items()
    }
    channels = {value_key(k): v for k, v in document.pop("channels", {}).items()}
    sourced_by = {value_key(k): v for k, v in document.pop("sourced_by", {}).items()}
    wrong = sorted({v for v in channels.values() if v not in CHANNELS})
    wrong += sorted({v for v in sourced_by.values() if v not in DEAL_SOURCES})
    if wrong:  # a typo in a vocabulary file is a bug, caught by the tests at once
        raise ValueError(f"{name}.toml maps to values Tandem does not have: {', '.join(wrong)}")
    return Vocabulary(name, headers, channels, sourced_by, document)
