"""Email to the applicant organisation when its application moves (console backend unless SMTP is set)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.mail import send_mail
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shenbao.applications.labels import action_label, status_label
from shenbao.applications.models import Application
from shenbao.domain.money import yuan
from shenbao.domain.workflow import Action

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

WHAT_NEXT: dict[Action, StrOrPromise] = {
    Action.SUBMIT: _("申报已提交至{authority}主管部门；受理期内、审核开始前可以在系统中撤回。"),
    Action.RESUBMIT: _("补正后的申报已重新提交至{authority}主管部门。"),
    Action.RETURN: _("请登录系统查看退回原因，修改后在 {deadline} 前重新提交。"),
    Action.ACCEPT: _("区主管部门已审核通过，将汇总上报市级。"),
    Action.REJECT: _("申报未通过审核，原因见下文；如有疑问请联系{authority}主管部门。"),
    Action.APPROVE: _("市级已审定：审定人数 {persons} 人，审定金额 {amount}。审定名单公示后拨付。"),
    Action.PAY: _("支持资金已拨付，详见下文。"),
}


def recipients(application: Application) -> list[str]:
    """The organisation's contact email and its active users' emails, each once."""
    organisation = application.organisation
    addresses = [organisation.contact_email]
    addresses += organisation.users.filter(is_active=True).exclude(email="").values_list("email", flat=True)
    return list(dict.fromkeys(address for address in addresses if address))


def notify(application: Application, action: Action | str, comment: str = "") -> int:
    """Tell the organisation what happened to its application; returns the number of emails sent."""
    action = Action(action)
    deadline = application.correction_deadline
    facts = {
        "authority": application.authority.name,
        "deadline": (
            gettext("%(year)s年%(month)s月%(day)s日")
            % {"year": deadline.year, "month": deadline.month, "day": deadline.day}
            if deadline
            else gettext("截止日期")
        ),
        "persons": application.eligible_persons if application.eligible_persons is not None else "",
        "amount": yuan(application.amount) if application.amount is not None else "",
    }
    label = action_label(action)
    lines = [
        gettext("%(organisation)s：") % {"organisation": application.organisation.name},
        "",
        gettext("您单位的申报（编号 %(reference)s，%(call)s）已%(action)s。")
        % {"reference": application.reference, "call": application.call, "action": label},
        gettext("当前状态：%(status)s。") % {"status": status_label(application.status)},
    ]
    if action in WHAT_NEXT:
        lines.append(str(WHAT_NEXT[action]).format(**facts))
    if comment:
        lines += ["", gettext("意见：%(comment)s") % {"comment": comment}]
    lines += ["", gettext("本邮件由上海市服务外包培训支持申报系统自动发送，请勿回复。")]
    to = recipients(application)
    if not to:
        logger.warning("application %s has no email address to notify", application.reference)
        return 0
    subject = gettext("【服务外包培训支持申报】%(reference)s 已%(action)s") % {
        "reference": application.reference,
        "action": label,
    }
    return send_mail(subject, "\n".join(lines), None, to, fail_silently=True)
