"""What a file is, by its first bytes rather than its name.

Only three kinds of attachment are accepted (PDF, JPEG, PNG); their signatures are
fixed by their specifications, so a short table does what a libmagic binding would.
"""

from __future__ import annotations

SIGNATURES = {
    b"%PDF-": "pdf",
    b"\xff\xd8\xff": "jpeg",
    b"\x89PNG\r\n\x1a\n": "png",
}
LABELS = {"pdf": "PDF", "jpeg": "JPG", "png": "PNG"}


def sniff(head: bytes) -> str | None:
    """The kind of document whose first bytes are ``head``, or None."""
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None
