"""The navigation: each role sees only the pages it may use."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shenbao.accounts.models import Role

PUBLIC = [
    ("directory:public_home", _("首页")),
    ("calls:public", _("申报通知")),
    ("catalog:text", _("指导目录")),
    ("catalog:self_check", _("目录自测")),
    ("directory:authority_list", _("主管部门名录")),
]
# Business figures and the catalog decision concern enterprises only.
ENTERPRISE_ONLY = {"catalog:figures"}
BY_ROLE = {
    Role.APPLICANT: [
        ("accounts:home", _("我的工作台")),
        ("applications:list", _("我的申报")),
        ("catalog:figures", _("业务数据")),
        ("accounts:colleagues", _("本单位账号")),
    ],
    Role.REVIEWER: [
        ("accounts:home", _("我的工作台")),
        ("reviews:queue", _("申报审核")),
        ("reviews:summary", _("汇总表（附件2）")),
        ("organisations:pending", _("申报单位")),
        ("catalog:organisations", _("目录判定")),
    ],
    Role.CITY_ADMIN: [
        ("accounts:home", _("我的工作台")),
        ("reviews:city", _("全市汇总")),
        ("reviews:queue", _("全部申报")),
        ("crosschecks:conflicts", _("重复申报")),
        ("calls:list", _("申报批次")),
        ("accounts:staff", _("审核人员账号")),
        ("catalog:import", _("导入审定数据")),
        ("admin:index", _("系统管理")),
    ],
    Role.SECURITY_AUDITOR: [
        ("accounts:home", _("我的工作台")),
        ("audit:list", _("审计日志")),
    ],
}


def navigation(request: HttpRequest) -> dict[str, object]:
    # No user when a request fails before AuthenticationMiddleware: Django's 400 page (a bad Host).
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user is not None and user.is_authenticated else None
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
