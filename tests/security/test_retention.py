from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation

from shenbao.applications.labels import refusal_text
from shenbao.applications.models import Application, RosterRow, RosterUpload
from shenbao.audit.models import Action, AuditRecord
from shenbao.domain.flow.messages import FlowCode
from shenbao.domain.workflow import TransitionNotAllowed
from shenbao.operations.models import PurgeRecord
from shenbao.operations.retention import purge_call
from shenbao.storage import raw_storage
from tests.security.personal import add_rows, make_application, make_call


@pytest.fixture
def old_and_recent(enterprise, enterprise_user):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    old = make_application(enterprise, make_call(today.year - 7), persons=3)
    add_rows(old, 3)
    upload = RosterUpload(
        application=old, token="tok-old", original_name="花名册.xlsx", uploaded_by=enterprise_user
    )
    upload.file.save("ignored.xlsx", ContentFile(b"roster bytes"), save=True)
    recent = make_application(enterprise, make_call(today.year - 1), persons=2)
    add_rows(recent, 2, start=10)
    return old, recent, upload


def test_purging_an_old_call_clears_personal_data_but_keeps_organisations_counts_and_amounts(
    old_and_recent, city_admin
) -> None:  # type: ignore[no-untyped-def]
    old, recent, upload = old_and_recent
    file_name = upload.file.name
    result = purge_call(call=old.call, by=city_admin)

    assert result.rows_cleared == 3 and result.files_deleted == 1
    rows = RosterRow.objects.filter(application=old)
    assert rows.count() == 3
    assert all(r.name == "" and r.id_cipher == "" and r.id_masked == "" and r.values == {} for r in rows)
    assert not RosterUpload.objects.filter(application=old).exists()

    assert not upload.file.storage.exists(file_name) and not raw_storage().exists(file_name)
    kept = Application.objects.get(pk=old.pk)
    assert (kept.organisation, kept.persons, kept.amount) == (old.organisation, 3, Decimal("13500.00"))
    assert RosterRow.objects.filter(application=recent).exclude(id_cipher="").count() == 2
    entry = AuditRecord.objects.get(action=Action.PURGE_PERSONAL_DATA)
    assert entry.actor == city_admin and entry.detail["rows_cleared"] == 3
    assert PurgeRecord.objects.get(call=old.call).rows_cleared == 3


def test_a_call_inside_the_retention_period_is_not_purged(old_and_recent, city_admin) -> None:  # type: ignore[no-untyped-def]
    _, recent, _ = old_and_recent
    with pytest.raises(TransitionNotAllowed) as refused:
        purge_call(call=recent.call, by=city_admin)
    assert refused.value.problems[0].code == FlowCode.RETENTION_NOT_OVER
    assert f"{recent.call.year}年度申报批次受理截止于" in refusal_text(refused.value)
    with translation.override("en"):
        assert "retention period is not over" in refusal_text(refused.value)
    assert RosterRow.objects.filter(application=recent).exclude(id_cipher="").count() == 2


def test_a_call_is_purged_once(old_and_recent, city_admin) -> None:  # type: ignore[no-untyped-def]
    old = old_and_recent[0]
    purge_call(call=old.call, by=city_admin)
    with pytest.raises(TransitionNotAllowed) as refused:
        purge_call(call=old.call, by=city_admin)
    assert refusal_text(refused.value) == f"{old.call.year}年度申报批次的个人信息已清除。"
    assert PurgeRecord.objects.filter(call=old.call).count() == 1


def test_the_retention_period_comes_from_the_settings(old_and_recent, city_admin, settings) -> None:  # type: ignore[no-untyped-def]
    _, recent, _ = old_and_recent
    settings.SHENBAO_RETENTION_YEARS = 10
    old = old_and_recent[0]
    with pytest.raises(TransitionNotAllowed):
        purge_call(call=old.call, by=city_admin)


def test_the_command_lists_first_and_purges_with_yes(old_and_recent) -> None:  # type: ignore[no-untyped-def]
    old, _, _ = old_and_recent
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert f"将清除：{old.call}" in out.getvalue()
    assert RosterRow.objects.filter(application=old).exclude(id_cipher="").count() == 3
    call_command("purge_personal_data", "--yes", stdout=out)
    assert RosterRow.objects.filter(application=old).exclude(id_cipher="").count() == 0
    with pytest.raises(CommandError):
        call_command("purge_personal_data", "--year", str(old.call.year + 6), "--yes", stdout=out)


def test_the_city_admin_purges_from_a_page_after_typing_the_year(old_and_recent, city_admin) -> None:  # type: ignore[no-untyped-def]
    old, _, _ = old_and_recent
    client = Client()
    client.force_login(city_admin)
    page = client.get("/operations/retention/").content.decode()
    assert f"/operations/retention/{old.call.year}/purge/" in page
    url = f"/operations/retention/{old.call.year}/purge/"
    assert "不一致" in client.post(url, {"year": old.call.year + 1}).content.decode()
    assert RosterRow.objects.filter(application=old).exclude(name="").count() == 3
    response = client.post(url, {"year": old.call.year})
    assert response.status_code == 302
    assert RosterRow.objects.filter(application=old).exclude(name="").count() == 0
    assert client.get(url).status_code == 404  # purged once, not offered again


def test_only_the_city_admin_reaches_the_retention_pages(old_and_recent, reviewer, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    old, _, _ = old_and_recent
    for user in (reviewer, enterprise_user):
        client = Client()
        client.force_login(user)
        assert client.get("/operations/retention/").status_code == 404
        assert (
            client.post(f"/operations/retention/{old.call.year}/purge/", {"year": old.call.year}).status_code
            == 404
        )
    assert RosterRow.objects.filter(application=old).exclude(name="").count() == 3


def test_a_cutoff_on_29_february_falls_back_to_the_28th() -> None:
    from datetime import date

    from shenbao.operations.retention import retention_cutoff

    assert retention_cutoff(on=date(2028, 2, 29), years=5) == date(2023, 2, 28)
    assert retention_cutoff(on=date(2028, 3, 1), years=5) == date(2023, 3, 1)
