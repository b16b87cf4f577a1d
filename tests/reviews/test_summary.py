"""附件2: the authority summary in the attachment's layout, on screen and as .xlsx, and reporting it."""

from __future__ import annotations

import io

import pytest
from django.http import Http404
from django.urls import reverse
from python_calamine import CalamineWorkbook

from shenbao.applications.models import Event
from shenbao.domain.workflow import Status, TransitionNotAllowed
from shenbao.reviews import services
from shenbao.reviews.models import Summary
from tests import factories
from tests.confirming import confirm
from tests.downloads.taking import content_of, take_download

pytestmark = pytest.mark.django_db

# As 附件2 prints them; the institutions' table names its organisations as institutions.
HEADERS = ["序号", "企业名称", "纸质材料册数（本）", "电子版材料（是/否）", "备注"]
INSTITUTION_HEADERS = ["序号", "培训机构名称", "纸质材料册数（本）", "电子版材料（是/否）", "备注"]


def _sheets(content: bytes) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


@pytest.fixture
def accepted_pudong(make_accepted, enterprise, pudong_institution, directory):
    second = factories.make_organisation(number=5, name="浦东第二软件有限公司")
    return [
        make_accepted(
            enterprise, paper_volumes_received=3, materials_complete=True, review_remarks="材料齐全"
        ),
        make_accepted(second, paper_volumes_received=2, materials_complete=False, review_remarks="缺扫描件"),
        make_accepted(pudong_institution, paper_volumes_received=1, materials_complete=True),
    ]


def test_summary_export_matches_the_attachment_layout(client, reviewer, accepted_pudong, call):
    client.force_login(reviewer)
    response = client.get(reverse("reviews:summary_export"), {"call": call.pk})
    assert response.status_code == 200
    sheets = _sheets(response.content)
    enterprises, institutions = sheets["企业"], sheets["培训机构"]
    assert enterprises[0][0] == "浦东新区企业申报情况汇总表"
    assert enterprises[1] == HEADERS
    assert len(enterprises) == 5  # title, headers, two applications, 总计
    assert enterprises[2][0] == 1 and enterprises[3][0] == 2
    assert {row[1] for row in enterprises[2:4]} == {
        accepted_pudong[0].organisation.name,
        "浦东第二软件有限公司",
    }
    assert enterprises[-1][:4] == ["总计", "", 5, 1]
    assert institutions[0][0] == "浦东新区培训机构申报情况汇总表"
    assert institutions[1] == INSTITUTION_HEADERS
    assert institutions[2][1:4] == ["浦东培训学校", 1, "是"]
    # Received ≠ declared (2 declared each) is a finding in 备注, before the reviewer's remark.
    remarks = {row[1]: row[4] for row in enterprises[2:4] + institutions[2:3]}
    assert remarks[accepted_pudong[0].organisation.name] == "纸质材料申报 2 本，实收 3 本。材料齐全"
    assert remarks["浦东第二软件有限公司"] == "缺扫描件"
    assert remarks["浦东培训学校"] == "纸质材料申报 2 本，实收 1 本。"
    assert institutions[-1][:4] == ["总计", "", 1, 1]


def test_summary_titles_use_the_proper_area_name_of_each_authority(make_accepted, directory, call, client):
    for number, area in ((1, "青浦区"), (12, "漕河泾开发区"), (14, "崇明区")):
        authority = factories.authority(number)
        assert authority.area_name == area
        make_accepted(factories.make_organisation(number=number))
        client.force_login(factories.make_reviewer(number))
        sheets = _sheets(client.get(reverse("reviews:summary_export"), {"call": call.pk}).content)
        assert sheets["企业"][0][0] == f"{area}企业申报情况汇总表"
        assert sheets["培训机构"][0][0] == f"{area}培训机构申报情况汇总表"


def test_summary_page_shows_both_tables_and_totals(client, reviewer, accepted_pudong, call):
    client.force_login(reviewer)
    page = client.get(reverse("reviews:summary"), {"call": call.pk}).content.decode()
    assert "浦东新区企业申报情况汇总表" in page
    assert "浦东新区培训机构申报情况汇总表" in page
    assert "纸质材料册数（本）" in page and "总计" in page


