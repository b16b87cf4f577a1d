from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from shenbao.accounts.access import city_admin_required
from shenbao.directory.forms import AuthorityForm
from shenbao.directory.models import Authority
from shenbao.directory.services import directory_title
from shenbao.domain.phones import phone_links
from shenbao.exports import Table, table_xlsx, xlsx_response

HEADERS = ("序号", "部门名称", "处室名称", "联系人", "联系电话", "地址")


def public_home(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/public_home.html", {"authorities": _rows()})


def authority_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "directory/authority_list.html", {"title": directory_title(), "authorities": _rows()}
    )


def authority_export(request: HttpRequest) -> HttpResponse:
    rows = [
        (a.number, a.name, a.office, a.contact, a.phone, a.address)
        for a in Authority.objects.order_by("number")
    ]
    content = table_xlsx(
        Table(directory_title(), HEADERS, rows, sheet_name="附件1", widths=(6, 10, 16, 10, 18, 40))
    )
    return xlsx_response(content, "区（示范区）服务外包主管部门联络表.xlsx", request=request)


@city_admin_required
def authority_edit(request: HttpRequest, number: int) -> HttpResponse:
    authority = get_object_or_404(Authority, number=number)
    form = AuthorityForm(request.POST or None, instance=authority)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("已保存：%(name)s") % {"name": authority.name})
        return redirect("directory:authority_list")
    return render(request, "directory/authority_edit.html", {"form": form, "authority": authority})


def _rows() -> list[dict[str, object]]:
    return [{"authority": a, "phones": phone_links(a.phone)} for a in Authority.objects.order_by("number")]
