"""The canonical contract: the tables every source produces and the KPI engine reads.

Both `connectors/` (which must produce these tables) and `kpi/` (which reads only
these) import it; it imports neither (docs/architecture.md, "Rooms").
"""
