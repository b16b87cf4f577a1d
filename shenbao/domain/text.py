"""Marking the domain's display labels for translation without Django.

``makemessages`` finds every string passed to a function named ``gettext_noop``, wherever it
is defined, so the labels the domain owns (statuses, actions, catalog tiers) become message
ids; the Django side translates them where they are shown (e.g. applications/labels.py).
"""

from __future__ import annotations


def gettext_noop(text: str) -> str:
    """The text as it is: only marked for ``makemessages``."""
    return text
