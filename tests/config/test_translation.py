"""The UI text follows the language: a small English catalog compiled with msgfmt switches it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from shenbao.applications.labels import action_label, status_label
from shenbao.applications.models import Application
from shenbao.catalog.templatetags.catalog_tags import tier_label

ENGLISH = {
    "已提交，待审核": "Submitted, awaiting review",  # a domain label, marked with gettext_noop
    "审定": "Approve",
    "商务部重点培育": "MOFCOM key cultivation",
    "申报编号": "Application number",  # a model field's verbose name
    "上海市服务外包培训支持申报": "Shanghai Service Outsourcing Training Support",  # a template's text
    # A refusal of the flow: its template is translated and filled with the values it was built with.
    "还有 {count} 人未作审核结论，请逐人审核后再通过。": "{count} persons are still undecided: decide each first.",
}
# The page's lang attribute is a message too (with a context), so a translation sets it.
LANG_ATTRIBUTE = 'msgctxt "HTML lang attribute of the page"\nmsgid "zh-CN"\nmsgstr "en"\n\n'


@pytest.fixture
def english(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (Debian package gettext) is not installed")
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    entries = "".join(f'msgid "{zh}"\nmsgstr "{en}"\n\n' for zh, en in ENGLISH.items())
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (folder / "django.po").write_text(header + entries + LANG_ATTRIBUTE, encoding="utf-8")
    subprocess.run([msgfmt, "-o", str(folder / "django.mo"), str(folder / "django.po")], check=True)
    settings.LOCALE_PATHS = [tmp_path]  # Django drops its cached catalogs when this changes


def test_labels_owned_by_the_domain_follow_the_language(english) -> None:  # type: ignore[no-untyped-def]
    with translation.override("zh-hans"):
        assert (status_label("submitted"), action_label("approve"), tier_label("national")) == (
            "已提交，待审核",
            "审定",
            "商务部重点培育",
        )
    with translation.override("en"):
        assert (status_label("submitted"), action_label("approve"), tier_label("national")) == (
            "Submitted, awaiting review",
            "Approve",
            "MOFCOM key cultivation",
        )


def test_model_labels_and_choices_follow_the_language(english) -> None:  # type: ignore[no-untyped-def]
    field = Application._meta.get_field("reference")
    choices = dict(Application._meta.get_field("status").choices or [])
    with translation.override("en"):
        assert (str(field.verbose_name), str(choices["submitted"])) == (
            "Application number",
            ENGLISH["已提交，待审核"],
        )
    with translation.override("zh-hans"):
        assert (str(field.verbose_name), str(choices["submitted"])) == ("申报编号", "已提交，待审核")


@pytest.mark.django_db
def test_a_page_follows_the_browser_language(english, client, directory) -> None:  # type: ignore[no-untyped-def]
    chinese = client.get("/", headers={"Accept-Language": "zh-CN"}).content.decode()
    english_page = client.get("/", headers={"Accept-Language": "en"}).content.decode()
    assert "· 上海市服务外包培训支持申报</title>" in chinese and '<html lang="zh-CN">' in chinese
    assert "· Shanghai Service Outsourcing Training Support</title>" in english_page
    assert '<html lang="en">' in english_page


def test_a_refusal_of_the_flow_is_shown_in_the_language_with_its_values(english) -> None:  # type: ignore[no-untyped-def]
    from shenbao.applications.labels import problem_text
    from shenbao.domain.flow import FlowCode, flow_problem

    refusal = flow_problem(FlowCode.ROWS_UNDECIDED, count=3)
    with translation.override("en"):
        assert problem_text(refusal) == "3 persons have no decision yet: decide each before accepting."
    with translation.override("zh-hans"):
        assert problem_text(refusal) == "还有 3 人未作审核结论，请逐人审核后再通过。" == refusal.message


def test_a_service_s_own_refusal_is_shown_in_the_language(english) -> None:  # type: ignore[no-untyped-def]
    from shenbao.applications.labels import refusal_text
    from shenbao.domain.flow import FlowCode, flow_problem
    from shenbao.domain.workflow import TransitionNotAllowed

    refusal = TransitionNotAllowed(problems=[flow_problem(FlowCode.BULK_COUNT_CHANGED, count=2431)])
    with translation.override("en"):
        assert refusal_text(refusal) == (
            "The number of persons it applies to is now 2431: go back and confirm again."
        )
    with translation.override("zh-hans"):
        assert refusal_text(refusal) == "符合条件的人数已变为 2431 人，请返回重新确认。"
