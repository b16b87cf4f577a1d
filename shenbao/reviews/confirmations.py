"""The reviewer's and the city's confirmation pages: what each decision does, to how many, for how much."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from shenbao.applications.facts import RosterCounts
from shenbao.applications.labels import action_label, problem_text
from shenbao.applications.models import Application
from shenbao.calls.models import Call
from shenbao.domain import flow
from shenbao.domain.flow import zh_date
from shenbao.domain.money import yuan
from shenbao.domain.support import amount_due
from shenbao.domain.workflow import Action, Actor
from shenbao.web import Confirmation, confirmation_token


def _persons(count: int) -> str:
    return gettext("%(count)s 人") % {"count": count}


def _back(application: Application) -> str:
    return reverse("reviews:application", args=[application.pk])


def _base(
    request: HttpRequest,
    application: Application,
    action: Action,
    facts: flow.ApplicationFacts,
    actor: Actor,
    on: date,
    form: forms.Form,
) -> Confirmation:
    return Confirmation(
        title=gettext("确认%(action)s：%(organisation)s（%(reference)s）")
        % {
            "action": action_label(action),
            "organisation": application.organisation.name,
            "reference": application.reference,
        },
        action_url=reverse(f"reviews:{action.value}", args=[application.pk]),
        back_url=_back(application),
        button=gettext("确认%(action)s") % {"action": action_label(action)},
        token=confirmation_token(request, action, application.pk, application.version),
        refused=[problem_text(p) for p in flow.blockers(action, facts, actor, on)],
        form=form,
    )


def review_confirmation(
    request: HttpRequest,
    application: Application,
    action: Action,
    facts: flow.ApplicationFacts,
    counts: RosterCounts,
    form: forms.Form,
    on: date,
) -> Confirmation:
    """Return, accept or reject, by the authority's reviewer."""
    page = _base(request, application, action, facts, Actor.REVIEWER, on, form)
    page.figures = [
        (gettext("申报人数"), _persons(counts.persons)),
        (gettext("认定符合"), _persons(counts.eligible)),
        (gettext("认定不符合"), _persons(counts.ineligible)),
    ]
    applicant = application.organisation.name
    if action is Action.RETURN:
        page.happens = [
            gettext("申报退回%(applicant)s补正，附上您填写的原因（按行的原因标在花名册对应行上）。")
            % {"applicant": applicant},
            gettext("申报单位在补正截止日期前可修改并重新提交；未修改人员的审核结论保留。"),
        ]
        page.final = [gettext("退回后，补正期间不能逐人审核、登记材料或审核通过。")]
    elif action is Action.ACCEPT:
        expected = amount_due(counts.eligible, facts.standard)
        page.figures.append(
            (
                gettext("按支持标准计"),
                gettext("%(persons)s × %(standard)s = %(total)s（由市级审定）")
                % {
                    "persons": _persons(counts.eligible),
                    "standard": yuan(facts.standard),
                    "total": yuan(expected),
                },
            )
        )
        page.happens = [
            gettext("申报审核通过，列入下一份汇总表（附件2），可上报市级。"),
            *[problem_text(p) for p in flow.findings(facts)],
        ]
        page.final = [gettext("通过后不能再修改逐人审核结论；如需更改，只能由市级退回区级重审。")]
    else:
        page.happens = [gettext("申报不予通过，%(applicant)s会收到您填写的原因。") % {"applicant": applicant}]
        page.final = [gettext("不予通过是最终决定：这份申报不再审核，也不能重新提交。")]
        page.danger = True
    return page


