"""What a KPI is: its name, meaning and direction, and the measures it divides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kpi.measures import Measure

Department = Literal["marketing", "sales", "shared"]
Unit = Literal["count", "money", "ratio", "hours", "days"]
Better = Literal["up", "down"]


@dataclass(frozen=True, kw_only=True)
class Kpi:
    """One catalog entry: value = sum(numerator measures) ÷ sum(denominator measures).

    With no denominator the value is the numerator sum itself (a count, sum or median).
    How the sums and the division treat zero, negative and unknown values is the one
    combining rule (kpi/combine.py). The formula text is built from the measures.
    """

    id: str
    label: str
    department: Department
    unit: Unit
    better: Better
    definition: str  # one line in plain words, shown on the Definitions page
    numerator: tuple[Measure, ...]
    denominator: tuple[Measure, ...] = ()
    # A KPI divided by its own target to date (target attainment) names that KPI here.
    versus_target_of: str | None = None

    @property
    def additive(self) -> bool:
        """Whether the KPI's value over disjoint parts adds up to the whole."""
        return (
            not self.denominator
            and self.versus_target_of is None
            and all(m.additive for m in self.numerator)
        )

    @property
    def formula(self) -> str:
        """The computation in words, from the measures: "sum(clicks) ÷ sum(impressions)"."""
        divided = self.denominator or self.versus_target_of is not None
        top = _sum_text(self.numerator, grouped=bool(divided))
        if self.versus_target_of is not None:
            return f"{top} ÷ {self.versus_target_of} target to date"
        if not self.denominator:
            return top
        return f"{top} ÷ {_sum_text(self.denominator, grouped=True)}"

    @property
    def measures(self) -> tuple[Measure, ...]:
        return self.numerator + self.denominator

    @property
    def snapshot(self) -> bool:
        """Whether it is a state at the period's end (open pipeline), not a flow."""
        return any(m.date is None for m in self.measures)


def _sum_text(parts: tuple[Measure, ...], *, grouped: bool) -> str:
    text = " + ".join(m.formula for m in parts)
    return f"({text})" if grouped and len(parts) > 1 else text
