import django_filters
from django import forms
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from assessments.enums import AssessmentStatus
from assessments.models import Assessment


def with_stage(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """The stage of record as `stage`: validated once validated, else self-assessed (a
    validated stage is only ever set on a validated assessment)."""
    return assessments.annotate(stage=Coalesce("validated_stage", "self_assessed_stage"))


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class AssessmentFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(
        field_name="organization__slug", help_text=_("The organization's slug.")
    )
    status = django_filters.ChoiceFilter(choices=AssessmentStatus.choices)
    stage = IntegerFilter(
        field_name="stage",
        help_text=_("The stage of record: the validated stage, else the self-assessed one."),
    )

    class Meta:
        model = Assessment
        fields = ["organization", "status", "stage"]
