"""A cross-check's sentence is rendered from its code: an English page reads it in English, same privacy."""

from __future__ import annotations

import pytest
from django.utils import translation

from shenbao.crosschecks.selectors import findings_for_rows
from shenbao.crosschecks.services import refresh_findings
from tests import factories
from tests.crosschecks.build import add_row, make_application, make_call

pytestmark = pytest.mark.django_db


def test_a_reviewer_reads_another_claim_in_english_and_learns_no_more(directory, reviewer) -> None:  # type: ignore[no-untyped-def]
    call = make_call(2026)
    mine = make_application(factories.make_organisation(number=5, name="浦东甲公司"), call=call)
    theirs = make_application(
        factories.make_organisation(number=16, name="徐汇乙公司"), call=call, status="accepted"
    )
    row = add_row(mine, 1, name="张三")
    add_row(theirs, 1, name="张三")
    refresh_findings(mine)

    [finding] = findings_for_rows(reviewer, mine, [row])[row.pk]
    with translation.override("en"):
        english = finding.message
    with translation.override("zh-hans"):
        chinese = finding.message

    authority = theirs.authority.name
    assert (
        english == f"Also claimed in another application: {authority}, 2026, status: accepted by the district"
    )
    assert chinese == f"该人员同时在另一份申报中被申报：{authority}，2026年度，状态：区审核通过"
    assert "徐汇乙公司" not in english and theirs.reference not in english
