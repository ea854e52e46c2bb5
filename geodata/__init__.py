"""Loading, validating and aggregating the atlas's open data. Never imports Dash or Plotly."""

from geodata.bundle import Bundle, ensure_bundle, load_bundle
from geodata.config import resolve_data_dir
from geodata.errors import DataDirError, DataError

__all__ = [
    "Bundle",
    "DataDirError",
    "DataError",
    "ensure_bundle",
    "load_bundle",
    "resolve_data_dir",
]
