"""Two-factor helpers for tests: a confirmed device and the code it shows now, computed from
the device's key as an authenticator app would (RFC 6238)."""

from django.contrib.auth.models import AbstractBaseUser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.twofactor.services import recovery_codes_create


def totp_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def twofactor_enable(user: AbstractBaseUser) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)
    return device, recovery_codes_create(user=user)
