"""An answer slot's inputs as the section page writes them (no database: plain values in)."""

from assessments.survey_forms import SlotForm, slot_inputs
from criteria.enums import Scope
from criteria.models import Criterion, ServiceArea

AREA_CRITERION = Criterion(code="1.1", scope=Scope.AREA)
ONCE_CRITERION = Criterion(code="2.2", scope=Scope.ENTERPRISE)
RADIOLOGY = ServiceArea(code="radiology", name="Radiology")

GROUP_LEGEND = (
    '<legend class="form-label fs-6"><span class="visually-hidden">Answer to 1.1 for Radiology'
    '</span><span aria-hidden="true">Radiology</span></legend>'
)


def test_slot_inputs_of_an_area_name_the_criterion_and_the_area_in_the_legend() -> None:
    inputs = slot_inputs(
        key="s-1_1-radiology", criterion=AREA_CRITERION, area=RADIOLOGY, answer=None
    )

    assert inputs.group_name == "Answer to 1.1 for Radiology"
    assert GROUP_LEGEND in inputs.html(key="s-1_1-radiology")


def test_slot_inputs_answered_once_keep_the_legend_that_names_the_criterion() -> None:
    inputs = slot_inputs(key="s-2_2", criterion=ONCE_CRITERION, area=None, answer=None)

    assert inputs.group_name == ""
    assert '<legend class="form-label fs-6">Answer to 2.2</legend>' in inputs.html(key="s-2_2")


def test_slot_form_inputs_have_the_same_legend_as_the_page() -> None:
    form = SlotForm(
        {}, prefix="s-1_1-radiology", criterion=AREA_CRITERION, area=RADIOLOGY, answer=None
    )

    assert GROUP_LEGEND in form.inputs().html(key="s-1_1-radiology")


def test_last_changed_names_a_deleted_user_former_member() -> None:
    from datetime import UTC, datetime

    from django.contrib.auth.models import User
    from django.utils import translation

    from accounts.former_member import FORMER_MEMBER_USERNAME
    from assessments.models import Answer
    from assessments.survey_forms import Slot

    when = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)
    people = [
        User(username="jdoe", first_name="Jane", last_name="Doe"),
        User(username="jdoe"),
        User(username=FORMER_MEMBER_USERNAME, first_name="Jane", last_name="Doe"),
        None,
    ]
    with translation.override("en"):
        lines = [
            str(
                Slot(
                    key="s-2_2",
                    criterion=ONCE_CRITERION,
                    area=None,
                    answer=Answer(status="met", updated_by=user, updated_at=when),
                ).last_changed
            )
            for user in people
        ]

    assert [line.split(",")[0] for line in lines] == [
        "Last changed by Jane Doe",
        "Last changed by jdoe",
        "Last changed by former member",
        "Last changed by —",
    ]
