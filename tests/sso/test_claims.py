"""The claims' rules, without a database."""

import pytest

from sso.claims import email_verified, id_token_problem, verified_email
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


TOKEN = {"iss": "https://id.example", "aud": "diam", "exp": 1_900_000_000, "sub": "1"}


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({}, ""),
        ({"aud": ["diam"]}, ""),
        ({"aud": ["diam", "other"], "azp": "diam"}, ""),
        (
            {"iss": "https://id.example/"},
            "the issuer is 'https://id.example/', expected 'https://id.example'",
        ),
        ({"iss": None}, "the issuer is None, expected 'https://id.example'"),
        ({"aud": "other"}, "the audience 'other' does not include 'diam'"),
        ({"aud": None}, "the audience None does not include 'diam'"),
        ({"aud": ["diam", "other"]}, "the authorized party is None, expected 'diam'"),
        ({"azp": "other"}, "the authorized party is 'other', expected 'diam'"),
        ({"exp": None}, "the token has no expiry"),
    ],
)
def test_id_token_problem(changes: dict[str, object], problem: str) -> None:
    payload = {key: value for key, value in {**TOKEN, **changes}.items() if value is not None}

    assert id_token_problem(payload, issuer="https://id.example", client_id="diam") == problem


def test_id_token_problem_without_expected_issuer() -> None:
    assert id_token_problem(TOKEN, issuer="", client_id="diam") == (
        "no issuer is expected (OIDC_OP_ISSUER is empty)"
    )
