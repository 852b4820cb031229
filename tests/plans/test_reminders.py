"""manage.py send_due_reminders also reminds plan item owners: one reminder per item and due
date, in the due window, for items not done."""

from datetime import date
from io import StringIO

from django.core import mail
from django.core.management import call_command
from freezegun import freeze_time

from criteria.models import Criterion, ServiceArea
from plans.enums import PlanItemStatus
from plans.models import ImprovementPlan, PlanItem, PlanItemReminder
from tests.plans.conftest import Team


def run(*args: str) -> str:
    out = StringIO()
    with freeze_time("2026-06-01 08:00:00"):
        call_command("send_due_reminders", *args, stdout=out)
    return out.getvalue()


def item(
    team: Team, code: str, due: date | None, area: str | None = None, **extra: object
) -> PlanItem:
    plan, _created = ImprovementPlan.objects.get_or_create(
        organization=team.assessment.organization,
        defaults={"target_stage": 6, "target_date": date(2027, 3, 31), "groups": "AB"},
    )
    return PlanItem.objects.create(
        plan=plan,
        criterion=Criterion.objects.get(catalog=team.assessment.catalog, code=code),
        service_area=ServiceArea.objects.get(code=area) if area else None,
        owner=extra.pop("owner", team.contributor),
        due_date=due,
        **extra,
    )


def test_plan_item_reminder_e_mail(team: Team) -> None:
    item(team, "B.4", date(2026, 6, 3), area="cardiology", note="Link to the guideline portal")

    assert run() == "1 reminder(s) sent.\n"

    [message] = mail.outbox
    assert (message.to, message.subject) == (
        ["carl@example.org"],
        "Due on June 3, 2026: B.4 in Cardiology of the improvement plan",
    )
    assert message.body == (
        "Hello Carl Contributor,\n\n"
        "An item of the improvement plan of St. Example (target: stage 6) is yours, due on "
        "June 3, 2026:\n"
        "B.4 Imaging data correlated with evidence-based sources (Cardiology)\n"
        "Status: Open\n"
        "Note: Link to the guideline portal\n\n"
        "See the plan here:\n"
        "https://diam.example.org/organizations/st-example/plan/"
    )


def test_plan_item_reminders_only_in_the_window_and_not_done(team: Team) -> None:
    item(team, "A.4", date(2026, 5, 31))  # overdue: the lead follows up
    item(team, "B.5", date(2026, 6, 1))
    item(team, "C.1", date(2026, 6, 4))
    item(team, "C.2", date(2026, 6, 5))  # beyond three days
    item(team, "C.3", date(2026, 6, 2), status=PlanItemStatus.DONE)
    item(team, "C.4", None)
    item(team, "A.2", date(2026, 6, 2), owner=None)

    assert run() == "2 reminder(s) sent.\n"
    assert sorted(PlanItemReminder.objects.values_list("item__criterion__code", "due_date")) == [
        ("B.5", date(2026, 6, 1)),
        ("C.1", date(2026, 6, 4)),
    ]


def test_plan_item_reminders_once_per_due_date(team: Team) -> None:
    due = item(team, "B.5", date(2026, 6, 2))

    first, second = run(), run()
    PlanItem.objects.filter(pk=due.pk).update(due_date=date(2026, 6, 3))
    third = run()

    assert (first, second, third) == (
        "1 reminder(s) sent.\n",
        "0 reminder(s) sent.\n",
        "1 reminder(s) sent.\n",
    )
    assert len(mail.outbox) == 2


def test_plan_item_reminders_skip_owners_who_left_the_organization(team: Team) -> None:
    item(team, "B.5", date(2026, 6, 2))
    team.contributor.memberships.all().delete()

    assert run() == "0 reminder(s) sent.\n"
    assert mail.outbox == []
