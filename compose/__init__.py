"""The model the KPIs are computed on, from the sources' reads: on the engine sources.toml
chooses, or in the warehouse. One copy for the app and the command line; it never
imports streamlit (docs/architecture.md, "Engines")."""

from compose.model import (
    ModelError,
    credentials_for,
    engine_of,
    in_warehouse,
    model_of,
    on_folder,
    open_warehouse,
    password_of,
    warehouse_of,
)
from compose.place import Place, Queries, placed

__all__ = [
    "ModelError",
    "Place",
    "Queries",
    "credentials_for",
    "engine_of",
    "in_warehouse",
    "model_of",
    "on_folder",
    "open_warehouse",
    "password_of",
    "placed",
    "warehouse_of",
]
