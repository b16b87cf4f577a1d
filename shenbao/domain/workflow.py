"""Application statuses and the one table of allowed transitions (design.md, "The flow").

Every status change in the system goes through ``next_status``; anything not in
the table is refused with a message saying what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shenbao.domain.text import gettext_noop


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    REPORTED = "reported"
    APPROVED = "approved"
    PAID = "paid"


class Action(StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    RETURN = "return"
    RESUBMIT = "resubmit"
    ACCEPT = "accept"
    REJECT = "reject"
    REPORT = "report"
    APPROVE = "approve"
    SEND_BACK = "send_back"
    PAY = "pay"


class Actor(StrEnum):
    APPLICANT = "applicant"
    REVIEWER = "reviewer"
    CITY_ADMIN = "city_admin"


STATUS_LABELS = {
    Status.DRAFT: gettext_noop("草稿"),
    Status.SUBMITTED: gettext_noop("已提交，待审核"),
    Status.WITHDRAWN: gettext_noop("已撤回"),
    Status.RETURNED: gettext_noop("已退回补正"),
    Status.ACCEPTED: gettext_noop("区审核通过"),
    Status.REJECTED: gettext_noop("未通过审核"),
    Status.REPORTED: gettext_noop("已上报市级"),
    Status.APPROVED: gettext_noop("市级已审定"),
    Status.PAID: gettext_noop("已拨付"),
}

ACTION_LABELS = {
    Action.SUBMIT: gettext_noop("提交"),
    Action.WITHDRAW: gettext_noop("撤回"),
    Action.RETURN: gettext_noop("退回补正"),
    Action.RESUBMIT: gettext_noop("补正后重新提交"),
    Action.ACCEPT: gettext_noop("审核通过"),
    Action.REJECT: gettext_noop("不予通过"),
    Action.REPORT: gettext_noop("上报市级"),
    Action.APPROVE: gettext_noop("审定"),
    Action.SEND_BACK: gettext_noop("退回区级重审"),
    Action.PAY: gettext_noop("记录拨付"),
}


@dataclass(frozen=True, slots=True)
class Transition:
    action: Action
    source: Status
    target: Status
    actor: Actor


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Action.SUBMIT, Status.DRAFT, Status.SUBMITTED, Actor.APPLICANT),
    Transition(Action.WITHDRAW, Status.SUBMITTED, Status.WITHDRAWN, Actor.APPLICANT),
    Transition(Action.RESUBMIT, Status.RETURNED, Status.SUBMITTED, Actor.APPLICANT),
    Transition(Action.RETURN, Status.SUBMITTED, Status.RETURNED, Actor.REVIEWER),
    Transition(Action.ACCEPT, Status.SUBMITTED, Status.ACCEPTED, Actor.REVIEWER),
    Transition(Action.REJECT, Status.SUBMITTED, Status.REJECTED, Actor.REVIEWER),
    Transition(Action.REPORT, Status.ACCEPTED, Status.REPORTED, Actor.REVIEWER),
    Transition(Action.APPROVE, Status.REPORTED, Status.APPROVED, Actor.CITY_ADMIN),
    Transition(Action.SEND_BACK, Status.REPORTED, Status.SUBMITTED, Actor.CITY_ADMIN),
    Transition(Action.PAY, Status.APPROVED, Status.PAID, Actor.CITY_ADMIN),
)

# Applications that hold a claim on their persons (cross-checks count these).
LIVE_STATUSES = frozenset(
    {Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED, Status.REPORTED, Status.APPROVED, Status.PAID}
)
# The applicant may change the roster and materials only in these.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})
# Staff (the reviewer of the application's authority, the city admin) see an application only
# once it has been submitted: a draft, full ID numbers and all, is the applicant's alone. One
# rule for every page, file and PDF that shows an application (security issue 16).
STAFF_VISIBLE_STATUSES = frozenset(Status) - {Status.DRAFT}


class TransitionNotAllowed(Exception):
    """The action is not allowed from the current status or for this actor."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def next_status(current: Status, action: Action, actor: Actor) -> Status:
    """The status ``action`` leads to, or TransitionNotAllowed with a Chinese message."""
    for transition in TRANSITIONS:
        if transition.action is action and transition.source is current:
            if transition.actor is not actor:
                raise TransitionNotAllowed(f"“{ACTION_LABELS[action]}”不是您的角色可以进行的操作。")
            return transition.target
    allowed = "、".join(
        ACTION_LABELS[t.action] for t in TRANSITIONS if t.source is current and t.actor is actor
    )
    hint = f"当前可进行的操作：{allowed}。" if allowed else "当前没有您可进行的操作。"
    raise TransitionNotAllowed(
        f"申报当前状态为“{STATUS_LABELS[current]}”，不能“{ACTION_LABELS[action]}”。{hint}"
    )


def actions_for(current: Status, actor: Actor) -> list[Action]:
    return [t.action for t in TRANSITIONS if t.source is current and t.actor is actor]
