"""Shared test data for the workbooks: an assessment with two areas and its people, and helpers
to open, change and save real workbooks with openpyxl."""

from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.test import Client
from openpyxl import Workbook, load_workbook

from assessments.enums import Role
from assessments.models import Assessment
from tests.factories import MembershipFactory, UserFactory, assessment_with_areas
from workbooks.layout import COL_CODE, COL_COMMENT, COL_SLOT, COL_STATUS


@dataclass
class People:
    assessment: Assessment
    lead: Any
    contributor: Any
    outsider: Any


def people() -> People:
    assessment = assessment_with_areas(["radiology", "cardiology"], title="DIAM 2026")
    organization = assessment.organization
    return People(
        assessment=assessment,
        lead=MembershipFactory(organization=organization, role=Role.LEAD).user,
        contributor=MembershipFactory(organization=organization, role=Role.CONTRIBUTOR).user,
        outsider=MembershipFactory().user,
    )


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def anonymous() -> Client:
    return Client()


def assessor() -> Any:
    from django.contrib.auth.models import Group

    from assessments.access import ASSESSORS_GROUP

    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=ASSESSORS_GROUP)[0])
    return user


def open_book(data: bytes, **kwargs: Any) -> Workbook:
    return load_workbook(BytesIO(data), **kwargs)


def save_book(book: Workbook) -> bytes:
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def find_row(book: Workbook, sheet: str, key: str) -> int:
    """The row number of an answer slot ("1.1|radiology", "2.2") on a sheet."""
    for number in range(2, book[sheet].max_row + 1):
        if book[sheet].cell(row=number, column=COL_SLOT).value == key:
            return number
    raise KeyError(key)


def fill(book: Workbook, sheet: str, key: str, status: str | None, comment: str | None) -> int:
    number = find_row(book, sheet, key)
    book[sheet].cell(row=number, column=COL_STATUS).value = status
    book[sheet].cell(row=number, column=COL_COMMENT).value = comment
    return number


def set_code(book: Workbook, sheet: str, key: str, code: str) -> int:
    number = find_row(book, sheet, key)
    book[sheet].cell(row=number, column=COL_CODE).value = code
    return number
