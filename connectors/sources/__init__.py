"""A source's life: its configuration and kind, snapshots, health, and combining reads.

The third of the connectors' three rooms (docs/architecture.md): a read never raises
for a source's own failure; it falls back to the last good snapshot and says so.
"""
