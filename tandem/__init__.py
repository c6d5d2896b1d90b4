"""Tandem's command lines, one entry point: `python -m tandem report|check`.

The only room besides the app that imports both `connectors/` (to read sources) and
`kpi/` (to compute): the engine itself never imports the connectors.
"""
