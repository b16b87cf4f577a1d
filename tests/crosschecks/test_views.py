"""The city admin's conflicts view, its export, and the history import page."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from shenbao.crosschecks.models import PastSupport
from shenbao.crosschecks.services import refresh_findings
from tests import factories
from tests.crosschecks.build import add_row, make_application, make_call, write_history
from tests.downloads.taking import content_of, take_download
from tests.rosters import valid_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def conflict(directory):  # type: ignore[no-untyped-def]
    call = make_call(2026)
    mine = make_application(factories.make_organisation(number=5, name="浦东甲公司"), call=call)
    theirs = make_application(factories.make_organisation(number=16, name="徐汇乙公司"), call=call)
    add_row(mine, 1, name="张三")
    add_row(theirs, 1, name="张三")
    refresh_findings(mine)
    return mine, theirs


def test_city_admin_sees_conflicts_across_the_city(client, city_admin, conflict) -> None:  # type: ignore[no-untyped-def]
    client.force_login(city_admin)

    response = client.get(reverse("crosschecks:conflicts"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "浦东甲公司" in text and "徐汇乙公司" in text
    assert valid_id(1) not in text
    assert "310101********" in text


def test_conflicts_filter_by_authority(client, city_admin, conflict) -> None:  # type: ignore[no-untyped-def]
    mine, _ = conflict
    client.force_login(city_admin)

    response = client.get(reverse("crosschecks:conflicts"), {"authority": mine.authority_id})

    assert "共 1 条" in response.content.decode()


def test_conflicts_filter_by_call_and_kind(client, city_admin, conflict) -> None:  # type: ignore[no-untyped-def]
    client.force_login(city_admin)
    other_call = make_call(2025)

    assert (
        "共 2 条"
        in client.get(reverse("crosschecks:conflicts"), {"code": "claimed_elsewhere"}).content.decode()
    )
    assert (
        "共 0 条" in client.get(reverse("crosschecks:conflicts"), {"code": "linked_claim"}).content.decode()
    )
    assert "共 0 条" in client.get(reverse("crosschecks:conflicts"), {"call": other_call.pk}).content.decode()


def test_conflicts_export_is_an_xlsx_with_masked_numbers(client, city_admin, conflict) -> None:  # type: ignore[no-untyped-def]
    client.force_login(city_admin)

    response = client.get(reverse("crosschecks:conflicts_export"))

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "徐汇乙公司" in " ".join(cells)
    assert valid_id(1) not in cells
    assert "310101********" + valid_id(1)[-4:] in cells


@pytest.mark.parametrize("name", ["conflicts", "conflicts_export", "history"])
def test_reviewers_and_applicants_cannot_open_the_city_pages(client, reviewer, enterprise_user, name) -> None:  # type: ignore[no-untyped-def]
    for user in (reviewer, enterprise_user):
        client.force_login(user)
        assert client.get(reverse(f"crosschecks:{name}")).status_code == 404


def test_city_admin_imports_a_history_file(client, city_admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_history(
        tmp_path / "history.xlsx", [["身份证", valid_id(1), "王五", "某某公司", 2015, "新录用员工"]]
    )
    client.force_login(city_admin)

    with path.open("rb") as handle:
        response = client.post(reverse("crosschecks:history"), {"file": handle})

    assert response.status_code == 302
    assert PastSupport.objects.count() == 1
    assert "新增 1 条" in client.get(response["Location"]).content.decode()


def test_a_bad_history_file_shows_its_problems_and_imports_nothing(client, city_admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_history(
        tmp_path / "history.xlsx", [["身份证", "123", "王五", "某某公司", 2015, "新录用员工"]]
    )
    client.force_login(city_admin)

    with path.open("rb") as handle:
        response = client.post(reverse("crosschecks:history"), {"file": handle})

    assert response.status_code == 200
    assert "未导入任何记录" in response.content.decode()
    assert "第 2 行" in response.content.decode()
    assert PastSupport.objects.count() == 0


def test_a_large_conflicts_export_is_built_by_the_worker_with_the_same_rows(
    client, city_admin, conflict, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(city_admin)
    url = reverse("crosschecks:conflicts_export") + f"?call={conflict[0].call.pk}"
    at_once = client.get(url)
    settings.SHENBAO_INLINE_EXPORT_ROWS = 0  # every export is then "large"

    built = take_download(client, url, django_capture_on_commit_callbacks)

    def rows(content: bytes) -> list[tuple[object, ...]]:
        return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))

    assert rows(content_of(built)) == rows(at_once.content)
    assert len(rows(at_once.content)) > 2  # title, headers and the conflict