def approve_confirmation(
    request: HttpRequest,
    application: Application,
    facts: flow.ApplicationFacts,
    counts: RosterCounts,
    form: forms.Form,
    on: date,
) -> Confirmation:
    page = _base(request, application, Action.APPROVE, facts, Actor.CITY_ADMIN, on, form)
    amount = amount_due(counts.eligible, facts.standard)
    page.figures = [
        (gettext("认定符合"), _persons(counts.eligible)),
        (gettext("支持标准"), gettext("%(standard)s / 人") % {"standard": yuan(facts.standard)}),
        (gettext("审定金额"), yuan(amount)),
    ]
    page.happens = [
        gettext("审定金额确定为 %(amount)s，通知申报单位。") % {"amount": yuan(amount)},
        *[problem_text(p) for p in flow.findings(facts)],
    ]
    page.final = [gettext("审定后金额不再变化；公示后按此金额拨付。")]
    return page


def pay_confirmation(
    request: HttpRequest, application: Application, facts: flow.ApplicationFacts, form: forms.Form, on: date
) -> Confirmation:
    page = _base(request, application, Action.PAY, facts, Actor.CITY_ADMIN, on, form)
    approved = facts.approved_amount or Decimal("0.00")
    page.figures = [
        (gettext("审定人数"), _persons(facts.eligible_rows)),
        (gettext("审定金额"), yuan(approved)),
    ]
    page.happens = [gettext("记录拨付日期、金额和凭证号，申报转为“已拨付”，通知申报单位。")]
    page.final = [gettext("拨付记录不能修改或删除；金额不能超过审定金额。")]
    return page


def report_confirmation(
    request: HttpRequest,
    call: Call,
    applications: list[Application],
    eligible: dict[int, int],
    form: forms.Form,
) -> Confirmation:
    persons = sum(eligible.values())
    total = sum(
        (amount_due(eligible.get(a.pk, 0), call.standard_for(a.kind)) for a in applications), Decimal("0.00")
    )
    state = [f"{a.pk}.{a.version}" for a in applications]
    return Confirmation(
        title=gettext("确认上报市级：%(call)s申报情况汇总表（附件2）") % {"call": call},
        action_url=reverse("reviews:report"),
        back_url=f"{reverse('reviews:summary')}?call={call.pk}",
        button=gettext("确认上报市级"),
        token=confirmation_token(request, Action.REPORT, call.pk, *state),
        happens=[
            gettext("下列 %(count)s 项申报转为“已上报市级”，汇总表提交市级审定。")
            % {"count": len(applications)},
            *[a.organisation.name for a in applications],
        ],
        figures=[
            (gettext("申报数"), gettext("%(count)s 项") % {"count": len(applications)}),
            (gettext("认定符合"), _persons(persons)),
            (gettext("按支持标准计"), yuan(total)),
        ],
        final=[gettext("上报后不能撤回；如需更改，只能由市级退回区级重审。")],
        refused=[] if applications else [gettext("没有审核通过、待上报的申报。")],
        form=form,
    )


def publish_confirmation(
    request: HttpRequest,
    call: Call,
    facts: flow.CallFacts,
    lines: int,
    persons: int,
    total: Decimal,
    form: forms.Form,
    on: date,
) -> Confirmation:
    return Confirmation(
        title=gettext("确认公示%(call)s审定名单") % {"call": call},
        action_url=reverse("reviews:publish", args=[call.pk]),
        back_url=reverse("calls:list"),
        button=gettext("确认公示"),
        token=confirmation_token(request, Action.PUBLISH, call.pk),
        happens=[
            gettext(
                "审定名单（单位、类型、人数、金额，不含个人信息）在公开页面和首页公示，写明公示期和异议受理方式。"
            ),
        ],
        figures=[
            (gettext("审定申报"), gettext("%(count)s 项") % {"count": lines}),
            (gettext("审定人数"), _persons(persons)),
            (gettext("审定金额合计"), yuan(total)),
            (
                gettext("受理期"),
                gettext("%(opens)s 至 %(closes)s")
                % {"opens": zh_date(call.opens_on), "closes": zh_date(call.closes_on)},
            ),
        ],
        final=[gettext("公示后不能撤回；公示后才能记录拨付。")],
        refused=[problem_text(p) for p in flow.blockers(Action.PUBLISH, facts, Actor.CITY_ADMIN, on)],
        form=form,
    )
