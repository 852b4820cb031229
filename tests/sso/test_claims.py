"""The claims' rules, without a database."""

import pytest

from sso.claims import email_verified, verified_email
from sso.config import email_domains_parse
from sso.refusals import Refusal, SsoRefused


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        ("true", True),
        ("True", True),
        (False, False),
        ("false", False),
        (None, False),
        (1, False),
        ("yes", False),
    ],
)
def test_email_verified_only_true(value: object, expected: bool) -> None:
    assert email_verified(value) is expected


def test_verified_email_returns_address() -> None:
    claims = {"email": " Alice@Hospital.example ", "email_verified": True}

    assert verified_email(claims, domains={}) == "Alice@Hospital.example"


@pytest.mark.parametrize(
    ("claims", "refusal"),
    [
        ({"email_verified": True}, Refusal.EMAIL_MISSING),
        ({"email": "not-an-address", "email_verified": True}, Refusal.EMAIL_MISSING),
        ({"email": "alice@hospital.example"}, Refusal.EMAIL_UNVERIFIED),
        ({"email": "alice@hospital.example", "email_verified": False}, Refusal.EMAIL_UNVERIFIED),
        ({"email": "olga@elsewhere.example", "email_verified": True}, Refusal.DOMAIN_NOT_ALLOWED),
    ],
    ids=["missing", "no-at", "no-claim", "false", "other-domain"],
)
def test_verified_email_refused(claims: dict[str, object], refusal: Refusal) -> None:
    with pytest.raises(SsoRefused) as refused:
        verified_email(claims, domains={"hospital.example": None})

    assert refused.value.refusal == refusal


def test_verified_email_domain_any_case() -> None:
    claims = {"email": "alice@HOSPITAL.example", "email_verified": True}

    assert verified_email(claims, domains={"hospital.example": None}) == "alice@HOSPITAL.example"


def test_email_domains_parse_with_and_without_organization() -> None:
    parsed = email_domains_parse(["Hospital.example=st-mary", "@lab.example", " ", "x.example="])

    assert parsed == {"hospital.example": "st-mary", "lab.example": None, "x.example": None}
