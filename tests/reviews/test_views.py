"""Review pages with personas: a reviewer reaches only their authority's applications, by any URL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from shenbao.applications.models import Attachment, Event
from shenbao.domain.workflow import Status
from shenbao.personal_data import protector
from tests import factories
from tests.confirming import confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(make_application, enterprise):
    return make_application(enterprise, findings=True)


def _urls(application) -> list[tuple[str, str]]:
    row = application.rows.first()
    pk = application.pk
    return [
        ("get", reverse("reviews:application", args=[pk])),
        ("get", reverse("reviews:full_id", args=[pk, row.pk])),
        ("post", reverse("reviews:row_decide", args=[pk, row.pk])),
        ("post", reverse("reviews:receipt", args=[pk])),
        ("post", reverse("reviews:return", args=[pk])),
        ("post", reverse("reviews:accept", args=[pk])),
        ("post", reverse("reviews:reject", args=[pk])),
        ("post", reverse("reviews:approve", args=[pk])),
        ("post", reverse("reviews:send_back", args=[pk])),
        ("post", reverse("reviews:pay", args=[pk])),
        ("post", reverse("reviews:move", args=[pk])),
    ]


def test_reviewer_of_another_authority_never_reaches_the_application(client, application, other_reviewer):
    client.force_login(other_reviewer)
    for method, url in _urls(application):
        response = getattr(client, method)(url, {"version": application.version, "decision": "eligible"})
        assert response.status_code == 404, url
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not application.rows.exclude(decision="undecided").exists()


def test_applicants_never_reach_review_pages(client, application, enterprise_user, other_enterprise_user):
    for user in (enterprise_user, other_enterprise_user):
        client.force_login(user)
        assert client.get(reverse("reviews:queue")).status_code == 404
        for method, url in _urls(application):
            assert getattr(client, method)(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_sign_in(client, application):
    response = client.get(reverse("reviews:application", args=[application.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_queue_lists_only_the_reviewers_authority_with_counts(
    client, reviewer, application, make_application
):
    elsewhere = make_application(factories.make_organisation(number=16))
    client.force_login(reviewer)
    page = client.get(reverse("reviews:queue")).content.decode()
    assert application.reference in page
    assert elsewhere.reference not in page
    queue = client.get(reverse("reviews:queue")).context["page"].object_list
    assert [(a.problem_rows, a.finding_rows, a.undecided_rows) for a in queue] == [(0, 1, 3)]


def test_queue_filters_by_status_and_kind(
    client, reviewer, application, make_application, pudong_institution
):
    returned = make_application(factories.make_organisation(number=5), status=Status.RETURNED)
    institution = make_application(pudong_institution)
    client.force_login(reviewer)

    def listed(**params: str) -> set[str]:
        return {a.reference for a in client.get(reverse("reviews:queue"), params).context["page"].object_list}

    assert listed(status="returned") == {returned.reference}
    assert listed(kind="trainees") == {institution.reference}
    assert listed() == {application.reference, returned.reference, institution.reference}


def test_city_admin_sees_every_authority_in_the_queue(client, city_admin, application, make_application):
    elsewhere = make_application(factories.make_organisation(number=16))
    client.force_login(city_admin)
    page = client.get(reverse("reviews:queue")).content.decode()
    assert application.reference in page and elsewhere.reference in page


def test_review_page_shows_masked_numbers_findings_and_history(client, reviewer, application):
    client.force_login(reviewer)
    page = client.get(reverse("reviews:application", args=[application.pk])).content.decode()
    row = application.rows.first()
    full = protector().decrypt(row.id_cipher)
    assert row.id_masked in page
    assert full not in page
    assert "入职日期不在计入范围内" in page
    assert "显示完整号码" in page


def test_full_number_is_shown_on_demand_to_the_reviewer_of_its_authority(client, reviewer, application):
    client.force_login(reviewer)
    row = application.rows.first()
    response = client.get(reverse("reviews:full_id", args=[application.pk, row.pk]), HTTP_HX_REQUEST="true")
    assert protector().decrypt(row.id_cipher) in response.content.decode()


def test_row_decision_through_htmx_returns_the_updated_row(client, reviewer, application):
    client.force_login(reviewer)
    row = application.rows.first()
    response = client.post(
        reverse("reviews:row_decide", args=[application.pk, row.pk]),
        {"version": row.version, "decision": "ineligible", "reason": "社保非本单位缴纳"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="row-{row.pk}"' in response.content.decode()
    row.refresh_from_db()
    assert (row.decision, row.decision_reason, row.version) == ("ineligible", "社保非本单位缴纳", 2)


def test_a_stale_row_decision_says_refresh(client, reviewer, application):
    client.force_login(reviewer)
    row = application.rows.first()
    url = reverse("reviews:row_decide", args=[application.pk, row.pk])
    client.post(url, {"version": row.version, "decision": "eligible"})
    response = client.post(
        url, {"version": row.version, "decision": "ineligible", "reason": "x"}, follow=True
    )
    assert "已被他人修改，请刷新" in response.content.decode()
    row.refresh_from_db()
    assert row.decision == "eligible"


def test_return_through_the_page_with_row_reasons(client, reviewer, application, today):
    client.force_login(reviewer)
    deadline = today + timedelta(days=7)
    form = {
        "version": application.version,
        "general_reason": "请补充材料",
        "row_reasons": "3：入职日期有误\n第4行：社保缴纳单位不符",
        "deadline": deadline.isoformat(),
    }
    shown = client.post(reverse("reviews:return", args=[application.pk]), form).content.decode()
    assert "确认退回补正" in shown and "3 人" in shown
    assert not Event.objects.filter(application=application, action="return").exists()
    confirm(client, reverse("reviews:return", args=[application.pk]), form, first="post")
    page = client.get(reverse("reviews:application", args=[application.pk])).content.decode()
    event = Event.objects.get(application=application, action="return")
    assert sorted((r.row_number or 0, r.text) for r in event.reasons.all()) == [
        (0, "请补充材料"),
        (3, "入职日期有误"),
        (4, "社保缴纳单位不符"),
    ]
    assert "第 3 行：入职日期有误" in page


def test_a_wrong_status_refusal_is_shown_to_the_reviewer(client, reviewer, make_application, enterprise):
    application = make_application(enterprise, status=Status.REJECTED)
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:accept", args=[application.pk]), {"version": application.version}, follow=True
    )
    assert "不能“审核通过”" in response.content.decode()


def test_reviewer_downloads_an_attachment(client, reviewer, application):
    attachment = Attachment(
        application=application,
        token="t" * 32,
        kind="pdf",
        original_name="营业执照.pdf",
        size=8,
        uploaded_by=reviewer,
    )
    attachment.file.save("x", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    client.force_login(reviewer)
    response = client.get(reverse("reviews:attachment", args=[application.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


def test_home_partials_render_the_queue_counts(client, reviewer, application):
    client.force_login(reviewer)
    response = client.get(reverse("reviews:home_summary"), HTTP_HX_REQUEST="true")
    assert "已提交，待审核" in response.content.decode()


def test_city_admin_approves_through_the_page(client, city_admin, make_application, enterprise, reviewer):
    from tests.reviews.conftest import decide_all

    application = make_application(enterprise, status=Status.REPORTED)
    decide_all(application, reviewer, eligible=3)
    client.force_login(city_admin)
    page = client.get(reverse("reviews:approve", args=[application.pk])).content.decode()
    assert "确认审定" in page and "13,500.00 元" in page and "4,500.00 元 / 人" in page
    response = confirm(
        client, reverse("reviews:approve", args=[application.pk]), {"version": application.version}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.amount) == (Status.APPROVED, 13500)


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (Status.REPORTED, ["审定（按符合人数", "退回区级重审"]),
        # Offered where the button would be, refused with its reason until the 公示 is out.
        (
            Status.APPROVED,
            ["记录拨付", "现在还不能“记录拨付”", "本批次审定名单尚未公示，公示后才能记录拨付。"],
        ),
    ],
)
def test_city_admin_is_offered_the_actions_of_the_status(
    client, city_admin, make_application, enterprise, reviewer, status, offered
):
    from tests.reviews.conftest import decide_all

    application = make_application(enterprise, status=status, amount=13500)
    decide_all(application, reviewer, eligible=3)
    client.force_login(city_admin)
    page = client.get(reverse("reviews:application", args=[application.pk])).content.decode()
    for label in offered:
        assert label in page
    assert "审核通过</button>" not in page


def test_reviewer_is_offered_receipt_and_decisions_while_under_review(client, reviewer, application):
    client.force_login(reviewer)
    page = client.get(reverse("reviews:application", args=[application.pk])).content.decode()
    for label in (
        "材料接收登记",
        "实收纸质材料册数（本）",
        "退回补正",
        "不予通过",
        "已审 0 / ",
        "补正截止日期",
    ):
        assert label in page


def test_the_reviewer_sees_the_catalog_decision_and_the_paper_volumes_before_accepting(
    client, reviewer, make_application, enterprise
):
    from tests.reviews.conftest import decide_all

    application = make_application(
        enterprise, listed=False, paper_volumes_received=1, materials_complete=True
    )
    decide_all(application, reviewer, eligible=3)
    client.force_login(reviewer)
    page = client.get(reverse("reviews:application", args=[application.pk])).content.decode()
    assert "指导目录判定" in page and "无法判定" in page
    assert "该企业没有 2015 年业务数据" in page
    assert "纸质材料申报 2 本，实收 1 本。" in page
    accept = reverse("reviews:accept", args=[application.pk])
    shown = client.get(accept).content.decode()
    assert "仍予通过的理由" in shown and "已知悉实收纸质材料册数" in shown
    refused = confirm(client, accept, {"version": application.version})
    assert "请填写仍然审核通过的理由" in refused.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    confirm(
        client,
        accept,
        {"version": application.version, "override_reason": "已核实统计数据", "volumes_acknowledged": "on"},
    )
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED and application.override_reason == "已核实统计数据"


def test_an_accept_without_its_confirmation_page_changes_nothing(
    client, reviewer, make_application, enterprise
):
    from tests.reviews.conftest import decide_all

    application = make_application(enterprise, paper_volumes_received=2, materials_complete=True)
    decide_all(application, reviewer, eligible=3)
    client.force_login(reviewer)
    response = client.post(reverse("reviews:accept", args=[application.pk]), {"version": application.version})
    application.refresh_from_db()
    assert response.status_code == 200 and application.status == Status.SUBMITTED
    assert "确认审核通过" in response.content.decode()


def test_a_trainee_roster_is_reviewed_on_its_own_columns(
    client, reviewer, make_application, pudong_institution
):
    application = make_application(pudong_institution)
    row = application.rows.first()
    row.values = {
        **row.values,
        "培训内容": "Java 开发",
        "考核证书名称": "软件设计师",
        "录用企业名称": "上海某软件有限公司",
    }
    row.save()
    client.force_login(reviewer)
    page = client.get(reverse("reviews:application", args=[application.pk])).content.decode()
    for text in ("培训内容", "考核证书名称", "录用企业名称", "Java 开发", "软件设计师", "上海某软件有限公司"):
        assert text in page
    assert "<th>入职日期</th>" not in page and "在职时长" not in page
    assert "<dt>培训内容</dt>" in page
    assert "指导目录判定" not in page


def test_the_refused_accept_shows_its_reasons_where_the_button_would_be(client, reviewer, application):
    client.force_login(reviewer)
    page = client.get(reverse("reviews:application", args=[application.pk])).content.decode()
    assert "现在还不能“审核通过”" in page
    assert "还有 3 人未作审核结论，请逐人审核后再通过。" in page
    assert reverse("reviews:accept", args=[application.pk]) not in page


@pytest.mark.parametrize(
    ("name", "status", "persona", "data"),
    [
        ("return", Status.SUBMITTED, "reviewer", {"general_reason": "请补正", "deadline": "2099-01-01"}),
        ("reject", Status.SUBMITTED, "reviewer", {"reject-reason": "不符合条件"}),
        ("approve", Status.REPORTED, "city_admin", {}),
        ("pay", Status.APPROVED, "city_admin", {"paid_on": "2026-01-01", "amount": "1", "voucher": "v"}),
    ],
)
def test_a_decision_posted_without_its_confirmation_page_changes_nothing(
    client, request, make_application, enterprise, reviewer, name, status, persona, data
):
    from tests.reviews.conftest import decide_all

    application = make_application(enterprise, status=status, amount=13500)
    decide_all(application, reviewer, eligible=3)
    client.force_login(request.getfixturevalue(persona))
    version = {"reject-version" if name == "reject" else "version": application.version}
    response = client.post(reverse(f"reviews:{name}", args=[application.pk]), {**data, **version})
    forged = client.post(
        reverse(f"reviews:{name}", args=[application.pk]), {**data, **version, "confirmed": "f" * 64}
    )
    application.refresh_from_db()
    assert response.status_code == forged.status_code == 200
    assert application.status == status and application.version == 1
    assert 'name="confirmed"' in response.content.decode() or "现在还不能" in response.content.decode()
