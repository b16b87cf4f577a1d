"""The printable package and the 附件2 summary: Chinese text, the official headers, embedded font, access."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from shenbao.domain.roster_columns import ROSTER_COLUMNS, RosterKind
from shenbao.printing.package import build_application_pdf
from shenbao.printing.summary import build_summary_pdf
from shenbao.reviews.selectors import INSTITUTION_SUMMARY_HEADERS, SUMMARY_HEADERS, SummaryTable
from tests import factories
from tests.downloads.taking import content_of, take_download
from tests.printing.builders import add_row, make_application, make_call
from tests.printing.pdf import pdf_fonts, pdf_text, render_pages, save

ID_NUMBER = "11010519491231002X"
MASKED_PREFIX = ID_NUMBER[:4]


def _flat(text: str) -> str:
    """Headers wrap inside their cells: text is compared without spaces and line breaks."""
    return "".join(text.split())


@pytest.fixture
def application(enterprise):  # type: ignore[no-untyped-def]
    app = make_application(enterprise, persons=2, paper_volumes_declared=3, status="submitted")
    add_row(app, 3, name="王小明", id_number=ID_NUMBER, 岗位="软件测试", 入职日期="2025-03-01", 是否在职="是")
    add_row(app, 4, name="李小红", id_number="110105194912310037", 入职日期="2025-04-01", 是否在职="否")
    return app


def login(client: Client, user) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def test_package_has_cover_roster_with_official_headers_and_declaration(application, tmp_path: Path) -> None:
    path = save(build_application_pdf(application, full_ids=True), tmp_path / "package.pdf")
    text = pdf_text(path)
    flat = _flat(text)
    assert "上海市服务外包培训支持申报材料" in flat
    assert application.organisation.name in flat
    assert application.organisation.code in flat
    assert application.reference in flat
    assert "浦东" in flat and "2026年度" in flat
    for column in ROSTER_COLUMNS[RosterKind.EMPLOYEES]:
        assert _flat(column.header) in flat, column.header
    assert "王小明" in flat and "李小红" in flat
    assert ID_NUMBER in flat  # the paper volume goes to the authority with the full number
    assert "申报单位声明" in flat and "盖章" in flat and "签字" in flat
    assert "第1页共3页" in flat and "第3页共3页" in flat


def test_package_shows_masked_ids_to_those_not_entitled(application, tmp_path: Path) -> None:
    path = save(build_application_pdf(application, full_ids=False), tmp_path / "package.pdf")
    flat = _flat(pdf_text(path))
    assert ID_NUMBER not in flat
    assert application.rows.get(number=3).id_masked in flat


def test_package_embeds_the_cjk_font_and_renders_every_page(application, tmp_path: Path) -> None:
    path = save(build_application_pdf(application, full_ids=True), tmp_path / "package.pdf")
    fonts = pdf_fonts(path)
    line = next(line for line in fonts.splitlines() if "WenQuanYi" in line)
    assert " yes yes " in line  # embedded, subset
    pages = render_pages(path, tmp_path / "page")
    assert len(pages) == 3
    assert all(page.stat().st_size > 2000 for page in pages)


def test_long_roster_repeats_its_header_on_every_page(enterprise, tmp_path: Path) -> None:
    app = make_application(enterprise, persons=90)
    for number in range(3, 93):
        add_row(app, number, name=f"员工{number}", id_number=ID_NUMBER)
    path = save(build_application_pdf(app, full_ids=False), tmp_path / "long.pdf")
    text = pdf_text(path)
    roster_pages = [page for page in text.split("\f") if re.search(r"员工\d", page)]
    assert len(roster_pages) >= 3
    assert all("证件号码" in page for page in roster_pages)
    total = len([page for page in text.split("\f") if page.strip()])
    assert f"第{total}页共{total}页" in _flat(text)


def test_trainee_package_uses_the_attachment_4_columns(institution_user, tmp_path: Path) -> None:
    app = make_application(institution_user.organisation, persons=1)
    add_row(
        app, 3, name="赵学员", id_number=ID_NUMBER, 培训内容="软件测试", 录用企业名称="上海某软件有限公司"
    )
    flat = _flat(pdf_text(save(build_application_pdf(app, full_ids=True), tmp_path / "t.pdf")))
    for column in ROSTER_COLUMNS[RosterKind.TRAINEES]:
        assert _flat(column.header) in flat
    assert "岗位" not in flat
    assert "赵学员" in flat


def _table(title: str, rows: list[tuple[int, str, int, str, str]], kind: str = "employees") -> SummaryTable:
    return SummaryTable(
        title=title,
        kind=kind,
        rows=rows,
        total_volumes=sum(r[2] for r in rows),
        total_complete=sum(1 for r in rows if r[3] == "是"),
    )


def test_summary_pdf_has_the_attachment_title_headers_rows_and_total(tmp_path: Path) -> None:
    table = _table(
        "浦东新区企业申报情况汇总表",
        [
            (1, "上海浦江数据服务有限公司", 3, "是", "材料齐全"),
            (2, "上海徐汇软件外包有限公司 & <分公司>", 2, "否", "缺劳动合同"),
            (3, "上海某某有限公司", 0, "否", ""),
        ],
    )
    path = save(build_summary_pdf(tables=[table], call_year=2026), tmp_path / "s.pdf")
    flat = _flat(pdf_text(path))
    assert "附件2" in flat and "浦东新区企业申报情况汇总表" in flat and "2026年度" in flat
    for header in SUMMARY_HEADERS:
        assert _flat(header) in flat
    assert "上海徐汇软件外包有限公司&<分公司>" in flat
    assert "缺劳动合同" in flat
    assert "总计51" in flat
    assert "盖章" in flat
    assert len(render_pages(path, tmp_path / "s")) == 1


def test_institutions_table_has_its_title_and_its_own_headers_on_its_own_page(tmp_path: Path) -> None:
    tables = [
        _table("闵行区企业申报情况汇总表", []),
        _table("闵行区培训机构申报情况汇总表", [(1, "上海某培训学校", 1, "是", "")], kind="trainees"),
    ]
    path = save(build_summary_pdf(tables=tables), tmp_path / "i.pdf")
    pages = [_flat(page) for page in pdf_text(path).split("\f") if page.strip()]
    assert len(pages) == 2
    assert "闵行区培训机构申报情况汇总表" in pages[1]
    # The attachment's columns, the organisations named as what they are: 培训机构名称.
    assert all(_flat(header) in pages[1] for header in INSTITUTION_SUMMARY_HEADERS)
    assert "企业名称" not in pages[1] and "企业名称" in pages[0]
    assert "上海某培训学校" in pages[1]


# --- views ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["enterprise_user", "reviewer", "city_admin"])
def test_applicant_reviewer_and_city_admin_download_the_package(
    who: str, application, request: pytest.FixtureRequest, client: Client, django_capture_on_commit_callbacks
) -> None:
    user = request.getfixturevalue(who)
    url = reverse("printing:application_pdf", args=[application.pk])
    response = take_download(login(client, user), url, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert content_of(response).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["other_enterprise_user", "other_reviewer", "institution_user"])
def test_other_organisations_and_authorities_get_404_for_the_package(
    who: str, application, request: pytest.FixtureRequest, client: Client
) -> None:
    user = request.getfixturevalue(who)
    response = login(client, user).get(reverse("printing:application_pdf", args=[application.pk]))
    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_login_for_the_package(application, client: Client) -> None:
    response = client.get(reverse("printing:application_pdf", args=[application.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_qr_code_links_to_the_absolute_record_url(
    application, client: Client, enterprise_user, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    url = reverse("printing:application_pdf", args=[application.pk])
    response = take_download(login(client, enterprise_user), url, django_capture_on_commit_callbacks)
    flat = _flat(pdf_text(save(content_of(response), tmp_path / "p.pdf")))
    # The same URL is printed under the code for those who cannot scan it.
    assert f"http://testserver/applications/{application.pk}/" in flat


def _reported(enterprise, **fields):  # type: ignore[no-untyped-def]
    return make_application(enterprise, status="reported", persons=5, **fields)


def test_reviewer_prints_the_next_summary_of_their_authority_as_on_the_summary_page(
    enterprise, reviewer, client: Client, tmp_path: Path
) -> None:
    call = make_call(2026)
    make_application(
        enterprise,
        call=call,
        status="accepted",
        persons=4,
        paper_volumes_received=2,
        materials_complete=True,
        review_remarks="已核对原件",
    )
    other = factories.make_organisation(number=5, name="上海浦东第二软件有限公司")
    make_application(
        other, call=call, status="reported", persons=3, paper_volumes_received=1, materials_complete=False
    )
    draft = factories.make_organisation(number=5, name="上海草稿未交有限公司")
    make_application(draft, call=call, status="submitted")
    response = login(client, reviewer).get(reverse("printing:summary_pdf", args=[5, 2026]))
    assert response.status_code == 200
    flat = _flat(pdf_text(save(response.content, tmp_path / "s.pdf")))
    assert f"{reviewer.authority.area_name}企业申报情况汇总表" in flat
    assert enterprise.name in flat and "已核对原件" in flat
    # Already reported: it belongs to the reported summary, not the next one (as on the page).
    assert "上海浦东第二软件有限公司" not in flat
    assert "上海草稿未交有限公司" not in flat
    assert "总计21" in flat


def test_summary_of_another_authority_is_404_for_a_reviewer(
    other_reviewer, enterprise, client: Client
) -> None:
    make_call(2026)
    response = login(client, other_reviewer).get(reverse("printing:summary_pdf", args=[5, 2026]))
    assert response.status_code == 404


def test_city_admin_prints_any_authority_summary(city_admin, client: Client) -> None:
    make_call(2026)
    response = login(client, city_admin).get(
        reverse("printing:summary_pdf", args=[16, 2026]) + "?kind=trainees"
    )
    assert response.status_code == 200


def test_applicant_cannot_print_a_summary(enterprise_user, client: Client) -> None:
    make_call(2026)
    response = login(client, enterprise_user).get(reverse("printing:summary_pdf", args=[5, 2026]))
    assert response.status_code == 404


def test_unknown_call_or_kind_is_404(reviewer, client: Client) -> None:
    make_call(2026)
    client = login(client, reviewer)
    assert client.get(reverse("printing:summary_pdf", args=[5, 1999])).status_code == 404
    assert client.get(reverse("printing:summary_pdf", args=[5, 2026]) + "?kind=x").status_code == 404


def _reported_summary(authority_user, *applications):  # type: ignore[no-untyped-def]
    from shenbao.reviews.models import Summary

    summary = Summary.objects.create(
        call=applications[0].call, authority=applications[0].authority, reported_by=authority_user
    )
    for application in applications:
        application.summary = summary
        application.save(update_fields=["summary"])
    return summary


def test_reported_summary_pdf_lists_the_applications_it_reported(
    enterprise, reviewer, client: Client, tmp_path: Path
) -> None:
    listed = _reported(enterprise, paper_volumes_received=2, materials_complete=True, review_remarks="齐全")
    summary = _reported_summary(reviewer, listed)
    response = login(client, reviewer).get(reverse("printing:reported_summary_pdf", args=[summary.pk]))
    assert response.status_code == 200
    flat = _flat(pdf_text(save(response.content, tmp_path / "r.pdf")))
    assert enterprise.name in flat and "齐全" in flat and "总计21" in flat


def test_reported_summary_pdf_of_another_authority_is_404(
    enterprise, reviewer, other_reviewer, client: Client
) -> None:
    summary = _reported_summary(reviewer, _reported(enterprise))
    response = login(client, other_reviewer).get(reverse("printing:reported_summary_pdf", args=[summary.pk]))
    assert response.status_code == 404


def test_amounts_do_not_leak_into_the_summary(enterprise, reviewer, client: Client, tmp_path: Path) -> None:
    summary = _reported_summary(
        reviewer, _reported(enterprise, amount=Decimal("9999.00"), paper_volumes_received=1)
    )
    response = login(client, reviewer).get(reverse("printing:reported_summary_pdf", args=[summary.pk]))
    flat = _flat(pdf_text(save(response.content, tmp_path / "x.pdf")))
    assert enterprise.name in flat
    assert "9999" not in flat


def test_long_text_wraps_inside_its_cell_and_every_character_is_printed(enterprise, tmp_path: Path) -> None:
    app = make_application(enterprise, persons=1)
    company = "上海" + "浦东新区张江高科技园区软件信息服务外包" * 3 + "有限公司"
    add_row(app, 3, name="王小明", id_number=ID_NUMBER, 社保缴纳单位=company)
    flat = _flat(pdf_text(save(build_application_pdf(app, full_ids=True), tmp_path / "wrap.pdf")))
    assert company in flat  # broken over several lines of its cell, none of it cut off


def test_the_page_count_in_the_footer_is_the_number_of_pages_printed(enterprise, tmp_path: Path) -> None:
    app = make_application(enterprise, persons=120)
    for number in range(3, 123):
        long_post = "高级软件工程师兼项目经理" * (3 if number % 7 == 0 else 1)  # some rows are taller
        add_row(app, number, name=f"员工{number}", id_number=ID_NUMBER, 岗位=long_post)
    path = save(build_application_pdf(app, full_ids=False), tmp_path / "count.pdf")
    pages = render_pages(path, tmp_path / "count")
    flat = _flat(pdf_text(path))
    assert f"第{len(pages)}页共{len(pages)}页" in flat
    assert all(f"员工{number}" in flat for number in range(3, 123))


def test_an_empty_roster_prints_one_page_saying_so(enterprise, tmp_path: Path) -> None:
    app = make_application(enterprise, persons=0)
    path = save(build_application_pdf(app, full_ids=False), tmp_path / "empty.pdf")
    assert "花名册尚未上传" in _flat(pdf_text(path))
    assert len(render_pages(path, tmp_path / "empty")) == 3


def test_the_summary_of_a_large_authority_is_built_by_the_worker_with_the_same_lines(
    enterprise, reviewer, client: Client, tmp_path: Path, settings, django_capture_on_commit_callbacks
) -> None:
    call = make_call(2026)
    make_application(enterprise, call=call, status="accepted", persons=4, paper_volumes_received=2)
    second = factories.make_organisation(number=5, name="上海浦东第三软件有限公司")
    make_application(second, call=call, status="accepted", persons=2, paper_volumes_received=1)
    url = reverse("printing:summary_pdf", args=[5, 2026])
    at_once = login(client, reviewer).get(url)
    settings.SHENBAO_INLINE_EXPORT_ROWS = 1  # two applications: built by the worker

    built = take_download(client, url, django_capture_on_commit_callbacks)

    text = _flat(pdf_text(save(content_of(built), tmp_path / "built.pdf")))
    assert text == _flat(pdf_text(save(at_once.content, tmp_path / "at-once.pdf")))
    assert enterprise.name in text and "上海浦东第三软件有限公司" in text
