"""Text the domain shows: labels marked for translation without Django, and clauses joined into a sentence.

``makemessages`` finds every string passed to a function named ``gettext_noop``, wherever it
is defined, so the labels the domain owns (statuses, actions, catalog tiers) become message
ids; the Django side translates them where they are shown (e.g. applications/labels.py).
"""

from __future__ import annotations

from collections.abc import Iterable


def gettext_noop(text: str) -> str:
    """The text as it is: only marked for ``makemessages``."""
    return text


# Punctuation a clause may already end with, dropped before clauses are joined: "材料不全。" and
# "请补盖公章" read "材料不全；请补盖公章。", never "材料不全。；请补盖公章".
_CLAUSE_ENDS = "。．.；;，,、 \t\n\u3000"
_SENTENCE_ENDS = ("。", "？", "！", "?", "!")


def join_clauses(parts: Iterable[str]) -> str:
    """Clauses as one sentence: each stripped of its end punctuation, joined by "；", ended by "。"."""
    clauses = [part.strip().rstrip(_CLAUSE_ENDS) for part in parts]
    clauses = [clause for clause in clauses if clause]
    if not clauses:
        return ""
    text = "；".join(clauses)
    return text if text.endswith(_SENTENCE_ENDS) else text + "。"
