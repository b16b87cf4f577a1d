"""Email to the applicant organisation when its application moves (console backend unless SMTP is set)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail

from shenbao.applications.models import Application
from shenbao.domain.workflow import ACTION_LABELS, STATUS_LABELS, Action, Status

logger = logging.getLogger(__name__)

WHAT_NEXT = {
    Action.SUBMIT: "申报已提交至{authority}主管部门，审核开始前可以在系统中撤回。",
    Action.RESUBMIT: "补正后的申报已重新提交至{authority}主管部门。",
    Action.RETURN: "请登录系统查看退回原因，修改后在 {deadline} 前重新提交。",
    Action.ACCEPT: "区主管部门已审核通过，将汇总上报市级。",
    Action.REJECT: "申报未通过审核，原因见下文；如有疑问请联系{authority}主管部门。",
    Action.APPROVE: "市级已审定：审定人数 {persons} 人，审定金额 {amount} 元。",
    Action.PAY: "支持资金 {amount} 元已记录为拨付。",
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
        "deadline": f"{deadline.year}年{deadline.month}月{deadline.day}日" if deadline else "截止日期",
        "persons": application.eligible_persons if application.eligible_persons is not None else "",
        "amount": application.amount if application.amount is not None else "",
    }
    label = ACTION_LABELS[action]
    lines = [
        f"{application.organisation.name}：",
        "",
        f"您单位的申报（编号 {application.reference}，{application.call}）已{label}。",
        f"当前状态：{STATUS_LABELS[Status(application.status)]}。",
    ]
    if action in WHAT_NEXT:
        lines.append(WHAT_NEXT[action].format(**facts))
    if comment:
        lines += ["", f"意见：{comment}"]
    lines += ["", "本邮件由上海市服务外包培训支持申报系统自动发送，请勿回复。"]
    to = recipients(application)
    if not to:
        logger.warning("application %s has no email address to notify", application.reference)
        return 0
    subject = f"【服务外包培训支持申报】{application.reference} 已{label}"
    return send_mail(subject, "\n".join(lines), None, to, fail_silently=True)
