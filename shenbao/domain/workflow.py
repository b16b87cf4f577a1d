"""Application statuses, the actions people take, and the table of status changes (design.md, "The flow").

Whether an action may be taken *now* — by whom, from which status, on which facts — is decided
in ``shenbao.domain.flow``; this module holds the vocabulary and the transitions as data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from shenbao.domain.text import gettext_noop

if TYPE_CHECKING:
    from shenbao.domain.problems import Problem


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
    # Actions that move an application from one status to another.
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    RETURN = "return"
    RESUBMIT = "resubmit"
    ACCEPT = "accept"
    REJECT = "reject"
    REPORT = "report"
    APPROVE = "approve"
    SEND_BACK = "send_back"
    PAY = "pay"  # records the payment (date, amount, voucher) and marks the application paid
    # Actions that change no status.
    CREATE = "create"  # on a call: the applicant opens its application
    UPLOAD_ROSTER = "upload_roster"
    EDIT_ROSTER = "edit_roster"  # an online edit of one row (not 补正: that is the return)
    EDIT_MATERIALS = "edit_materials"  # attachments, paper volumes declared, remarks
    DECIDE_ROWS = "decide_rows"
    RECORD_RECEIPT = "record_receipt"
    MOVE = "move"
    PUBLISH = "publish"  # on a call: the 公示 of the approved list


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

# How a status reads at a glance: "ok" good news, "err" needs the applicant or ended badly.
STATUS_TONES = {
    Status.DRAFT: "",
    Status.SUBMITTED: "",
    Status.WITHDRAWN: "",
    Status.RETURNED: "err",
    Status.ACCEPTED: "ok",
    Status.REJECTED: "err",
    Status.REPORTED: "ok",
    Status.APPROVED: "ok",
    Status.PAID: "ok",
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
    Action.CREATE: gettext_noop("创建申报"),
    Action.UPLOAD_ROSTER: gettext_noop("上传花名册"),
    Action.EDIT_ROSTER: gettext_noop("在线修改花名册"),
    Action.EDIT_MATERIALS: gettext_noop("修改材料和备注"),
    Action.DECIDE_ROWS: gettext_noop("逐人审核"),
    Action.RECORD_RECEIPT: gettext_noop("登记材料接收"),
    Action.MOVE: gettext_noop("移交主管部门"),
    Action.PUBLISH: gettext_noop("公示审定名单"),
}


@dataclass(frozen=True, slots=True)
class Transition:
    action: Action
    source: Status
    target: Status
    actor: Actor


# Withdrawing returns the application to draft while the call is open; after the close it is
# final (WITHDRAWN): flow.target_status decides between the two.
TRANSITIONS: tuple[Transition, ...] = (
    Transition(Action.SUBMIT, Status.DRAFT, Status.SUBMITTED, Actor.APPLICANT),
    Transition(Action.WITHDRAW, Status.SUBMITTED, Status.DRAFT, Actor.APPLICANT),
    Transition(Action.RESUBMIT, Status.RETURNED, Status.SUBMITTED, Actor.APPLICANT),
    Transition(Action.RETURN, Status.SUBMITTED, Status.RETURNED, Actor.REVIEWER),
    Transition(Action.ACCEPT, Status.SUBMITTED, Status.ACCEPTED, Actor.REVIEWER),
    Transition(Action.REJECT, Status.SUBMITTED, Status.REJECTED, Actor.REVIEWER),
    Transition(Action.REPORT, Status.ACCEPTED, Status.REPORTED, Actor.REVIEWER),
    Transition(Action.APPROVE, Status.REPORTED, Status.APPROVED, Actor.CITY_ADMIN),
    Transition(Action.SEND_BACK, Status.REPORTED, Status.SUBMITTED, Actor.CITY_ADMIN),
    Transition(Action.PAY, Status.APPROVED, Status.PAID, Actor.CITY_ADMIN),
)
STATUS_ACTIONS = frozenset(t.action for t in TRANSITIONS)
# A withdrawal after the call has closed.
FINAL_WITHDRAWAL = Status.WITHDRAWN

# Applications that hold a claim on their persons (cross-checks count these).
LIVE_STATUSES = frozenset(
    {Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED, Status.REPORTED, Status.APPROVED, Status.PAID}
)
# The applicant may change the roster and materials only in these.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})
# An application still with its authority: the city may route it elsewhere.
MOVABLE_STATUSES = frozenset({Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED})
# The city has decided: the applicant sees each person's result and the amount.
DECIDED_STATUSES = frozenset({Status.APPROVED, Status.PAID})
# Staff (the reviewer of the application's authority, the city admin) see an application only
# once it has been submitted: a draft, full ID numbers and all, is the applicant's alone. One
# rule for every page, file and PDF that shows an application (security issue 16).
STAFF_VISIBLE_STATUSES = frozenset(Status) - {Status.DRAFT}


class TransitionNotAllowed(Exception):
    """The action is refused now; ``problems`` say why (each a sentence in Chinese)."""

    def __init__(self, message: str = "", problems: Sequence[Problem] = ()) -> None:
        self.problems = list(problems)
        self.message = message or "".join(_sentence(p.message) for p in self.problems)
        super().__init__(self.message)


def _sentence(text: str) -> str:
    return text if text.endswith(("。", "！", "？")) else text + "。"
