"""Shared Streamlit pieces: data loading with caching, filters, tiles, charts, downloads."""
