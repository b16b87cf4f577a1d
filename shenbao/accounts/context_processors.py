"""The navigation: each role sees only the pages it may use."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from shenbao.accounts.models import Role

PUBLIC = [
    ("directory:public_home", "首页"),
    ("calls:public", "申报通知"),
    ("catalog:text", "指导目录"),
    ("catalog:self_check", "目录自测"),
    ("directory:authority_list", "主管部门名录"),
]
# Business figures and the catalog decision concern enterprises only.
ENTERPRISE_ONLY = {"catalog:figures"}
BY_ROLE = {
    Role.APPLICANT: [
        ("accounts:home", "我的工作台"),
        ("applications:list", "我的申报"),
        ("catalog:figures", "业务数据"),
        ("accounts:colleagues", "本单位账号"),
    ],
    Role.REVIEWER: [
        ("accounts:home", "我的工作台"),
        ("reviews:queue", "申报审核"),
        ("reviews:summary", "汇总表（附件2）"),
        ("organisations:pending", "申报单位"),
        ("catalog:organisations", "目录判定"),
    ],
    Role.CITY_ADMIN: [
        ("accounts:home", "我的工作台"),
        ("reviews:city", "全市汇总"),
        ("reviews:queue", "全部申报"),
        ("crosschecks:conflicts", "重复申报"),
        ("calls:list", "申报批次"),
        ("accounts:staff", "审核人员账号"),
        ("catalog:import", "导入审定数据"),
        ("audit:list", "操作日志"),
        ("admin:index", "系统管理"),
    ],
}


def navigation(request: HttpRequest) -> dict[str, object]:
    user = request.user
    role = getattr(user, "role", None) if user.is_authenticated else None
    items = BY_ROLE.get(Role(role), []) if role else PUBLIC
    organisation = getattr(user, "organisation", None)
    if organisation is not None and organisation.kind != "enterprise":
        items = [item for item in items if item[0] not in ENTERPRISE_ONLY]
    current = request.path
    links = []
    for name, label in items:
        url = reverse(name)
        links.append({"url": url, "label": label, "active": current == url})
    return {"nav_links": links}
