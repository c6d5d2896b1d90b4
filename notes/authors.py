"""Who wrote a note or saved a view, and who may change it (docs/architecture.md,
"Notes and saved views").

The author is the signed-in e-mail, compared without regard to case; in open access
everyone is `UNSIGNED`, so an unsigned note can be changed by anyone in open access
(and by no signed-in user), and its history keeps every earlier text.
"""

from __future__ import annotations

from notes.errors import Invalid, NotAuthor
from notes.models import EMAIL_LENGTH

UNSIGNED = "unsigned"


def author_key(author: str) -> str:
    """The author as stored and compared: trimmed, lower-case, never empty."""
    key = author.strip().lower()
    if not key or len(key) > EMAIL_LENGTH:
        raise Invalid([f"the author must be an e-mail address or “{UNSIGNED}”"])
    return key


def check_author(written_by: str, author: str, what: str) -> None:
    if author_key(author) != written_by:
        raise NotAuthor(f"only {written_by} can change this {what}")
