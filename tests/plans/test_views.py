"""The improvement plan page: who sees and edits it, the target, the ways, the items, the badge
beside the answers and the export."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time
from pytest_django import DjangoAssertNumQueries

from plans.enums import PlanItemStatus
from plans.models import ImprovementPlan, PlanItem
from reports.exports.tabular import DATE_FORMAT
from tests.plans.conftest import Team, answer

URL = "/organizations/st-example/plan/"
TODAY = "2026-06-01 08:00:00"


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def post(client: Client, data: dict[str, str]) -> tuple[int, str]:
    with freeze_time(TODAY):
        response = client.post(URL, data, follow=True)
    return response.status_code, response.content.decode()


def set_target(team: Team, stage: str = "6", when: str = "2027-03-31") -> None:
    status, _html = post(
        client_for(team.lead), {"action": "target", "target_stage": stage, "target_date": when}
    )
    assert status == 200


def items() -> list[tuple[str, str | None]]:
    return [
        (item.criterion.code, item.service_area.code if item.service_area else None)
        for item in PlanItem.objects.order_by("order")
    ]


def test_plan_url() -> None:
    assert reverse("organization_plan", args=["st-example"]) == URL


@pytest.mark.parametrize("who", ["lead", "contributor", "assessor", "admin"])
def test_plan_page_readers_see_it(team: Team, who: str) -> None:
    response = client_for(getattr(team, who)).get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Starting point: the latest assessment, “Survey 2026”, at stage 4" in html
    assert ('name="target_stage"' in html) == (who == "lead")


def test_plan_page_outsider_gets_404(team: Team) -> None:
    assert client_for(team.outsider).get(URL).status_code == 404


def test_plan_page_anonymous_is_sent_to_log_in(team: Team) -> None:
    response = Client().get(URL)

    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next={URL}",
    )


@pytest.mark.parametrize("who", ["contributor", "assessor", "admin"])
def test_plan_page_only_leads_edit(team: Team, who: str) -> None:
    response = client_for(getattr(team, who)).post(
        URL, {"action": "target", "target_stage": "6", "target_date": "2027-03-31"}
    )

    assert response.status_code == 403
    assert ImprovementPlan.objects.count() == 0


def test_plan_target_set_shows_the_ways_fewest_missing_first(team: Team) -> None:
    status, html = post(
        client_for(team.lead),
        {"action": "target", "target_stage": "6", "target_date": "2027-03-31"},
    )

    plan = ImprovementPlan.objects.get()
    assert (status, plan.target_stage, plan.target_date, plan.baseline) == (
        200,
        6,
        date(2027, 3, 31),
        team.assessment,
    )
    assert "The target is stage 6 by March 31, 2027." in html
    assert "3 ways to stage 6, the fewest criteria missing first" in html
    assert html.index('value="AB"') < html.index('value="AC"') < html.index('value="BC"')
    assert "(areas not meeting it: Cardiology)" in html


@pytest.mark.parametrize(
    ("stage", "when", "message"),
    [
        (
            "4",
            "2027-03-31",
            "The latest assessment already reaches stage 4: choose a higher target.",
        ),
        ("8", "2027-03-31", "Choose a target stage from 1 to 7."),
        ("", "2027-03-31", "Choose a target stage from 1 to 7."),
        ("6", "2026-05-31", "Choose a target date from today on."),
        ("6", "soon", "Enter the date as a date, like 2026-06-30."),
    ],
)
def test_plan_target_bad_input_is_refused(team: Team, stage: str, when: str, message: str) -> None:
    with freeze_time(TODAY):
        response = client_for(team.lead).post(
            URL, {"action": "target", "target_stage": stage, "target_date": when}
        )

    assert response.status_code == 422
    assert message in response.content.decode()
    assert ImprovementPlan.objects.count() == 0


def test_plan_path_choose_makes_items(team: Team) -> None:
    set_target(team)

    status, html = post(client_for(team.lead), {"action": "path", "path": "AB"})

    assert status == 200
    assert "The plan has 3 items: give each an owner and a due date." in html
    assert items() == [("A.4", None), ("B.4", "cardiology"), ("B.5", None)]
    assert ImprovementPlan.objects.get().groups == "AB"


def test_plan_path_choose_unknown_way_is_refused(team: Team) -> None:
    set_target(team)

    status, html = post(client_for(team.lead), {"action": "path", "path": "XY"})

    assert status == 422
    assert "Choose one of the ways shown." in html
    assert items() == []


def test_plan_path_choose_another_way_keeps_shared_items(team: Team) -> None:
    set_target(team)
    post(client_for(team.lead), {"action": "path", "path": "AB"})
    PlanItem.objects.filter(criterion__code="A.4").update(note="Portal upload in Q3")

    post(client_for(team.lead), {"action": "path", "path": "AC"})

    assert items() == [("A.4", None), ("C.1", None), ("C.2", None), ("C.3", None), ("C.4", None)]
    assert PlanItem.objects.get(criterion__code="A.4").note == "Portal upload in Q3"


def _item_data(item: PlanItem, **values: str) -> dict[str, str]:
    data = {"action": "item", "item": str(item.pk)}
    fields = {"owner": "", "due_date": "", "status": "open", "note": ""} | values
    data.update({f"item-{item.pk}-{name}": value for name, value in fields.items()})
    return data


def test_plan_item_update_saves_owner_date_status_and_note(team: Team) -> None:
    set_target(team)
    post(client_for(team.lead), {"action": "path", "path": "AB"})
    item = PlanItem.objects.get(criterion__code="B.5")

    status, html = post(
        client_for(team.lead),
        _item_data(
            item,
            owner=str(team.contributor.pk),
            due_date="2026-09-30",
            status="in_progress",
            note="Join the national registry",
        ),
    )

    item.refresh_from_db()
    assert (status, item.owner, item.due_date, item.status, item.note) == (
        200,
        team.contributor,
        date(2026, 9, 30),
        PlanItemStatus.IN_PROGRESS,
        "Join the national registry",
    )
    assert "B.5 is saved." in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("owner", "outsider", "Choose an active member of the organization."),
        ("due_date", "2026-05-01", "Choose a due date from today on."),
        ("due_date", "31/12", "Enter the date as a date, like 2026-06-30."),
        ("status", "finished", "Choose open, in progress or done."),
        ("note", "x" * 2001, "Keep the note under 2000 characters."),
    ],
)
def test_plan_item_bad_input_is_refused(team: Team, field: str, value: str, message: str) -> None:
    set_target(team)
    post(client_for(team.lead), {"action": "path", "path": "AB"})
    item = PlanItem.objects.get(criterion__code="B.5")
    if value == "outsider":
        value = str(team.outsider.pk)

    with freeze_time(TODAY):
        response = client_for(team.lead).post(URL, _item_data(item, **{field: value}))

    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert "B.5 was not saved: please correct the errors below." in html
    item.refresh_from_db()
    assert (item.owner, item.due_date, item.status, item.note) == (None, None, "open", "")


def test_plan_item_of_another_organization_is_404(team: Team) -> None:
    set_target(team)
    post(client_for(team.lead), {"action": "path", "path": "AB"})

    response = client_for(team.lead).post(URL, {"action": "done", "item": "9999"})

    assert response.status_code == 404


def test_section_page_shows_the_badge_and_mark_done_when_met(team: Team) -> None:
    set_target(team)
    post(client_for(team.lead), {"action": "path", "path": "AB"})
    item = PlanItem.objects.get(criterion__code="A.4")
    PlanItem.objects.filter(pk=item.pk).update(owner=team.contributor, due_date=date(2026, 9, 30))
    section = reverse("assessment_section", args=[team.assessment.pk, "group-a"])

    before = client_for(team.lead).get(section).content.decode()
    answer(team.assessment, "A.4", "met")
    after = client_for(team.lead).get(section).content.decode()
    as_contributor = client_for(team.contributor).get(section).content.decode()

    assert "In the plan</span>" in before
    assert "Carl Contributor, due on Sept. 30, 2026" in before
    assert ("Mark done" in before, "Mark done" in after, "Mark done" in as_contributor) == (
        False,
        True,
        False,
    )


def test_mark_done_from_the_section_page_goes_back_there(team: Team) -> None:
    set_target(team)
    post(client_for(team.lead), {"action": "path", "path": "AB"})
    item = PlanItem.objects.get(criterion__code="A.4")
    section = reverse("assessment_section", args=[team.assessment.pk, "group-a"])

    response = client_for(team.lead).post(
        URL, {"action": "done", "item": str(item.pk), "next": f"{section}#s-A_4"}
    )

    item.refresh_from_db()
    assert (response.status_code, response["Location"], item.status) == (
        302,
        f"{section}#s-A_4",
        PlanItemStatus.DONE,
    )


def test_mark_done_ignores_a_next_to_another_site(team: Team) -> None:
    set_target(team)
    post(client_for(team.lead), {"action": "path", "path": "AB"})
    item = PlanItem.objects.get(criterion__code="A.4")

    response = client_for(team.lead).post(
        URL, {"action": "done", "item": str(item.pk), "next": "//evil.example/"}
    )

    assert response["Location"] == URL


def test_plan_page_offers_mark_done_for_items_met_in_the_latest_assessment(team: Team) -> None:
    set_target(team)
    post(client_for(team.lead), {"action": "path", "path": "AB"})
    answer(team.assessment, "B.5", "met")

    html = client_for(team.lead).get(URL).content.decode()

    assert html.count('data-testid="plan-item-met"') == 1
    assert "Its answer is met in the latest assessment." in html


def test_plan_export_csv(team: Team) -> None:
    set_target(team)
    post(client_for(team.lead), {"action": "path", "path": "AB"})
    PlanItem.objects.filter(criterion__code="B.5").update(
        owner=team.contributor, due_date=date(2026, 9, 30), note="=registry"
    )

    response = client_for(team.contributor).get(URL + "export.csv")

    assert response["Content-Disposition"] == 'attachment; filename="st-example-plan.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.decode("utf-8-sig").splitlines() == [
        "organization,target_stage,target_date,groups,criterion,criterion_title,service_area,"
        "owner,due_date,status,note,met_in_latest_assessment",
        'st-example,6,2027-03-31,AB,A.4,"Patients upload, download and share images",,,,open,,no',
        "st-example,6,2027-03-31,AB,B.4,Imaging data correlated with evidence-based sources,"
        "cardiology,,,open,,no",
        "st-example,6,2027-03-31,AB,B.5,Participation in imaging patient-safety registries,,"
        "carl,2026-09-30,open,'=registry,no",
    ]


def test_plan_export_xlsx_dates_are_date_cells_stage_a_number(team: Team) -> None:
    set_target(team)
    post(client_for(team.lead), {"action": "path", "path": "AB"})
    PlanItem.objects.filter(criterion__code="B.5").update(due_date=date(2026, 9, 30))

    response = client_for(team.contributor).get(URL + "export.xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    b5 = next(row for row in sheet.iter_rows(min_row=2) if row[4].value == "B.5")
    stage, target, due = b5[1], b5[2], b5[8]
    assert (stage.value, stage.data_type) == (6, "n")
    assert [(c.value, c.is_date, c.number_format) for c in (target, due)] == [
        (datetime(2027, 3, 31), True, DATE_FORMAT),
        (datetime(2026, 9, 30), True, DATE_FORMAT),
    ]


def test_plan_export_outsider_gets_404(team: Team) -> None:
    set_target(team)

    assert client_for(team.outsider).get(URL + "export.xlsx").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_plan_page_queries_do_not_grow_with_items(
    team: Team, count: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    set_target(team)
    post(client_for(team.lead), {"action": "path", "path": "AB"})
    PlanItem.objects.filter(order__gte=count).delete()
    client = client_for(team.lead)
    client.get(URL)

    with django_assert_num_queries(12):
        html = client.get(URL).content.decode()

    assert html.count('data-testid="plan-item"') == count
