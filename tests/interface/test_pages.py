"""Every page in Chinese: error pages, admin names, blank choices, date and file fields, the favicon."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from shenbao.audit.forms import AuditFilterForm
from shenbao.organisations.forms import RegistrationForm

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_debug_is_off_unless_asked_for_so_make_run_shows_the_projects_error_pages(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHENBAO_", "PG", "DJANGO_"))}
    code = "from shenbao.config import settings as s; print(s.DEBUG, s.PRODUCTION, s.WHITENOISE_USE_FINDERS)"
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env | {"SHENBAO_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert run.stdout.split() == ["False", "False", "True"], run.stderr


def test_an_unknown_address_gets_the_chinese_404_without_the_list_of_urls() -> None:
    response = Client().get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and '<html lang="zh-CN">' in html
    assert "URLconf" not in html and "Page not found" not in html and "admin/" not in html


def test_a_refused_form_gets_the_chinese_page_expired_page() -> None:
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html and "CSRF" not in html and "Forbidden" not in html


def test_a_request_for_an_unknown_host_gets_the_chinese_400_page() -> None:
    response = Client(raise_request_exception=False).get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "请求无法处理" in response.content.decode()


def test_the_500_page_is_chinese_and_needs_no_request_context() -> None:
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "系统出现问题" in response.content.decode()


def test_static_files_are_served_with_debug_off() -> None:
    response = Client().get("/static/shenbao/site.js")
    assert response.status_code == 200
    assert b"error-summary" in b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_the_favicon_is_linked_from_every_page_and_answered_at_favicon_ico() -> None:
    client = Client()
    assert (
        '<link rel="icon" href="/static/shenbao/favicon.svg" type="image/svg+xml">'
        in client.get("/").content.decode()
    )
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/shenbao/favicon.svg"
    icon = client.get("/static/shenbao/favicon.svg")
    assert icon.status_code == 200 and icon["Content-Type"].startswith("image/svg+xml")


def test_the_admin_index_names_every_app_and_model_in_chinese(client: Client, city_admin) -> None:  # type: ignore[no-untyped-def]
    client.force_login(city_admin)
    html = client.get("/admin/").content.decode()
    for chinese in (
        "登录保护",
        "登录失败计数",
        "动态口令设备",
        "备用恢复码",
        "后台任务记录",
        "主管部门",
        "申报批次",
    ):
        assert chinese in html, chinese
    for english in ("Access attempts", "Access failures", "Access logs", "TOTP devices", "Static devices"):
        assert english not in html, english
    for english in ("Task Results", "Tasks Database Backend", "Axes", "AXES", "Otp_Totp", "Otp_Static"):
        assert english not in html, english
    # A model's own pages too.
    assert "动态口令设备" in client.get("/admin/otp_totp/totpdevice/").content.decode()


def test_selects_open_with_a_chinese_placeholder() -> None:
    html = str(RegistrationForm()["authority"])
    assert '<option value="" selected>请选择</option>' in html
    assert "Select an option" not in html and "---------" not in html


@pytest.mark.parametrize(
    "typed", ["2026-05-01", "2026/5/1", "2026.5.1", "2026年5月1日", "20260501", " 2026-5-1 "]
)
def test_a_date_field_reads_the_forms_people_write(typed: str) -> None:
    form = AuditFilterForm({"date_from": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_from"] == date(2026, 5, 1)


def test_a_date_field_is_a_text_field_with_a_chinese_format_hint_and_shows_iso_dates() -> None:
    html = str(AuditFilterForm({"date_from": "2026年5月1日"})["date_from"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="2026年5月1日"' in html  # what was typed comes back as typed
    assert (
        '<span class="hint date-hint" id="id_date_from_format">格式：年-月-日（YYYY-MM-DD），如 2026-05-01</span>'
        in html
    )
    assert 'aria-describedby="id_date_from_format"' in html
    shown = str(AuditFilterForm(initial={"date_from": date(2026, 5, 1)})["date_from"])
    assert 'value="2026-05-01"' in shown


def test_no_page_with_a_date_uses_the_browsers_date_control(
    client: Client, city_admin, security_auditor
) -> None:  # type: ignore[no-untyped-def]
    for user, url in ((security_auditor, "/audit/"), (city_admin, "/calls/manage/new/")):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert 'type="date"' not in html and "data-date-input" in html, url


def test_a_file_field_is_the_projects_picker_labelled_in_chinese() -> None:
    html = str(RegistrationForm()["licence"])
    assert '<span class="file-picker">' in html
    assert '<label class="file-button" for="id_licence" aria-hidden="true">选择文件</label>' in html
    assert (
        '<span class="file-chosen" id="id_licence_chosen" data-empty="未选择文件">未选择文件</span>' in html
    )
    assert 'aria-describedby="id_licence_helptext id_licence_chosen"' in html
    assert 'type="file"' in html  # the browser's input stays: it works without JavaScript
