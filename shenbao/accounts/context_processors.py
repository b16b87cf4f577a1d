"""The navigation: each role sees only the pages it may use."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from shenbao.accounts.models import Role

PUBLIC = [("directory:public_home", "首页"), ("directory:authority_list", "主管部门名录")]
BY_ROLE = {
    Role.APPLICANT: [("accounts:home", "我的工作台"), ("accounts:colleagues", "本单位账号")],
    Role.REVIEWER: [("accounts:home", "我的工作台"), ("organisations:pending", "待确认单位")],
    Role.CITY_ADMIN: [
        ("accounts:home", "我的工作台"),
        ("accounts:staff", "审核人员账号"),
        ("directory:authority_list", "主管部门名录"),
        ("admin:index", "系统管理"),
    ],
}


def navigation(request: HttpRequest) -> dict[str, object]:
    user = request.user
    role = getattr(user, "role", None) if user.is_authenticated else None
    items = BY_ROLE.get(Role(role), []) if role else PUBLIC
    current = request.path
    links = []
    for name, label in items:
        url = reverse(name)
        links.append({"url": url, "label": label, "active": current == url})
    return {"nav_links": links}
