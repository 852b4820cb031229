from datetime import date

import factory

from assignments.models import SectionAssignment
from tests.factories import AssessmentFactory, UserFactory


class SectionAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionAssignment

    assessment = factory.SubFactory(AssessmentFactory)
    section = "stage-2"
    assignee = factory.SubFactory(UserFactory)
    due_date = date(2026, 6, 30)
    assigned_by = None
