from __future__ import annotations

import re

import pytest
from django.core import mail

from shenbao.accounts.models import Role, User
from shenbao.domain.workflow import Status
from tests import factories


@pytest.mark.django_db
def test_login_leads_to_the_roles_home(client, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/accounts/login/", {"username": "ent-user", "password": factories.PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/home/"
    assert enterprise_user.organisation.name in client.get("/accounts/home/").content.decode()


@pytest.mark.django_db
def test_wrong_password_is_refused_in_chinese(client, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    text = client.post("/accounts/login/", {"username": "ent-user", "password": "nope"}).content.decode()
    assert "请输入一个正确的" in text or "不正确" in text


NAV = {
    "enterprise_user": (
        {"我的申报", "业务数据", "本单位账号"},
        {"审核人员账号", "申报审核", "系统管理", "操作日志"},
    ),
    "institution_user": ({"我的申报", "本单位账号"}, {"业务数据", "申报审核", "系统管理"}),
    "reviewer": (
        {"申报审核", "汇总表（附件2）", "申报单位"},
        {"本单位账号", "审核人员账号", "系统管理", "全市汇总"},
    ),
    "city_admin": (
        {"全市汇总", "审核人员账号", "系统管理"},
        {"本单位账号", "我的申报", "审计日志", "操作日志"},
    ),
    "security_auditor": ({"审计日志"}, {"全市汇总", "申报审核", "系统管理", "审核人员账号", "我的申报"}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NAV)
def test_each_role_sees_only_its_own_navigation(client, request, persona: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(request.getfixturevalue(persona))
    nav = re.search(
        r'<nav aria-label="主导航">(.*?)</nav>', client.get("/accounts/home/").content.decode(), re.S
    )
    assert nav is not None
    shown, hidden = NAV[persona]
    assert all(label in nav.group(1) for label in shown)
    assert not any(label in nav.group(1) for label in hidden)


@pytest.mark.django_db
def test_anonymous_navigation_is_public_only(client, directory) -> None:  # type: ignore[no-untyped-def]
    text = client.get("/").content.decode()
    assert "主管部门名录" in text and "我的工作台" not in text


@pytest.mark.django_db
def test_applicant_adds_a_colleague_to_their_own_organisation(client, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(enterprise_user)
    response = client.post(
        "/accounts/colleagues/",
        {
            "username": "colleague",
            "full_name": "赵六",
            "email": "z@example.com",
            "phone": "1",
            "password1": "Colleague-2026-pass",
            "password2": "Colleague-2026-pass",
        },
    )
    assert response.status_code == 302
    colleague = User.objects.get(username="colleague")
    assert colleague.organisation == enterprise_user.organisation and colleague.role == Role.APPLICANT


@pytest.mark.django_db
def test_applicant_deactivates_a_colleague_but_not_another_organisations_user(  # type: ignore[no-untyped-def]
    client, enterprise_user, other_enterprise_user
) -> None:
    colleague = factories.make_applicant(enterprise_user.organisation)
    client.force_login(enterprise_user)
    client.post(f"/accounts/users/{colleague.pk}/active/", {"active": "0"})
    colleague.refresh_from_db()
    assert not colleague.is_active
    assert (
        client.post(f"/accounts/users/{other_enterprise_user.pk}/active/", {"active": "0"}).status_code == 404
    )
    other_enterprise_user.refresh_from_db()
    assert other_enterprise_user.is_active


@pytest.mark.django_db
def test_nobody_deactivates_themselves(client, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(enterprise_user)
    assert client.post(f"/accounts/users/{enterprise_user.pk}/active/", {"active": "0"}).status_code == 404


@pytest.mark.django_db
def test_city_admin_creates_moves_and_deactivates_a_reviewer(client, city_admin) -> None:  # type: ignore[no-untyped-def]
    client.force_login(city_admin)
    client.post(
        "/accounts/staff/",
        {
            "username": "qp-reviewer",
            "full_name": "陈",
            "email": "c@example.com",
            "phone": "1",
            "password1": "Reviewer-2026-pass",
            "password2": "Reviewer-2026-pass",
            "authority": factories.authority(1).pk,
        },
    )
    reviewer = User.objects.get(username="qp-reviewer")
    assert reviewer.role == Role.REVIEWER and reviewer.authority.number == 1
    client.post(f"/accounts/staff/{reviewer.pk}/assign/", {"authority": factories.authority(2).pk})
    client.post(f"/accounts/users/{reviewer.pk}/active/", {"active": "0"})
    reviewer.refresh_from_db()
    assert reviewer.authority.number == 2 and not reviewer.is_active


@pytest.mark.django_db
def test_reviewers_cannot_manage_staff(client, reviewer, other_reviewer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(reviewer)
    assert client.get("/accounts/staff/").status_code == 404
    assert client.post(f"/accounts/users/{other_reviewer.pk}/active/", {"active": "0"}).status_code == 404


@pytest.mark.django_db
def test_django_admin_is_for_the_city_admin_only(client, city_admin, reviewer) -> None:  # type: ignore[no-untyped-def]
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    assert client.get("/admin/").status_code == 302
    client.force_login(city_admin)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_password_reset_sends_an_email_with_a_working_link(client, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    client.post("/accounts/password/reset/", {"email": "a@example.com"})
    assert len(mail.outbox) == 1 and "重置密码" in mail.outbox[0].subject
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert "设置新密码" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Brand-new-2026", "new_password2": "Brand-new-2026"},
    )
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password("Brand-new-2026")


@pytest.mark.django_db
def test_password_change_requires_the_old_password(client, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(enterprise_user)
    text = client.post(
        "/accounts/password/change/",
        {
            "old_password": "wrong",
            "new_password1": "Brand-new-2026",
            "new_password2": "Brand-new-2026",
        },
    ).content.decode()
    assert "旧密码" in text
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password(factories.PASSWORD)


def test_passwords_are_hashed_with_argon2_in_the_real_settings() -> None:
    from shenbao.config import settings as real

    assert real.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_a_user_cannot_be_both_applicant_and_reviewer(directory) -> None:  # type: ignore[no-untyped-def]
    from django.db import IntegrityError

    org = factories.make_organisation()
    with pytest.raises(IntegrityError):
        User.objects.create_user(username="x", role=Role.REVIEWER, organisation=org, authority=org.authority)


@pytest.mark.django_db
def test_demo_data_is_created_once_with_every_authority_staffed(directory) -> None:  # type: ignore[no-untyped-def]
    from shenbao.accounts.demo import create_demo_data

    assert create_demo_data() is True
    assert create_demo_data() is False
    assert User.objects.filter(role=Role.REVIEWER).count() == 17
    authorities = {u.organisation.authority.name for u in User.objects.filter(role=Role.APPLICANT)}
    assert authorities == {"浦东", "徐汇", "青浦", "闵行", "长宁", "嘉定"}


@pytest.mark.django_db
def test_demo_data_shows_every_status_under_the_flows_rules(directory, settings) -> None:  # type: ignore[no-untyped-def]
    from shenbao.accounts.demo import create_demo_data
    from shenbao.applications.models import Application

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    create_demo_data()
    statuses = {
        (a.organisation.authority.name, a.call.year - a.call.created_at.year, a.status)
        for a in Application.objects.all()
    }
    assert {s for _, _, s in statuses} == {s.value for s in Status}
    draft = Application.objects.get(status="draft")
    assert draft.error_rows == 3 and draft.kind == "trainees"
    # The returned application kept its decided persons for a re-upload; the paid one followed its 公示.
    returned = Application.objects.get(status="returned")
    assert returned.rows.exclude(decision="undecided").count() == returned.persons - 1
    paid = Application.objects.get(status="paid")
    assert paid.call.published_at is not None and paid.payment.amount == paid.amount
    assert Application.objects.get(status="accepted").volumes_acknowledged
