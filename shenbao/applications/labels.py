"""The workflow's labels as a person sees them: the domain's message ids, translated here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext, gettext_lazy

from shenbao.domain.workflow import ACTION_LABELS, STATUS_LABELS, Action, Status

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def status_label(status: str) -> str:
    return gettext(STATUS_LABELS[Status(status)])


def action_label(action: str) -> str:
    return gettext(ACTION_LABELS[Action(action)])


def lazy_status_labels() -> list[tuple[str, StrOrPromise]]:
    """For choices defined when a module loads: translated when shown."""
    return [(status.value, gettext_lazy(STATUS_LABELS[status])) for status in Status]


def lazy_action_labels() -> dict[str, StrOrPromise]:
    return {action.value: gettext_lazy(label) for action, label in ACTION_LABELS.items()}
