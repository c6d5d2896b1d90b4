"""What can go wrong when people write notes, in words a page can show as they are.

No message here ever carries a database URL or a password: `NotesUnavailable` names the
database by `Database.where`, which is built without them.
"""

from __future__ import annotations


class NotesError(Exception):
    """Anything the notes service refuses or cannot do; its message is safe to show."""


class NotesUnavailable(NotesError):
    """The database cannot be reached or written: notes are read-only for now."""


class NotFound(NotesError):
    """No such note or saved view (or it was removed)."""


class NotAuthor(NotesError):
    """Only the author changes a note or a saved view."""


class Invalid(NotesError, ValueError):
    """What a person wrote cannot be kept as it is; `problems` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
