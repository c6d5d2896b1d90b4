"""Loading the data, cached on small keys (DESIGN.md §7): the one place for caching.

Cache keys are the data's version (which sources, and their snapshot versions) and
the filter values, never a frame: Streamlit hashes only a sample of large frames,
so a frame key could serve stale KPIs after one row changed.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from kpi.dataset import Dataset
from kpi.demo import DEFAULT_LEADS, DEFAULT_SEED, generate
from kpi.model import Model, prepare


@dataclass(frozen=True)
class Loaded:
    model: Model
    version: str  # identifies the data: part of every cache key
    source_label: str  # what the sidebar says the data is


@st.cache_resource(show_spinner="Preparing the demo data…")
def _demo(seed: int, n_leads: int) -> Model:
    return prepare(Dataset.from_frames(generate(seed=seed, n_leads=n_leads)))


def load() -> Loaded:
    model = _demo(DEFAULT_SEED, DEFAULT_LEADS)
    version = f"demo:{DEFAULT_SEED}:{DEFAULT_LEADS}"
    return Loaded(model, version, "Demo data: Maison Lumière (no sources configured)")
