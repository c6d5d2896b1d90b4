"""The warehouse reports use the engines tests' PostgreSQL schema fixture."""

from tests.kpi.engines.conftest import postgres_schema

__all__ = ["postgres_schema"]
