"""What a person writes before it is kept: a note, decision or action as a draft, cleaned
and checked in plain words (docs/architecture.md, "Notes and saved views")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from notes.models import KINDS, LAUNCH_LENGTH, OWNER_LENGTH

MAX_TEXT = 2000
# Control characters other than tab and line breaks: PostgreSQL refuses NUL in text,
# and none of them can be shown.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Draft:
    """What a person writes: an entry before it is kept, or its new version in an edit."""

    kind: str
    launch_id: str
    start: date
    end: date | None = None  # None: one day
    text: str = ""
    owner: str | None = None  # actions only
    due: date | None = None  # actions only
    done: bool = False  # actions only

    def cleaned(self) -> Draft:
        """Trimmed text, one-day end filled in, action fields dropped from other kinds."""
        action = self.kind == "action"
        return replace(
            self,
            launch_id=self.launch_id.strip(),
            end=self.end or self.start,
            text=_CONTROL.sub("", self.text).strip(),
            owner=(self.owner or "").strip() or None if action else None,
            due=self.due if action else None,
            done=self.done if action else False,
        )

    def problems(self) -> list[str]:
        """Why this draft cannot be kept, in plain words (empty when it can)."""
        draft = self.cleaned()
        checks = [
            (draft.kind in KINDS, f"the kind must be one of {', '.join(KINDS)}"),
            (bool(draft.launch_id), "choose a launch"),
            (len(draft.launch_id) <= LAUNCH_LENGTH, "the launch name is too long"),
            (bool(draft.text), "write something"),
            (
                len(draft.text) <= MAX_TEXT,
                f"keep it under {MAX_TEXT} characters (this has {len(draft.text)})",
            ),
            (
                draft.end is not None and draft.end >= draft.start,
                "the end date is before the start",
            ),
            (draft.kind != "action" or draft.owner is not None, "an action needs an owner"),
            (len(draft.owner or "") <= OWNER_LENGTH, "the owner's name is too long"),
            (draft.kind != "action" or draft.due is not None, "an action needs a due date"),
        ]
        return [problem for ok, problem in checks if not ok]
