"""The reviewer's roster page (issue 13): filters and order in the URL, the summary by kind of problem,
the progress line, decisions per person (htmx and plain form) and one decision for a whole filter."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from shenbao.applications.models import Application, RosterRow
from shenbao.applications.services import update_counts
from shenbao.crosschecks.models import CrossFinding
from shenbao.domain.workflow import Status
from tests import factories
from tests.confirming import confirmation_token

pytestmark = pytest.mark.django_db

CHECK_CHARACTER = {"code": "id_check_character", "severity": "error", "column": "证件号码", "params": {}}
HIRED_EARLY = {
    "code": "hired_before_window",
    "severity": "warning",
    "column": "入职日期",
    "message": "入职早",
}


@pytest.fixture
def roster(make_application, enterprise, reviewer) -> Application:
    """Ten persons, rows 2-11: 2 a format error, 3 an eligibility finding, 4 claimed elsewhere,
    5 decided 不符合, 6 decided 符合, 7 changed since its decision; 8-11 clean and undecided."""
    application = make_application(enterprise, persons=10)
    rows = {row.number: row for row in application.rows.all()}
    names = {
        2: "赵二",
        3: "钱三",
        4: "孙四",
        5: "李五",
        6: "周六",
        7: "吴七",
        8: "郑八",
        9: "王九",
        10: "冯十",
        11: "陈一",
    }
    for number, name in names.items():
        rows[number].name = name
    rows[2].has_errors, rows[2].problems = True, [CHECK_CHARACTER]
    rows[3].findings = [HIRED_EARLY]
    rows[5].decision, rows[5].decision_reason, rows[5].decided_by = "ineligible", "社保非本单位缴纳", reviewer
    rows[6].decision, rows[6].decided_by = "eligible", reviewer
    rows[7].earlier_decision = "eligible"
    RosterRow.objects.bulk_update(
        rows.values(),
        [
            "name",
            "has_errors",
            "problems",
            "findings",
            "decision",
            "decision_reason",
            "decided_by",
            "earlier_decision",
        ],
    )
    update_counts(application)  # what an upload or an edit does after writing the rows
    other = make_application(factories.make_organisation(number=16), persons=1)
    CrossFinding.objects.create(
        row=rows[4],
        application=application,
        code="claimed_elsewhere",
        other_row=other.rows.get(),
        other_application=other,
    )
    return application


def _page(client, application, **params):
    url = reverse("reviews:application", args=[application.pk])
    return client.get(url + ("?" + urlencode(params) if params else ""))


def _numbers(response) -> list[int]:
    return [line.row.number for line in response.context["review_rows"]]


@pytest.mark.parametrize(
    ("show", "numbers"),
    [
        ("all", [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
        ("errors", [2]),
        ("findings", [3, 4]),
        ("elsewhere", [4]),
        ("undecided", [2, 3, 4, 7, 8, 9, 10, 11]),
        ("ineligible", [5]),
        ("changed", [7]),
    ],
)
def test_each_filter_shows_its_persons(client, reviewer, roster, show, numbers):
    client.force_login(reviewer)
    assert _numbers(_page(client, roster, show=show)) == numbers


def test_a_kind_of_problem_shows_the_persons_with_it(client, reviewer, roster):
    client.force_login(reviewer)
    assert _numbers(_page(client, roster, kind="id_check_character")) == [2]
    assert _numbers(_page(client, roster, kind="hired_before_window")) == [3]
    assert _numbers(_page(client, roster, kind="claimed_elsewhere")) == [4]
    page = _page(client, roster, kind="hired_before_window").content.decode()
    assert "只显示：入职早于申报期" in page


def test_an_unknown_filter_or_order_falls_back_to_the_whole_roster_by_row_number(client, reviewer, roster):
    client.force_login(reviewer)
    response = _page(client, roster, show="everything", sort="salary", kind="x' or 1=1")
    assert _numbers(response) == list(range(2, 12))
    assert response.context["query"].params() == {"show": "all", "sort": "number"}


def test_sorting_by_name_or_by_row_number(client, reviewer, roster):
    client.force_login(reviewer)
    by_name = [line.row.name for line in _page(client, roster, sort="name").context["review_rows"]]
    assert by_name == sorted(by_name)
    assert by_name != [line.row.name for line in _page(client, roster, sort="number").context["review_rows"]]
    assert _numbers(_page(client, roster, sort="number")) == list(range(2, 12))


def test_filter_and_page_live_in_the_url_and_in_the_links(client, reviewer, make_application, enterprise):
    application = make_application(enterprise, persons=120)
    client.force_login(reviewer)
    response = _page(client, application, show="undecided", sort="number", page=2)
    assert _numbers(response) == list(range(52, 102))
    page = response.content.decode()
    # The pages around it keep the filter; each person's form comes back to this filter and page.
    assert "show=undecided&amp;sort=number&amp;page=1" in page
    assert "show=undecided&amp;sort=number&amp;page=3" in page
    row = application.rows.get(number=52)
    decide = reverse("reviews:row_decide", args=[application.pk, row.pk])
    assert f'action="{decide}?show=undecided&amp;sort=number&amp;page=2"' in page
    assert "「待审核」共 120 人，第 2 / 3 页。" in page


def test_the_summary_by_kind_counts_persons_and_links_to_them(client, reviewer, roster):
    client.force_login(reviewer)
    response = _page(client, roster)
    kinds = [(k.code, k.persons, k.is_error) for k in response.context["kinds"]]
    # Errors first, then the findings; a person counts once per kind.
    assert kinds[0] == ("id_check_character", 1, True)
    assert sorted(kinds[1:]) == [("claimed_elsewhere", 1, False), ("hired_before_window", 1, False)]
    page = response.content.decode()
    assert "证件号码校验位错误 1 人" in page
    assert 'href="?show=all&amp;sort=number&amp;kind=id_check_character"' in page
    assert 'href="?show=all&amp;sort=number&amp;kind=claimed_elsewhere"' in page


def test_the_progress_line_counts_the_decided_and_points_at_the_next_undecided(client, reviewer, roster):
    client.force_login(reviewer)
    page = _page(client, roster).content.decode()
    assert "已审 2 / 10，其中不符合 1" in page
    first_undecided = roster.rows.get(number=2)
    assert f'href="?show=undecided&amp;sort=number#row-{first_undecided.pk}">下一位未审核' in page
    roster.rows.update(decision="eligible")
    page = _page(client, roster).content.decode()
    assert "已审 10 / 10，其中不符合 0" in page
    assert "全部已审核" in page and "下一位未审核" not in page


def _bulk(client, application, **params):
    return client.post(
        reverse("reviews:decide_filtered", args=[application.pk]), {"decision": "eligible", **params}
    )


def test_the_bulk_confirmation_states_the_count_and_a_post_without_it_changes_nothing(
    client, reviewer, roster
):
    client.force_login(reviewer)
    page = _bulk(client, roster, show="undecided", sort="number")
    text = page.content.decode()
    # Rows 7-11 are undecided without any problem; 2 (error), 3 (finding) and 4 (cross-check) are not.
    assert "确认将 5 人认定为“符合”" in text
    assert "「待审核」中没有任何问题或提示、尚未审核的 5 人" in text
    assert roster.rows.filter(decision="eligible").count() == 1
    # A wrong token is no confirmation either.
    _bulk(client, roster, show="undecided", sort="number", confirmed="0" * 64)
    assert roster.rows.filter(decision="eligible").count() == 1


def test_one_decision_for_the_filter_never_reaches_persons_with_findings(client, reviewer, roster):
    client.force_login(reviewer)
    token = confirmation_token(_bulk(client, roster, show="all", sort="number").content.decode())
    response = _bulk(client, roster, show="all", sort="number", confirmed=token)
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:application", args=[roster.pk]) + "?show=all&sort=number"
    decided = dict(roster.rows.values_list("number", "decision"))
    assert decided == {
        2: "undecided",  # format error
        3: "undecided",  # eligibility finding
        4: "undecided",  # claimed elsewhere
        5: "ineligible",  # decided before: left as it was
        6: "eligible",
        7: "eligible",
        8: "eligible",
        9: "eligible",
        10: "eligible",
        11: "eligible",
    }
    assert roster.rows.get(number=5).decision_reason == "社保非本单位缴纳"
    page = client.get(response["Location"]).content.decode()
    assert "已记录 5 人的审核结论。" in page


def test_one_decision_for_the_filter_reaches_only_that_filter(client, reviewer, roster):
    client.force_login(reviewer)
    token = confirmation_token(_bulk(client, roster, show="changed", sort="number").content.decode())
    _bulk(client, roster, show="changed", sort="number", confirmed=token)
    assert list(
        roster.rows.filter(decision="eligible").order_by("number").values_list("number", flat=True)
    ) == [6, 7]


def test_a_confirmation_for_another_count_changes_nothing(client, reviewer, roster):
    client.force_login(reviewer)
    token = confirmation_token(_bulk(client, roster, show="undecided", sort="number").content.decode())
    roster.rows.filter(number=11).update(decision="eligible")  # someone decided in between
    page = _bulk(client, roster, show="undecided", sort="number", confirmed=token).content.decode()
    assert "确认将 4 人认定为“符合”" in page  # asked again, with the new count
    assert roster.rows.filter(decision="eligible").count() == 2


def test_one_decision_for_the_filter_is_refused_when_not_under_review(client, reviewer, roster):
    client.force_login(reviewer)
    token = confirmation_token(_bulk(client, roster, show="all", sort="number").content.decode())
    Application.objects.filter(pk=roster.pk).update(status=Status.RETURNED)
    page = _bulk(client, roster, show="all", sort="number", confirmed=token).content.decode()
    assert "现在还不能进行这项操作" in page
    assert "确认将" not in page  # no button to confirm
    assert roster.rows.filter(decision="eligible").count() == 1


def test_the_page_offers_no_bulk_decision_without_persons_it_could_reach(client, reviewer, roster):
    client.force_login(reviewer)
    assert "认定为符合…" not in _page(client, roster, show="errors").content.decode()
    assert "将「全部人员」中没有任何问题的 5 人认定为符合…" in _page(client, roster).content.decode()


def _decide(client, application, row, params=None, *, htmx=False, **data):
    url = reverse("reviews:row_decide", args=[application.pk, row.pk])
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        url + ("?" + urlencode(params) if params else ""), {"version": row.version, **data}, headers=headers
    )


def test_a_decision_through_htmx_returns_the_row_and_the_progress_line(client, reviewer, roster):
    client.force_login(reviewer)
    row = roster.rows.get(number=8)
    response = _decide(
        client, roster, row, {"show": "undecided", "sort": "number"}, htmx=True, decision="eligible"
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert text.lstrip().startswith(f'<tr id="row-{row.pk}"')
    # Into the progress line's own elements (innerHTML): its live region stays and reads the new text.
    assert (
        '<p class="progress-line" id="progress-line" hx-swap-oob="innerHTML">已审 3 / 10，其中不符合 1</p>'
        in text
    )
    assert 'id="progress-more" hx-swap-oob="innerHTML"' in text
    # The swapped row's forms still come back to the same filter.
    assert "?show=undecided&amp;sort=number" in text
    row.refresh_from_db()
    assert row.decision == "eligible"


def test_a_plain_form_decision_goes_back_to_the_same_filter_and_page(client, reviewer, roster):
    client.force_login(reviewer)
    row = roster.rows.get(number=9)
    params = {"show": "undecided", "sort": "name", "page": "1"}
    response = _decide(client, roster, row, params, decision="ineligible", reason="已离职")
    assert response.status_code == 302
    back = reverse("reviews:application", args=[roster.pk])
    assert response["Location"] == f"{back}?show=undecided&sort=name&page=1#row-{row.pk}"
    row.refresh_from_db()
    assert (row.decision, row.decision_reason) == ("ineligible", "已离职")


def test_ineligible_without_a_reason_is_refused_in_chinese(client, reviewer, roster):
    client.force_login(reviewer)
    row = roster.rows.get(number=10)
    text = _decide(client, roster, row, htmx=True, decision="ineligible", reason="  ").content.decode()
    assert "认定“不符合”时请填写原因。" in text
    assert 'role="alert"' in text and f'aria-describedby="row-error-{row.pk}"' in text
    page = _decide(client, roster, row, {"show": "all"}, decision="ineligible", reason="")
    assert "认定“不符合”时请填写原因。" in client.get(page["Location"]).content.decode()
    row.refresh_from_db()
    assert row.decision == "undecided"


def test_reasons_enter_submits_not_eligible(client, reviewer, roster):
    """The reason box's form holds only the 不符合 decision: Enter there can never record 符合."""
    client.force_login(reviewer)
    page = _page(client, roster).content.decode()
    row = roster.rows.get(number=8)
    reason_form = page[page.index('<details class="reason"', page.index(f'id="row-{row.pk}"')) :]
    reason_form = reason_form[: reason_form.index("</details>")]
    assert 'name="decision" value="ineligible"' in reason_form
    assert 'value="eligible"' not in reason_form


def test_the_applicants_roster_page_opens_with_its_own_summary_by_kind_linking_to_the_rows(
    client, enterprise_user, roster
):
    client.force_login(enterprise_user)
    url = reverse("applications:roster", args=[roster.pk])
    page = client.get(url).content.decode()
    # Its own rows' problems and findings; the cross-checks are the reviewer's.
    assert "证件号码校验位错误 1 人" in page and "入职早于申报期 1 人" in page
    assert 'href="?show=all&amp;kind=id_check_character"' in page
    assert "claimed_elsewhere" not in page
    filtered = client.get(url, {"show": "all", "kind": "hired_before_window"})
    assert [view.row.number for view in filtered.context["row_views"]] == [3]
    assert "入职早于申报期" in filtered.context["kind_title"]
