"""The model the KPIs are computed on, from the sources' reads: on the engine sources.toml
chooses, or in the warehouse. One copy for the app and the command line; it never
imports streamlit (docs/architecture.md, "Engines")."""

from compose.model import (
    ModelError,
    credentials_for,
    engine_of,
    model_of,
    on_folder,
    open_warehouse,
    warehouse_of,
)
from compose.place import Place

__all__ = [
    "ModelError",
    "Place",
    "credentials_for",
    "engine_of",
    "model_of",
    "on_folder",
    "open_warehouse",
    "warehouse_of",
]
