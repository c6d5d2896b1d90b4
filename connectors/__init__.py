"""Tandem's connectors: sources into canonical tables. Never imports streamlit.

The UI calls `load_config`, then `read_source` for each source (or `read_upload` for an
uploaded export), then `combine` to get the canonical tables for the KPI engine. The
command line reads them all with `read_sources`, which serves the unchanged ones from
their snapshots side by side.
"""

from connectors.errors import ConfigError
from connectors.health import DataHealth, RefusedRow, refused_frame
from connectors.sources.combine import combine
from connectors.sources.config import SourceConfig, SourcesConfig, load_config
from connectors.sources.read import demo_tables, read_source, read_sources, read_upload
from connectors.sources.result import SourceRead

__all__ = [
    "ConfigError",
    "DataHealth",
    "RefusedRow",
    "SourceConfig",
    "SourceRead",
    "SourcesConfig",
    "combine",
    "demo_tables",
    "load_config",
    "read_source",
    "read_sources",
    "read_upload",
    "refused_frame",
]
