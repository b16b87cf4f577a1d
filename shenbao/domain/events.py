"""What can happen to an application: the closed set of Event kinds, each with its Chinese label.

Every status change is recorded under its action's name; the other kinds are the changes that
leave the status alone. A stored kind is never renamed (a migration maps old values if one is).
"""

from __future__ import annotations

from enum import StrEnum

from shenbao.domain.text import gettext_noop
from shenbao.domain.workflow import ACTION_LABELS, STATUS_ACTIONS, Action


class EventKind(StrEnum):
    CREATE = "create"
    UPLOAD_ROSTER = "upload_roster"
    EDIT_ROW = "edit_row"
    ADD_ATTACHMENT = "add_attachment"
    REMOVE_ATTACHMENT = "remove_attachment"
    UPDATE_DETAILS = "update_details"
    DECIDE_ROWS = "decide_rows"
    RECORD_RECEIPT = "record_receipt"
    MOVE = "move"
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


EVENT_LABELS: dict[EventKind, str] = {
    EventKind.CREATE: gettext_noop("创建申报"),
    EventKind.UPLOAD_ROSTER: gettext_noop("上传花名册"),
    EventKind.EDIT_ROW: gettext_noop("在线修改花名册"),
    EventKind.ADD_ATTACHMENT: gettext_noop("上传电子版材料"),
    EventKind.REMOVE_ATTACHMENT: gettext_noop("删除电子版材料"),
    EventKind.UPDATE_DETAILS: gettext_noop("填写纸质材料册数和备注"),
    EventKind.DECIDE_ROWS: gettext_noop("逐人审核"),
    EventKind.RECORD_RECEIPT: gettext_noop("登记材料接收"),
    EventKind.MOVE: gettext_noop("移交主管部门"),
    **{EventKind(action.value): ACTION_LABELS[action] for action in Action if action in STATUS_ACTIONS},
}

# Kinds renamed since they were first stored: old value → kind (applications migration 0007 maps them).
RENAMED = {"edit_cell": EventKind.EDIT_ROW}


def event_of(action: Action) -> EventKind:
    """The Event kind a status action is recorded under."""
    if action not in STATUS_ACTIONS:
        raise ValueError(f"{action} changes no status; record its own EventKind")
    return EventKind(action.value)
