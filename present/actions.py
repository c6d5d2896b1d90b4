"""An open action in words: overdue or open, owner, due date, launch, text. The hand-off
strip (ui/open_actions.py), the meeting pack and the digest all say it this way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import notes
from present.formatting import plain

OVERDUE, OPEN = "Overdue", "Open"


@dataclass(frozen=True)
class ActionWords:
    status: str
    owner: str
    due: str
    launch: str
    text: str

    def line(self) -> str:
        return f"{self.status} · {self.owner} · {self.due} · {self.launch}: {self.text}"


def words(action: notes.Entry, today: date, names: Mapping[str, str]) -> ActionWords:
    """What was written stays text: one line, bidi controls out (never shortened)."""
    limit = len(action.text) + 1
    return ActionWords(
        status=OVERDUE if action.overdue(today) else OPEN,
        owner=plain(action.owner or "no owner"),
        due=f"due {action.due:%d %b %Y}" if action.due else "no due date",
        launch=plain(names.get(action.launch_id, action.launch_id)),
        text=plain(action.text, limit=limit),
    )
