"""Pages render the flow's decision; no template or view decides on an application's status itself.

Grep-based on purpose (issue 12): "may this happen now" is answered by shenbao.domain.flow, and a
template comparing ``application.status`` or a view testing ``Status.…`` is a second answer
that will drift from it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shenbao.domain.workflow import Status

ROOT = Path(__file__).resolve().parents[1] / "shenbao"
VALUES = "|".join(status.value for status in Status)
DECIDING = [
    # application.status == 'submitted', a.status != "returned", status in 'submitted returned accepted'
    re.compile(rf"""status\s*(?:==|!=|\bin\b|\bnot\s+in\b)\s*["'](?:{VALUES})\b"""),
    # status == Status.SUBMITTED, Status(application.status) is Status.DRAFT, … in EDITABLE_STATUSES
    re.compile(r"(?:==|!=|\bis\b|\bis\s+not\b|\bin\b|\bnot\s+in\b)\s*Status\.[A-Z]"),
    re.compile(r"\b(?:EDITABLE|MOVABLE|LIVE|DECIDED)_STATUSES\b"),
]


def _pages() -> list[Path]:
    templates = sorted(ROOT.glob("**/templates/**/*.html"))
    views = sorted(p for p in ROOT.glob("**/*.py") if p.name == "views.py" or p.name.endswith("_views.py"))
    return templates + views


@pytest.mark.parametrize("path", _pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_or_view_compares_an_application_status_itself(path: Path) -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(pattern.search(line) for pattern in DECIDING)
    ]
    assert found == [], "ask shenbao.domain.flow (offers / allowed_actions) instead:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "{% if is_reviewer and application.status == 'submitted' %}",
        "{% if user.is_city_admin and application.status in 'submitted returned accepted' %}",
        """<span class="tag{% if a.status == 'returned' or a.status == 'rejected' %} err{% endif %}">""",
        '"can_withdraw": application.status == Status.SUBMITTED,',
        "editable = Status(application.status) in EDITABLE_STATUSES",
    ],
)
def test_the_check_finds_the_comparisons_the_pages_used_to_make(line: str) -> None:
    assert any(pattern.search(line) for pattern in DECIDING)
