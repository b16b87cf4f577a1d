"""The applicant's confirmation pages: what submitting or withdrawing will do, in numbers."""

from __future__ import annotations

from datetime import date

from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from shenbao.applications.facts import RosterCounts
from shenbao.applications.labels import problem_text
from shenbao.applications.models import Application
from shenbao.domain import flow
from shenbao.domain.flow import zh_date
from shenbao.domain.money import yuan
from shenbao.domain.support import amount_due
from shenbao.domain.workflow import Action, Actor, Status
from shenbao.web import Confirmation, confirmation_token


def _refused(action: Action, facts: flow.ApplicationFacts, on: date) -> list[str]:
    return [problem_text(p) for p in flow.blockers(action, facts, Actor.APPLICANT, on)]


def submit_confirmation(
    request: HttpRequest,
    application: Application,
    action: Action,
    facts: flow.ApplicationFacts,
    counts: RosterCounts,
    form: forms.Form,
    on: date,
) -> Confirmation:
    detail = reverse("applications:detail", args=[application.pk])
    authority = application.authority.name
    happens = [gettext("申报将提交至%(authority)s主管部门审核。") % {"authority": authority}]
    if action is Action.RESUBMIT:
        happens.append(gettext("审核人员会看到与上次提交相比的变化；未修改人员的审核结论保留。"))
    final = [
        gettext("提交后花名册和材料冻结，不能再修改（受理期内、审核开始前可撤回到草稿后修改）。"),
        gettext("提交即确认花名册中每一位人员已被告知其信息用于本次申报。"),
    ]
    return Confirmation(
        title=gettext("确认提交申报 %(reference)s") % {"reference": application.reference},
        action_url=reverse("applications:submit", args=[application.pk]),
        back_url=detail,
        button=gettext("确认提交") if action is Action.SUBMIT else gettext("确认补正后重新提交"),
        token=confirmation_token(request, action, application.pk, application.version),
        happens=happens,
        figures=_figures(facts, counts),
        final=final,
        refused=_refused(action, facts, on),
        form=form,
    )


def _figures(facts: flow.ApplicationFacts, counts: RosterCounts) -> list[tuple[str, str]]:
    ceiling = amount_due(counts.persons, facts.standard)
    figures = [
        (gettext("申报人数"), gettext("%(persons)s 人") % {"persons": counts.persons}),
        (
            gettext("最多可获支持"),
            gettext("%(persons)s 人 × %(standard)s = %(total)s（以审核认定的人数为准）")
            % {"persons": counts.persons, "standard": yuan(facts.standard), "total": yuan(ceiling)},
        ),
    ]
    if counts.warning_rows:
        figures.append(
            (
                gettext("有提醒或资格提示"),
                gettext("%(rows)s 人：由审核人员逐人判断，可能不予认定") % {"rows": counts.warning_rows},
            )
        )
    return figures


def withdraw_confirmation(
    request: HttpRequest, application: Application, facts: flow.ApplicationFacts, form: forms.Form, on: date
) -> Confirmation:
    target = flow.target_status(Action.WITHDRAW, facts, on)
    closes = zh_date(facts.call.closes_on)
    if target is Status.DRAFT:
        happens = [
            gettext("申报回到草稿：可以修改花名册和材料，并在受理期截止（%(closes)s）前再次提交。")
            % {"closes": closes},
            gettext("撤回后%(authority)s主管部门不再审核这份申报，直到再次提交。")
            % {"authority": application.authority.name},
        ]
        final = []
    else:
        happens = [
            gettext("申报撤回，%(authority)s主管部门不再审核。") % {"authority": application.authority.name}
        ]
        final = [
            gettext("本批次受理期已于 %(closes)s 截止：撤回是最终的，本批次不能再提交这份申报。")
            % {"closes": closes}
        ]
    return Confirmation(
        title=gettext("确认撤回申报 %(reference)s") % {"reference": application.reference},
        action_url=reverse("applications:withdraw", args=[application.pk]),
        back_url=reverse("applications:detail", args=[application.pk]),
        button=gettext("确认撤回"),
        token=confirmation_token(request, Action.WITHDRAW, application.pk, application.version),
        happens=happens,
        figures=[(gettext("申报人数"), gettext("%(persons)s 人") % {"persons": facts.persons})],
        final=final,
        refused=_refused(Action.WITHDRAW, facts, on),
        form=form,
        danger=target is not Status.DRAFT,
    )


def withdrawal_message(withdrawn: Application) -> str:
    if Status(withdrawn.status) is Status.DRAFT:
        return gettext("申报已撤回，回到草稿：修改后可在受理期内再次提交。")
    return gettext("申报已撤回。")
