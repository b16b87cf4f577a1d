"""One decision for every person without findings in the reviewer's current filter, after a confirmation
page that states how many persons it reaches. A POST without that page's token changes nothing."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from shenbao.accounts.access import current_user, reviewer_required
from shenbao.applications.facts import application_facts, today
from shenbao.applications.labels import problem_text, refusal_text
from shenbao.applications.models import Application, RosterRow
from shenbao.domain import flow
from shenbao.domain.workflow import Action, Actor, TransitionNotAllowed
from shenbao.reviews import forms, selectors, services
from shenbao.reviews.roster_filter import RosterQuery, filtered_rows, without_findings
from shenbao.web import Confirmation, confirmation_token, is_confirmed, render_confirmation

BULK = "decide_filtered"


def roster_url(application: Application, query: RosterQuery) -> str:
    return reverse("reviews:application", args=[application.pk]) + "?" + urlencode(query.params())


@require_POST
@reviewer_required
def decide_filtered(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    application = selectors.get_reviewable_application(user, pk)
    form = forms.FilterDecisionForm(request.POST)
    form.is_valid()
    query = RosterQuery.from_get(request.POST)
    decision = str(form.cleaned_data.get("decision") or "")
    count = without_findings(filtered_rows(application, query)).count()
    # The token binds what the page stated: this filter, this decision, this many persons.
    state = (application.pk, application.version, *query.params().values(), decision, count)
    if is_confirmed(request, BULK, *state) and form.is_valid():
        try:
            done = services.decide_filtered(
                by=user,
                application=application,
                query=query,
                decision=decision,
                reason=form.cleaned_data["reason"],
                expected=count,
            )
        except TransitionNotAllowed as refusal:
            form.add_error(None, refusal_text(refusal))
        else:
            messages.success(request, gettext("已记录 %(count)s 人的审核结论。") % {"count": f"{done:,}"})
            return redirect(roster_url(application, query))
    form.fields["decision"].widget = django_forms.HiddenInput()  # bound by the token: shown, not edited
    if decision != RosterRow.Decision.INELIGIBLE:
        form.fields["reason"].widget = django_forms.HiddenInput()  # a reason is asked for 不符合 only
    label = RosterRow.Decision(decision).label if decision in RosterRow.Decision.values else ""
    facts = application_facts(application)
    page = Confirmation(
        title=gettext("确认批量认定：%(reference)s") % {"reference": application.reference},
        action_url=reverse("reviews:decide_filtered", args=[application.pk]),
        back_url=roster_url(application, query),
        button=gettext("确认将 %(count)s 人认定为“%(decision)s”")
        % {"count": f"{count:,}", "decision": label},
        token=confirmation_token(request, BULK, *state),
        happens=[
            gettext(
                "「%(filter)s」中没有任何问题或提示、尚未审核的 %(count)s 人，审核结论记为“%(decision)s”。"
            )
            % {"filter": query.title, "count": f"{count:,}", "decision": label},
            gettext("有格式问题、资格提示或交叉核查提示的人员不在其中，请逐人审核。"),
        ],
        figures=[(gettext("认定人数"), gettext("%(count)s 人") % {"count": f"{count:,}"})],
        refused=[problem_text(p) for p in flow.blockers(Action.DECIDE_ROWS, facts, Actor.REVIEWER, today())]
        + ([gettext("当前筛选下没有可批量认定的人员。")] if count == 0 else []),
        form=form,
    )
    return render_confirmation(request, page)
