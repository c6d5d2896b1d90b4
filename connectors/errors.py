"""Exceptions the connectors raise internally; none of them escapes `read_source`."""

from __future__ import annotations


class ConfigError(ValueError):
    """A sources.toml that cannot be used; the message names the entry and the field."""


class SourceError(Exception):
    """A source that cannot be read as a whole (network, permission, missing file)."""


class RefusedFile(SourceError):
    """A file read fine but refused whole: unknown shape, pivot table, ambiguous dates."""


class CellError(ValueError):
    """One cell that cannot be typed; the row holding it is refused."""

    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(message)
        self.column = column


def is_panic(exc: BaseException) -> bool:
    """A Rust library's panic (polars, fastexcel): pyo3 raises it as a BaseException.

    Each extension has its own PanicException class, so it is known by name.
    """
    return type(exc).__name__ == "PanicException"
