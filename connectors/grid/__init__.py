"""Bytes into a grid of text cells: CSV/TSV, XLSX and Parquet files and Google Sheets.

The first of the connectors' three rooms (docs/architecture.md): nothing here knows
what a column means; sizes and hostile files are bounded before any parser runs.
"""
