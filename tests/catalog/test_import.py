"""The city admin's import of approved figures: all rows or none, problems listed, re-import changes nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from shenbao.accounts.models import User
from shenbao.catalog.models import BusinessFigures, FiguresSource
from shenbao.catalog.selectors import decision_for
from shenbao.organisations.models import Organisation
from tests.catalog.conftest import CODE_A, FILES

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, city_admin: User) -> Client:
    if hasattr(city_admin, "otp_exempt"):
        User.objects.filter(pk=city_admin.pk).update(otp_exempt=True)
    client.force_login(city_admin)
    return client


def upload(client: Client, name: str, content: bytes | None = None):  # type: ignore[no-untyped-def]
    data = content if content is not None else (FILES / name).read_bytes()
    return client.post(reverse("catalog:import"), {"file": SimpleUploadedFile(name, data)})


def problems(response) -> list[tuple[int | None, str | None, str]]:  # type: ignore[no-untyped-def]
    return [(p.row, p.column, p.message) for p in response.context["check"].problems]


def test_good_xlsx_creates_approved_figures(
    admin_client: Client, registered: dict[str, Organisation]
) -> None:
    response = upload(admin_client, "approved-2015.xlsx")
    result = response.context["result"]
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert "新增 2 条" in response.content.decode()
    a = BusinessFigures.objects.get(organisation=registered["A"], data_year=2015)
    assert a.source == FiguresSource.STATISTICS
    assert a.revenue_usd == Decimal("5200000") and a.offshore_revenue_usd == Decimal("1900000")
    assert a.export_usd == {"ITO": "1200000.00", "BPO": "0.00", "KPO": "0.00"}
    assert (a.staff, a.staff_college) == (320, 250)
    b = BusinessFigures.objects.get(organisation=registered["B"], data_year=2015)
    assert b.export_usd == {"ITO": "0.00", "BPO": "600000.00", "KPO": "0.00"}
    decision = decision_for(registered["B"])
    assert decision is not None and decision.tests_met == [1] and not decision.provisional


def test_reimporting_the_same_file_changes_nothing(
    admin_client: Client, registered: dict[str, Organisation]
) -> None:
    upload(admin_client, "approved-2015.xlsx")
    stamps = list(BusinessFigures.objects.order_by("pk").values_list("pk", "updated_at"))
    result = upload(admin_client, "approved-2015.xlsx").context["result"]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert list(BusinessFigures.objects.order_by("pk").values_list("pk", "updated_at")) == stamps


def test_gb18030_csv_with_the_same_figures_is_unchanged_after_the_xlsx(
    admin_client: Client, registered: dict[str, Organisation]
) -> None:
    upload(admin_client, "approved-2015.xlsx")
    response = upload(admin_client, "approved-2015-gb18030.csv")
    result = response.context["result"]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_gb18030_csv_imports_on_its_own(admin_client: Client, registered: dict[str, Organisation]) -> None:
    result = upload(admin_client, "approved-2015-gb18030.csv").context["result"]
    assert result.created == 2
    assert BusinessFigures.objects.get(organisation=registered["A"]).revenue_usd == Decimal("5200000")


def test_import_replaces_self_declared_amounts_and_keeps_the_enterprises_answers(
    admin_client: Client, registered: dict[str, Organisation]
) -> None:
    BusinessFigures.objects.create(
        organisation=registered["A"],
        data_year=2015,
        revenue_usd=Decimal("100"),
        offshore_revenue_usd=Decimal("0"),
        categories=["ITO"],
        certifications={"ITO": ["CMMI3"]},
        long_term_contracts={"ITO": True},
        source=FiguresSource.SELF,
    )
    result = upload(admin_client, "approved-2015.xlsx").context["result"]
    assert (result.created, result.updated) == (1, 1)
    record = BusinessFigures.objects.get(organisation=registered["A"])
    assert record.source == FiguresSource.STATISTICS and record.revenue_usd == Decimal("5200000")
    assert record.categories == ["ITO"] and record.certifications == {"ITO": ["CMMI3"]}
    decision = decision_for(registered["A"])
    assert decision is not None and decision.key_cultivation["ITO"] == "district"


def test_unknown_and_malformed_codes_are_listed_and_nothing_is_imported(
    admin_client: Client, registered: dict[str, Organisation]
) -> None:
    response = upload(admin_client, "unknown-codes.csv")
    assert response.context["result"] is None
    found = problems(response)
    assert [(row, column) for row, column, _ in found] == [(4, "统一社会信用代码"), (3, "统一社会信用代码")]
    assert "没有统一社会信用代码为 91310000C00000999C 的企业" in found[1][2]
    assert not BusinessFigures.objects.exists()
    text = response.content.decode()
    assert "未导入任何数据" in text and "第 3 行" in text


def test_malformed_rows_are_listed_by_row_and_column_and_nothing_is_imported(
    admin_client: Client, registered: dict[str, Organisation]
) -> None:
    response = upload(admin_client, "malformed.xlsx")
    assert response.context["result"] is None
    found = {(row, column): message for row, column, message in problems(response)}
    assert set(found) == {
        (4, "服务外包业务额（美元）"),
        (5, "离岸业务额（美元）"),
        (6, "年度"),
        (6, "服务外包业务额（美元）"),
        (7, "年度"),
        (8, "ITO出口额（美元）"),
    }
    assert "不能为负数" in found[(4, "服务外包业务额（美元）")]
    assert "大于服务外包业务额" in found[(5, "离岸业务额（美元）")]
    assert found[(7, "年度")] == "缺少年度"
    assert not BusinessFigures.objects.exists()


def test_a_row_repeating_an_enterprise_and_year_is_refused(
    admin_client: Client, registered: dict[str, Organisation]
) -> None:
    lines = (FILES / "approved-2015-gb18030.csv").read_bytes().decode("gb18030").splitlines()
    content = "\n".join([*lines, lines[1]]).encode("utf-8")
    response = upload(admin_client, "twice.csv", content)
    assert problems(response) == [
        (4, "统一社会信用代码", "与第 2 行为同一企业同一年度，每家企业每年只能有一行")
    ]
    assert not BusinessFigures.objects.exists()


def test_a_file_without_the_required_columns_is_refused(admin_client: Client, registered: dict) -> None:
    response = upload(admin_client, "wrong.csv", "统一社会信用代码,年度\n91310000C00000016P,2015\n".encode())
    assert "缺少列：服务外包业务额（美元）、离岸业务额（美元）" in problems(response)[0][2]


def test_a_file_above_the_upload_limit_is_refused_before_reading(
    admin_client: Client, registered: dict, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.SHENBAO_UPLOAD_MAX_BYTES = 1024
    response = upload(admin_client, "big.csv", b"x" * 2048)
    assert "文件超过" in response.context["form"].errors["file"][0]
    assert response.context["check"] is None


def test_only_the_city_admin_may_import(client: Client, reviewer: User, enterprise_user: User) -> None:
    for user in (reviewer, enterprise_user):
        if hasattr(user, "otp_exempt"):
            User.objects.filter(pk=user.pk).update(otp_exempt=True)
        client.force_login(user)
        assert client.get(reverse("catalog:import")).status_code == 404
        assert client.get(reverse("catalog:import_template")).status_code == 404


def test_the_blank_template_has_the_documented_columns(admin_client: Client) -> None:
    response = admin_client.get(reverse("catalog:import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[1][:5] == [
        "统一社会信用代码",
        "企业名称",
        "年度",
        "服务外包业务额（美元）",
        "离岸业务额（美元）",
    ]
    assert "大专及以上学历员工数" in rows[1]


def test_the_template_filled_in_imports(admin_client: Client, registered: dict[str, Organisation]) -> None:
    import xlsxwriter

    template = admin_client.get(reverse("catalog:import_template")).content
    headers = CalamineWorkbook.from_filelike(io.BytesIO(template)).get_sheet_by_index(0).to_python()[1]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, headers)
    values = {
        "统一社会信用代码": CODE_A,
        "年度": 2015,
        "服务外包业务额（美元）": 10_000_000,
        "离岸业务额（美元）": 2_000_000,
    }
    sheet.write_row(1, 0, [values.get(header, "") for header in headers])
    book.close()
    result = upload(admin_client, "filled.xlsx", buffer.getvalue()).context["result"]
    assert result.created == 1
    decision = decision_for(registered["A"])
    assert decision is not None and decision.tests_met == [3]
