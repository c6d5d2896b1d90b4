"""What the loaded data can say about each KPI (docs/architecture.md, "Unknown is not zero").

Decided once per load from the inputs the data provides (kpi/inputs.py):
- a KPI whose denominator, or every part of whose numerator, reads something the
  data lacks has no value anywhere (table, series, breakdowns, launch overlay), with
  the reason: "not in this data: no lost deals";
- a sum of parts (revenue: won deals + orders) over data that has only some of them
  is the sum of those, and says what it leaves out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from kpi.definition import Kpi
from kpi.inputs import Input
from kpi.model import Model


@dataclass(frozen=True)
class Known:
    kpi: Kpi  # the catalog KPI, its numerator cut to the parts the data provides
    unknown: str | None  # why the data cannot give it at all
    leaves_out: str | None  # the parts left out, and why


def known(model: Model, kpi: Kpi) -> Known:
    return model.remembered(("known", kpi.id), lambda: _known(model, kpi))


def _known(model: Model, kpi: Kpi) -> Known:
    lacking = {m.name: missing_reason(model, m.inputs) for m in kpi.measures}
    kept = tuple(m for m in kpi.numerator if lacking[m.name] is None)
    if not kept or any(lacking[m.name] for m in kpi.denominator):
        everything = missing_reason(model, (i for m in kpi.measures for i in m.inputs))
        return Known(kpi, everything, None)
    if len(kept) == len(kpi.numerator):
        return Known(kpi, None, None)
    left = "; ".join(
        f"leaves out {m.formula} ({why})" for m in kpi.numerator if (why := lacking[m.name])
    )
    return Known(replace(kpi, numerator=kept), None, left)


def missing_reason(model: Model, inputs: Iterable[Input]) -> str | None:
    """Why the data cannot give what reads `inputs`, in plain words; None if it can."""
    missing = [i for i in inputs if i not in model.provided]
    if not missing:
        return None
    words: dict[str, None] = {}
    for absent in missing:
        # An empty table lacks everything it would hold: name the table, once.
        words[absent.words if model.has_rows(absent.table) else absent.table] = None
    return "not in this data: no " + ", no ".join(words)
