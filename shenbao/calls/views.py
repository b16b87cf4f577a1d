"""Call pages: the public announcement and 公示, and the city admin's call list and form."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext

from shenbao.accounts.access import city_admin_required, current_user
from shenbao.calls import selectors, services
from shenbao.calls.forms import CallForm
from shenbao.calls.models import Call
from shenbao.domain.problem_text import language_of, sentences
from shenbao.domain.workflow import TransitionNotAllowed


def public(request: HttpRequest) -> HttpResponse:
    call = selectors.announced_call(timezone.localdate())
    return render(
        request,
        "calls/public.html",
        {"call": call, "is_open": call is not None and call.is_open(timezone.localdate())},
    )


def publicity(request: HttpRequest, year: int) -> HttpResponse:
    call = selectors.published_call(year)
    lines = selectors.public_notice(call)
    total = sum((line.amount for line in lines), Decimal("0"))
    persons = sum(line.persons for line in lines)
    return render(
        request,
        "calls/publicity.html",
        {"call": call, "lines": lines, "total": total, "persons": persons},
    )


@city_admin_required
def call_list(request: HttpRequest) -> HttpResponse:
    return render(request, "calls/call_list.html", {"calls": Call.objects.all()})


@city_admin_required
def call_create(request: HttpRequest) -> HttpResponse:
    return _call_form(request, None)


@city_admin_required
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_form(request, get_object_or_404(Call, pk=pk))


def _call_form(request: HttpRequest, call: Call | None) -> HttpResponse:
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in CallForm.Meta.fields}
        try:
            saved = services.save_call(by=current_user(request), call=call, **data)
        except TransitionNotAllowed as refusal:
            form.add_error(None, sentences(refusal.problems, language_of(get_language())) or refusal.message)
        else:
            messages.success(request, gettext("已保存：%(call)s申报批次") % {"call": saved})
            return redirect("calls:list")
    return render(request, "calls/call_form.html", {"form": form, "call": call})
