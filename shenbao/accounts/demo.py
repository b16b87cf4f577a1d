"""Demo accounts and organisations for `make run` on an empty database."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from stdnum.cn import uscc

from shenbao.accounts.models import Role, User
from shenbao.directory.models import Authority
from shenbao.domain.identity import org_check_char
from shenbao.organisations.models import Organisation, OrganisationKind, OrganisationStatus

DEMO_PASSWORD = "shenbao-demo-2026"
# (username, kind, name, authority number, 8-character organisation-code stem)
DEMO_ORGANISATIONS = [
    ("enterprise1", OrganisationKind.ENTERPRISE, "上海浦江数据服务有限公司", 5, "MA1FL2K7"),
    ("enterprise2", OrganisationKind.ENTERPRISE, "上海徐汇软件外包有限公司", 17, "MA1G3H8P"),
    ("enterprise3", OrganisationKind.ENTERPRISE, "上海青浦信息技术服务有限公司", 1, "MA1H7K2Q"),
    ("institution1", OrganisationKind.INSTITUTION, "上海闵行职业技能培训学校", 11, "52310112"),
    ("enterprise4", OrganisationKind.ENTERPRISE, "上海长宁数字科技有限公司", 2, "MA1J5N3R"),
    ("institution2", OrganisationKind.INSTITUTION, "上海嘉定信息技术培训中心", 3, "52310114"),
]


def demo_credit_code(stem: str) -> str:
    """A credit code with valid GB 11714 and GB 32100 check characters (91 = enterprise, 310115 = 浦东)."""
    first17 = "91310000" + stem + org_check_char(stem)
    return first17 + uscc.calc_check_digit(first17)


@transaction.atomic
def create_demo_data() -> bool:
    if User.objects.exists():
        return False
    User.objects.create_user(
        username="admin",
        password=DEMO_PASSWORD,
        role=Role.CITY_ADMIN,
        full_name="市商务委管理员",
        is_staff=True,
        is_superuser=True,
        otp_exempt=True,
    )
    User.objects.create_user(
        username="auditor",
        password=DEMO_PASSWORD,
        role=Role.SECURITY_AUDITOR,
        full_name="安全审计员",
        otp_exempt=True,
    )
    for authority in Authority.objects.order_by("number"):
        User.objects.create_user(
            username=f"reviewer{authority.number:02d}",
            password=DEMO_PASSWORD,
            role=Role.REVIEWER,
            authority=authority,
            full_name=f"{authority.name}审核员",
            otp_exempt=True,
        )
    for username, kind, name, number, stem in DEMO_ORGANISATIONS:
        code = demo_credit_code(stem)
        organisation = Organisation.objects.create(
            kind=kind,
            name=name,
            code=code,
            org_code=code[8:17],
            authority=Authority.objects.get(number=number),
            contact_name="张经理",
            contact_phone="021-55550000",
            contact_email=f"{username}@example.com",
            status=OrganisationStatus.CONFIRMED,
            confirmed_at=timezone.now(),
        )
        User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            role=Role.APPLICANT,
            organisation=organisation,
            full_name="张经理",
            email=f"{username}@example.com",
            otp_exempt=True,
        )
    from shenbao.demo_flow import create_demo_flow

    create_demo_flow()
    return True
