from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.admin.sites import site
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.utils import timezone

from shenbao.audit.models import Action, AppendOnlyError, AuditRecord
from shenbao.audit.services import record
from tests import factories
from tests.downloads.taking import content_of, take_download


def sign_in(client: Client, username: str, password: str = factories.PASSWORD) -> None:
    client.post("/accounts/login/", {"username": username, "password": password})


def test_sign_in_sign_out_and_failed_sign_in_are_recorded(client, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "ent-user", "not-the-password")
    sign_in(client, "ent-user")
    client.post("/accounts/logout/")
    actions = list(AuditRecord.objects.order_by("pk").values_list("action", "actor_name"))
    assert actions == [
        (Action.LOGIN_FAILED, ""),
        (Action.LOGIN, "ent-user"),
        (Action.LOGOUT, "ent-user"),
    ]
    failed = AuditRecord.objects.get(action=Action.LOGIN_FAILED)
    assert failed.detail == {"username": "ent-user"} and failed.ip == "127.0.0.1"
    assert "not-the-password" not in str(AuditRecord.objects.values_list("detail", flat=True))


def test_a_record_names_the_actor_role_target_and_request_address(enterprise_user) -> None:  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = enterprise_user
    entry = record(request=request, action=Action.EXPORT, target=enterprise_user.organisation, rows=12)
    entry.refresh_from_db()
    assert (entry.actor, entry.actor_role, entry.ip) == (enterprise_user, "applicant", "10.1.2.3")
    assert entry.object_type == "organisations.organisation"
    assert entry.object_id == str(enterprise_user.organisation.pk)
    assert entry.detail == {"rows": 12}


def test_audit_records_can_be_neither_changed_nor_deleted(enterprise_user) -> None:  # type: ignore[no-untyped-def]
    entry = record(actor=enterprise_user, action=Action.LOGIN)
    entry.action = Action.LOGOUT
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()
    assert AuditRecord.objects.get().action == Action.LOGIN


def test_django_admin_offers_no_way_to_see_add_change_or_delete_records(city_admin) -> None:  # type: ignore[no-untyped-def]
    model_admin = site._registry[AuditRecord]
    request = RequestFactory().get("/admin/")
    request.user = city_admin
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_view_permission(request) and not model_admin.has_module_permission(request)
    client = Client()
    client.force_login(city_admin)
    assert client.get("/admin/audit/auditrecord/").status_code in (403, 404)
    assert "审计" not in client.get("/admin/").content.decode()


def test_prune_refuses_to_delete_anything_younger_than_180_days(enterprise_user) -> None:  # type: ignore[no-untyped-def]
    record(actor=enterprise_user, action=Action.LOGIN)
    with pytest.raises(CommandError, match="180"):
        call_command("prune_audit", older_than_days=179)
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.prune_before(timezone.now() - timedelta(days=10))
    assert AuditRecord.objects.filter(action=Action.LOGIN).count() == 1


def test_prune_deletes_only_records_older_than_the_period_and_records_itself(enterprise_user) -> None:  # type: ignore[no-untyped-def]
    old = AuditRecord.objects.create(at=timezone.now() - timedelta(days=400), action=Action.LOGIN)
    recent = AuditRecord.objects.create(at=timezone.now() - timedelta(days=200), action=Action.LOGIN)
    call_command("prune_audit", older_than_days=365, stdout=io.StringIO())
    remaining = set(AuditRecord.objects.values_list("pk", flat=True))
    assert old.pk not in remaining and recent.pk in remaining
    assert AuditRecord.objects.filter(action=Action.AUDIT_PRUNE, detail__deleted=1).exists()


@pytest.fixture
def auditor_client(security_auditor) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(security_auditor)
    return client


@pytest.fixture
def history(enterprise_user, reviewer) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    AuditRecord.objects.create(at=now - timedelta(days=40), actor_name="ent-user", action=Action.LOGIN)
    AuditRecord.objects.create(at=now - timedelta(days=3), actor_name="ent-user", action=Action.EXPORT)
    AuditRecord.objects.create(
        at=now - timedelta(days=2), actor_name="reviewer-pudong", action=Action.VIEW_FULL_ID
    )
    AuditRecord.objects.create(
        at=now - timedelta(days=1), actor_name="reviewer-pudong", action=Action.DECISION, detail={"c": "=1+1"}
    )