def test_reporting_moves_every_accepted_application_into_one_summary(reviewer, accepted_pudong, call):
    summary = services.report_summary(by=reviewer, call=call)
    assert summary.authority == reviewer.authority
    for application in accepted_pudong:
        application.refresh_from_db()
        assert application.status == Status.REPORTED
        assert application.summary == summary
        assert Event.objects.filter(
            application=application, action="report", data__summary=summary.pk
        ).exists()


def test_reporting_leaves_other_authorities_and_unaccepted_applications_alone(
    reviewer, make_accepted, make_application, enterprise, call
):
    other = make_accepted(factories.make_organisation(number=16))
    pending = make_application(factories.make_organisation(number=5))
    make_accepted(enterprise)
    services.report_summary(by=reviewer, call=call)
    other.refresh_from_db()
    pending.refresh_from_db()
    assert (other.status, pending.status) == (Status.ACCEPTED, Status.SUBMITTED)


def test_nothing_accepted_means_nothing_to_report(reviewer, call):
    with pytest.raises(TransitionNotAllowed, match="没有审核通过"):
        services.report_summary(by=reviewer, call=call)
    assert not Summary.objects.exists()


def test_only_a_reviewer_reports(city_admin, enterprise_user, call):
    for user in (city_admin, enterprise_user):
        with pytest.raises(Http404):
            services.report_summary(by=user, call=call)


def test_reported_summary_is_seen_by_its_authority_and_the_city_only(
    client, reviewer, other_reviewer, city_admin, accepted_pudong, call
):
    summary = services.report_summary(by=reviewer, call=call)
    url = reverse("reviews:summary_detail", args=[summary.pk])
    for user, status in ((reviewer, 200), (city_admin, 200), (other_reviewer, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(city_admin)
    sheets = _sheets(client.get(reverse("reviews:summary_detail_export", args=[summary.pk])).content)
    assert sheets["企业"][-1][:4] == ["总计", "", 5, 1]


def test_report_button_leads_to_a_confirmation_and_lands_on_the_reported_summary(
    client, reviewer, accepted_pudong, call
):
    client.force_login(reviewer)
    page = client.post(reverse("reviews:report"), {"call": call.pk})
    assert page.status_code == 200 and not Summary.objects.exists()
    text = page.content.decode()
    assert "确认上报市级" in text and "3 项" in text and "6 人" in text and "上报后不能撤回" in text
    response = confirm(client, reverse("reviews:report"), {"call": call.pk}, first="post")
    summary = Summary.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:summary_detail", args=[summary.pk])


def test_a_report_confirmed_on_a_summary_that_changed_since_is_refused(reviewer, accepted_pudong, call):
    from shenbao.applications.transitions import StaleView

    shown = [(a.pk, a.version) for a in accepted_pudong[:2]]  # a third was accepted after the page
    with pytest.raises(StaleView):
        services.report_summary(by=reviewer, call=call, expected=shown)
    assert not Summary.objects.exists()


def test_the_summary_page_offers_no_report_when_nothing_waits(client, reviewer, call):
    client.force_login(reviewer)
    page = client.get(reverse("reviews:summary"), {"call": call.pk}).content.decode()
    assert "暂不能上报市级：没有审核通过、待上报的申报。" in page and "上报市级…" not in page


def test_a_large_summary_workbook_is_built_by_the_worker_with_the_same_sheets(
    client, reviewer, accepted_pudong, call, settings, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)

    def both_ways(url: str) -> tuple[dict, dict]:  # type: ignore[type-arg]
        settings.SHENBAO_INLINE_EXPORT_ROWS = 1000
        at_once = _sheets(client.get(url).content)
        settings.SHENBAO_INLINE_EXPORT_ROWS = 0  # every export is then built by the worker
        return at_once, _sheets(content_of(take_download(client, url, django_capture_on_commit_callbacks)))

    draft, draft_built = both_ways(f"{reverse('reviews:summary_export')}?call={call.pk}")
    summary = services.report_summary(by=reviewer, call=call)
    reported, reported_built = both_ways(reverse("reviews:summary_detail_export", args=[summary.pk]))

    assert draft_built == draft and reported_built == reported
    assert reported["企业"][-1][:4] == ["总计", "", 5, 1] and draft["企业"] == reported["企业"]
