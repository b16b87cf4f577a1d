"""Second-factor use cases: enrol a TOTP device, issue recovery codes, check a code."""

from __future__ import annotations

from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from shenbao.accounts.models import User
from shenbao.audit.models import Action
from shenbao.audit.services import record

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "身份验证器"
RECOVERY_NAME = "恢复码"


def pending_totp(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up, made on first use (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def has_totp(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


@transaction.atomic
def confirm_totp(*, user: User, code: str) -> TOTPDevice | None:
    """Confirm the pending authenticator with its first code; on success the old ones go."""
    device = pending_totp(user)
    if not device.verify_token(code.strip()):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(actor=user, action=Action.OTP_ENROLLED, target=None)
    return device


@transaction.atomic
def issue_recovery_codes(*, user: User) -> list[str]:
    """Ten new one-time codes replacing any earlier ones; shown once, stored only by django-otp."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    record(actor=user, action=Action.RECOVERY_CODES_ISSUED, count=len(codes))
    return codes


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def verify_code(*, user: User, code: str) -> Device | None:
    """The confirmed device (authenticator, then recovery codes) that accepts this code, if any.

    Each device throttles its own failures (django-otp), and a used recovery code is gone.
    """
    token = "".join(code.split()).lower()
    devices: list[Device] = [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return device
    return None
