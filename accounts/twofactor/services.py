"""Two-factor log-in: a TOTP device (an authenticator app) and ten recovery codes per user.

Built on django-otp: a confirmed `TOTPDevice` means two-factor log-in is on; the recovery codes
are the tokens of one `StaticDevice`, each deleted when used. Writes and reads here, named
`<entity>_<action>`; views only call them.
"""

import secrets
from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.access import is_assessor

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
RECOVERY_CODE_LENGTH = 10
RECOVERY_DEVICE_NAME = "recovery codes"
TOTP_DEVICE_NAME = "authenticator app"


def twofactor_required(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Must this user log in with a second factor? Assessors and admins, when the setting
    DIAM_2FA_REQUIRED_FOR_PRIVILEGED is on."""
    if not settings.DIAM_2FA_REQUIRED_FOR_PRIVILEGED or not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser) or is_assessor(user)


def totp_device_confirmed(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def twofactor_enabled(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_device_pending(*, user: AbstractBaseUser) -> TOTPDevice:
    """The device being set up: kept while the user has not confirmed it, so reloading the
    set-up page shows the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


def totp_secret_display(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing it into an app."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code (paths only: no script, no style attribute)."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2
    )
    return image.to_string(encoding="unicode")  # type: ignore[no-any-return]


def _code_normalize(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def recovery_code_display(token: str) -> str:
    half = len(token) // 2
    return f"{token[:half]}-{token[half:]}"


@transaction.atomic
def recovery_codes_create(*, user: AbstractBaseUser) -> list[str]:
    """Replace the user's recovery codes with ten new ones; returned once, for display."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    tokens = [
        "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
    return [recovery_code_display(t) for t in tokens]


class CodeThrottledError(Exception):
    """Too many wrong codes in a row: django-otp asks to wait before the next try."""


@dataclass(frozen=True)
class CodeCheck:
    device: Device | None  # the device the code belongs to; None: wrong code

    @property
    def used_recovery_code(self) -> bool:
        return isinstance(self.device, StaticDevice)


def _throttled(device: Device) -> bool:
    allowed, _details = device.verify_is_allowed()
    return not allowed


def twofactor_code_check(*, user: AbstractBaseUser, code: str) -> CodeCheck:
    """Check a code from the authenticator app (six digits) or a recovery code (used up).

    Raises CodeThrottledError while django-otp's throttle (after wrong codes) holds the device,
    without counting the try."""
    code = _code_normalize(code)
    if code.isdigit():
        device = totp_device_confirmed(user)
        if device is None:
            return CodeCheck(device=None)
        if _throttled(device):
            raise CodeThrottledError
        return CodeCheck(device=device if device.verify_token(code) else None)
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if recovery is None or not code:
        return CodeCheck(device=None)
    if _throttled(recovery):
        raise CodeThrottledError
    return CodeCheck(device=recovery if recovery.verify_token(code) else None)


def totp_device_confirm(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the device being set up with a code it shows; returns the new recovery codes,
    or None when the code is wrong. Replaces any earlier device of the user."""
    code = _code_normalize(code)
    if not code.isdigit():
        return None
    if _throttled(device):
        raise CodeThrottledError
    if not device.verify_token(code):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return recovery_codes_create(user=device.user)


@transaction.atomic
def twofactor_disable(*, user: AbstractBaseUser) -> None:
    """Remove the authenticator app and the recovery codes (callers check a current code)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def twofactor_throttled_message() -> str:
    return _("Too many wrong codes in a row: please wait a few seconds, then try again.")