def test_the_security_auditor_filters_the_log_by_period_actor_and_action(auditor_client, history) -> None:  # type: ignore[no-untyped-def]
    since = (timezone.localdate() - timedelta(days=5)).isoformat()
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    page = auditor_client.get("/audit/", {"date_from": since, "date_to": yesterday}).content.decode()
    assert "共 3 条记录" in page
    page = auditor_client.get("/audit/", {"actor": "reviewer"}).content.decode()
    assert "共 2 条记录" in page and "查看完整证件号码" in page
    page = auditor_client.get("/audit/", {"action": "login", "date_to": since}).content.decode()
    assert "共 1 条记录" in page


def test_the_log_shows_each_role_by_its_chinese_name(auditor_client) -> None:  # type: ignore[no-untyped-def]
    AuditRecord.objects.create(action=Action.LOGIN, actor_name="someone", actor_role="reviewer")
    page = auditor_client.get("/audit/").content.decode()
    assert "<td>区主管部门审核人员</td>" in page and "<td>reviewer</td>" not in page


def test_the_log_is_paginated(auditor_client) -> None:  # type: ignore[no-untyped-def]
    for _ in range(55):
        AuditRecord.objects.create(action=Action.LOGIN, actor_name="someone")
    page = auditor_client.get("/audit/").content.decode()
    assert "第 1 / 2 页" in page and "page=2" in page


def test_the_export_is_an_xlsx_of_the_filtered_period_with_formulas_neutralised_and_is_itself_recorded(
    auditor_client, history
) -> None:  # type: ignore[no-untyped-def]
    response = auditor_client.get("/audit/export.xlsx", {"actor": "reviewer"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows] == ["reviewer-pudong", "reviewer-pudong"]
    assert all(not str(cell).startswith("=") for r in rows for cell in r if cell)
    export = AuditRecord.objects.get(action=Action.AUDIT_EXPORT)
    assert export.detail["filters"] == {"actor": "reviewer"} and export.detail["count"] == 2
    assert export.detail["file"].startswith("审计日志-")


@pytest.mark.parametrize("persona", ["enterprise_user", "reviewer", "city_admin"])
def test_only_the_security_auditor_sees_the_log_not_even_the_city_admin(persona, request) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/audit/").status_code == 404
    assert client.get("/audit/export.xlsx").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, directory) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/audit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_role_granted_or_changed_is_a_security_event_the_auditor_sees(city_admin, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    assert not AuditRecord.objects.filter(action=Action.ROLE_CHANGED, detail__username="ent-user").exists()
    created = AuditRecord.objects.get(action=Action.ROLE_CHANGED, detail__username=city_admin.username)
    assert created.detail["after"] == {"role": "city_admin", "is_superuser": True}
    city_admin.role = "security_auditor"
    city_admin.save()
    changed = AuditRecord.objects.filter(
        action=Action.ROLE_CHANGED, detail__username=city_admin.username
    ).latest("seq")
    assert (
        changed.detail["before"]["role"] == "city_admin"
        and changed.detail["after"]["role"] == "security_auditor"
    )
    enterprise_user.full_name = "新名字"
    enterprise_user.save()
    assert not AuditRecord.objects.filter(action=Action.ROLE_CHANGED, detail__username="ent-user").exists()


def test_a_large_export_is_built_by_the_worker_and_the_request_for_it_is_recorded(
    auditor_client, history, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    at_once = auditor_client.get("/audit/export.xlsx", {"actor": "reviewer"})
    settings.SHENBAO_INLINE_EXPORT_ROWS = 1  # the filter matches 2 records: built by the worker

    built = take_download(
        auditor_client, "/audit/export.xlsx?actor=reviewer", django_capture_on_commit_callbacks
    )

    def names(content: bytes) -> list[object]:
        return [
            r[1]
            for r in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(min_row=3, values_only=True)
        ]

    assert names(content_of(built)) == names(at_once.content) == ["reviewer-pudong", "reviewer-pudong"]
    queued = AuditRecord.objects.filter(action=Action.AUDIT_EXPORT).order_by("-pk").first()
    assert queued is not None and queued.detail["queued"] is True and queued.detail["count"] == 2
