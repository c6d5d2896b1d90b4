"""A vendor's source values into the one channel vocabulary and the deal's source.

Unknown or blank values are never guessed: the channel is "other", a deal is not
marketing-sourced, and every such value is listed in the health record with its count
so the data owner can map it in a `channel_rules` table (docs/architecture.md,
"Channels").
"""

from __future__ import annotations

from collections import Counter

from contract.schema import OTHER_CHANNEL

from connectors.formats.fields import find
from connectors.formats.vocabulary import Vocabulary
from connectors.grid.cells import RawTable
from connectors.health import DataHealth

BLANK = "(blank)"
_SHOWN = 6


class ChannelReader:
    """Maps one file's values of one vocabulary field, counting those it does not know."""

    def __init__(
        self, vocabulary: Vocabulary, raw: RawTable, field: str, *, applies_to: str = "origin"
    ) -> None:
        self.vocabulary = vocabulary
        position = find(raw, *vocabulary.names(field))
        # The header the values come from; None when the file lacks the column.
        self.column = raw.header[position] if position is not None else None
        self.expected = vocabulary.names(field)[0]
        self.applies_to = applies_to  # the canonical column keeping the vendor's value
        self.unknown: Counter[str] = Counter()

    def channel(self, value: str | None) -> str:
        """The canonical channel; "other" (and counted) when unknown or blank."""
        known = self.vocabulary.channel(value)
        if known is not None:
            return known
        if self.vocabulary.sourced(value) is None:  # "Cold Call" is known, not a channel
            self.unknown[value or BLANK] += 1
        return OTHER_CHANNEL

    def deal_source(self, value: str | None) -> str:
        """Who brought the deal: the vocabulary's word, else marketing when the value maps
        to a channel other than "other"; never marketing for an unknown value."""
        sourced = self.vocabulary.sourced(value)
        if sourced is not None:
            return sourced
        return "other" if self.channel(value) == OTHER_CHANNEL else "marketing"

    def report(self, health: DataHealth, file: str, *, deals: bool = False, fix: str = "") -> None:
        """Write what could not be mapped into `health`: a missing column, unknown values."""
        if self.column is None:
            consequence = (
                "which deals marketing brought is unknown and none is counted as marketing-sourced"
                if deals
                else "every row is under channel 'other'"
            )
            health.warn(f"{file}: no '{self.expected}' column, so {consequence}. {fix}".strip())
            return
        if not self.unknown:
            return
        rows = sum(self.unknown.values())
        shown = ", ".join(f"'{v}' ({n})" for v, n in self.unknown.most_common(_SHOWN))
        more = len(self.unknown) - _SHOWN
        what = "deals not marketing-sourced (channel 'other')" if deals else "channel 'other'"
        health.warn(
            f"{file}: {rows} row(s) with a '{self.column}' Tandem does not know are filed "
            f"under {what}: {shown}{f' and {more} more' if more > 0 else ''}; "
            f"map them in a channel_rules table (applies_to = {self.applies_to})"
        )
