"""The flow's words as a person sees them: the domain's message ids, translated here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.utils.translation import get_language, gettext, gettext_lazy

from shenbao.domain.events import EVENT_LABELS, RENAMED, EventKind
from shenbao.domain.problem_kinds import kind_title
from shenbao.domain.problem_text import language_of, render_problem, render_stored, sentences
from shenbao.domain.problems import Problem
from shenbao.domain.workflow import (
    ACTION_LABELS,
    STATUS_LABELS,
    STATUS_TONES,
    Action,
    Status,
    TransitionNotAllowed,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def status_label(status: str) -> str:
    return gettext(STATUS_LABELS[Status(status)])


def status_tone(status: str) -> str:
    """ "ok", "err" or "": how the status tag reads at a glance."""
    return STATUS_TONES[Status(status)]


def action_label(action: str) -> str:
    return gettext(ACTION_LABELS[Action(action)])


def event_label(kind: str) -> str:
    kind = RENAMED.get(kind, kind)
    return gettext(EVENT_LABELS[EventKind(kind)]) if kind in EventKind else kind


def problem_text(problem: Problem) -> str:
    """A refusal, finding or problem in the user's language, rendered from its code and params."""
    return render_problem(problem, language_of(get_language()))


def kind_label(code: str) -> str:
    """A kind of problem or finding's short name in the user's language (a roster page's summary)."""
    return kind_title(code, language_of(get_language()))


def words_of(problem: object) -> str:
    """A Problem, or one stored as code and params (Problem.stored), in the user's language."""
    if isinstance(problem, Problem):
        return problem_text(problem)
    if isinstance(problem, Mapping):
        return render_stored(problem, language_of(get_language()))
    return str(problem)


def refusal_text(refusal: TransitionNotAllowed) -> str:
    """Why an action was refused, in the user's language: each reason rendered from its code (a
    refusal given only in words, as the domain's own tests may build one, as is)."""
    if not refusal.problems:
        return refusal.message
    return sentences(refusal.problems, language_of(get_language()))


def lazy_status_labels() -> list[tuple[str, StrOrPromise]]:
    """For choices defined when a module loads: translated when shown."""
    return [(status.value, gettext_lazy(STATUS_LABELS[status])) for status in Status]


def lazy_action_labels() -> dict[str, StrOrPromise]:
    return {action.value: gettext_lazy(label) for action, label in ACTION_LABELS.items()}


def lazy_event_labels() -> list[tuple[str, StrOrPromise]]:
    return [(kind.value, gettext_lazy(EVENT_LABELS[kind])) for kind in EventKind]
