"""What the API reads and writes. Read serializers describe model rows and the domain's own
results (the engine's score, the benchmarks); write serializers validate a request body the way
the web forms validate a post."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.former_member import person_name
from assessments.answers import allowed_statuses
from assessments.enums import AnswerStatus, AssessmentStatus, OrganizationKind, Role
from assessments.exchange import FORMAT, KINDS, STATUSES
from assessments.models import Answer, Assessment, AssessmentArea, Organization
from assessments.survey_forms import MAX_COMMENT
from benchmarks.enums import PeerGroup
from criteria.enums import RuleKind, Scope
from criteria.models import CatalogVersion, Criterion, Group, ServiceArea, Stage


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, for a person to read."))


# --- The catalog -----------------------------------------------------------------------------


class CatalogVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CatalogVersion
        fields = ["slug", "name", "description"]


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["number", "title", "description"]


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["code", "name", "description"]


class ServiceAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceArea
        fields = ["code", "name", "description"]


class CriterionSerializer(serializers.ModelSerializer):
    stage = serializers.IntegerField(
        source="stage.number",
        allow_null=True,
        help_text=_("The stage (0–4) of the criterion; null for a criterion of a group."),
    )
    group = serializers.CharField(
        source="group.code",
        allow_null=True,
        help_text=_("The group (A, B, C) of the criterion; null for a criterion of a stage."),
    )
    scope = serializers.ChoiceField(choices=Scope.choices)
    rule_kind = serializers.ChoiceField(choices=RuleKind.choices)
    statuses = serializers.SerializerMethodField(
        help_text=_("The answer statuses allowed (“na” only for criteria answered per area).")
    )
    language = serializers.CharField(
        default="en",
        help_text=_(
            "The language of the title, text and guidance: the one asked for (Accept-Language), "
            "or English when the criterion has no translation in it."
        ),
    )

    class Meta:
        model = Criterion
        fields = [
            "code",
            "stage",
            "group",
            "title",
            "text",
            "guidance",
            "scope",
            "rule_kind",
            "rule_min_areas",
            "rule_volume_share_percent",
            "required",
            "statuses",
            "language",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(AnswerStatus.choices)))
    def get_statuses(self, criterion: Criterion) -> list[str]:
        return allowed_statuses(criterion) if criterion.is_answered else []


class CatalogSerializer(CatalogVersionSerializer):
    language = serializers.CharField(
        help_text=_("The language asked for (Accept-Language) among those the site offers.")
    )
    stages = StageSerializer(many=True)
    groups = GroupSerializer(many=True)
    criteria = CriterionSerializer(many=True)
    service_areas = ServiceAreaSerializer(many=True)

    class Meta(CatalogVersionSerializer.Meta):
        fields = [
            *CatalogVersionSerializer.Meta.fields,
            "language",
            "stages",
            "groups",
            "criteria",
            "service_areas",
        ]


# --- Organizations ---------------------------------------------------------------------------


class OrganizationSerializer(serializers.ModelSerializer):
    country = serializers.CharField(help_text=_("ISO 3166-1 alpha-2 code."))
    kind = serializers.ChoiceField(choices=OrganizationKind.choices)
    role = serializers.ChoiceField(
        choices=Role.choices,
        allow_null=True,
        read_only=True,
        help_text=_("Your role in the organization; null when you are not a member (admins)."),
    )

    class Meta:
        model = Organization
        fields = ["slug", "name", "country", "kind", "role"]


class OrganizationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["slug", "name"]


# --- Assessments -----------------------------------------------------------------------------


class AssessmentSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer()
    catalog = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = serializers.ChoiceField(choices=AssessmentStatus.choices)
    stage = serializers.SerializerMethodField(
        help_text=_(
            "The stage of record: the validated stage once validated, else the self-assessed "
            "stage recorded at submission; null for a draft never submitted."
        ),
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "title",
            "organization",
            "catalog",
            "status",
            "stage",
            "self_assessed_stage",
            "validated_stage",
            "created_at",
            "submitted_at",
            "validated_at",
            "expires_at",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_stage(self, assessment: Assessment) -> int | None:
        # A validated stage is set only when an assessment is validated (api.filters.with_stage).
        if assessment.validated_stage is not None:
            return assessment.validated_stage
        return assessment.self_assessed_stage


class AssessmentAreaSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="service_area.code")
    name = serializers.CharField(source="service_area.name")

    class Meta:
        model = AssessmentArea
        fields = ["code", "name", "annual_volume"]


class CriterionScoreSerializer(serializers.Serializer):
    met = serializers.BooleanField()
    required = serializers.BooleanField()
    answered = serializers.IntegerField()
    expected = serializers.IntegerField()
    status = serializers.ChoiceField(AnswerStatus.choices, allow_null=True, required=False)
    areas_met = serializers.IntegerField(required=False)
    areas_partial = serializers.IntegerField(required=False)
    areas_not_met = serializers.IntegerField(required=False)
    areas_na = serializers.IntegerField(required=False)
    areas_counted = serializers.IntegerField(required=False)
    met_areas = serializers.ListField(child=serializers.CharField(), required=False)
    volume_share = serializers.FloatField(required=False)


class NextStageSerializer(serializers.Serializer):
    stage = serializers.IntegerField()
    missing = serializers.ListField(
        child=serializers.CharField(), help_text=_("The criteria that block the next stage.")
    )


class CompletionSerializer(serializers.Serializer):
    answered = serializers.IntegerField()
    required = serializers.IntegerField()


class ScoreSerializer(serializers.Serializer):
    """The engine's score result (DIAM.md), computed from the current answers."""

    stage = serializers.IntegerField()
    stages = serializers.DictField(child=serializers.BooleanField())
    groups = serializers.DictField(child=serializers.BooleanField())
    criteria = serializers.DictField(child=CriterionScoreSerializer())
    next_stage = NextStageSerializer(allow_null=True)
    completion = CompletionSerializer()


class AssessmentPermissionsSerializer(serializers.Serializer):
    edit_answers = serializers.BooleanField(
        help_text=_("You may change answers now (after a review: the challenged ones only).")
    )
    submit = serializers.BooleanField(help_text=_("You may submit the assessment now."))


class AssessmentDetailSerializer(AssessmentSerializer):
    service_areas = AssessmentAreaSerializer(many=True, source="areas")
    score = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "service_areas", "score", "permissions"]

    @extend_schema_field(ScoreSerializer)
    def get_score(self, assessment: Assessment) -> dict[str, Any]:
        return dict(self.context["score"])

    @extend_schema_field(AssessmentPermissionsSerializer)
    def get_permissions(self, assessment: Assessment) -> dict[str, bool]:
        return dict(self.context["permissions"])


# --- Answers ---------------------------------------------------------------------------------


class AnswerSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.code")
    service_area = serializers.CharField(
        source="service_area.code",
        allow_null=True,
        help_text=_("The service area of an answer to an area criterion; null otherwise."),
    )
    status = serializers.ChoiceField(choices=AnswerStatus.choices)
    version = serializers.IntegerField(
        help_text=_("Send it back with a change: a change based on an older version is refused.")
    )
    updated_by = serializers.SerializerMethodField()

    class Meta:
        model = Answer
        fields = [
            "criterion",
            "service_area",
            "status",
            "comment",
            "version",
            "updated_at",
            "updated_by",
        ]

    @extend_schema_field(
        serializers.CharField(
            allow_null=True,
            help_text=_(
                "Who saved the answer last: full name, else username; “former member” when "
                "that account was deleted; null when nobody is recorded (an import)."
            ),
        )
    )
    def get_updated_by(self, answer: Answer) -> str | None:
        if answer.updated_by_id is not None:
            return person_name(answer.updated_by)
        if hasattr(answer, "recorded_updated_by_id"):  # annotated by the view's query
            return person_name(None, recorded_id=answer.recorded_updated_by_id)
        recorded = answer.history.values_list("updated_by_id", flat=True).first()  # type: ignore[attr-defined]
        return person_name(None, recorded_id=recorded)


class AnswerWriteSerializer(serializers.Serializer):
    """An answer's new status and comment, with the version they are based on (0: no answer
    yet). The statuses allowed depend on the criterion (`criterion` in the context)."""

    status = serializers.ChoiceField(
        choices=AnswerStatus.choices,
        error_messages={"invalid_choice": _("Unknown status “{input}”.")},
    )
    comment = serializers.CharField(
        max_length=MAX_COMMENT, allow_blank=True, default="", required=False
    )
    version = serializers.IntegerField(
        min_value=0,
        help_text=_(
            "The version of the answer this change is based on, as last read; 0 when there is "
            "no answer yet."
        ),
    )

    def validate_status(self, value: str) -> str:
        criterion: Criterion = self.context["criterion"]
        if value not in allowed_statuses(criterion):
            raise serializers.ValidationError(
                _(
                    "“%(status)s” is not allowed for criterion %(code)s: it is answered once for "
                    "the organization, never “not applicable”."
                )
                % {"status": value, "code": criterion.code}
            )
        return value

    def validate_comment(self, value: str) -> str:
        # As the web form stores it: line breaks as LF.
        return value.replace("\r\n", "\n").replace("\r", "\n")


class AnswerConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = AnswerSerializer(
        allow_null=True,
        help_text=_(
            "The answer as it now stands (null if it was never saved): decide, then "
            "send your change again with its version."
        ),
    )


# --- Submission ------------------------------------------------------------------------------


class SubmitSerializer(serializers.Serializer):
    expected_stage = serializers.IntegerField(
        min_value=0,
        max_value=7,
        required=False,
        help_text=_(
            "The stage you expect to submit: if the answers changed since you read it, the "
            "submission is refused and you check again."
        ),
    )


class MissingAnswerSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    service_area = serializers.CharField(allow_null=True)
    web_url = serializers.URLField(help_text=_("The question in the web survey."))


class SubmitErrorSerializer(ErrorSerializer):
    missing = MissingAnswerSerializer(
        many=True, help_text=_("The required answers still missing, in survey order.")
    )


# --- The exchange format (diam-assessment/1) -------------------------------------------------


class ExchangeOrganizationSerializer(serializers.Serializer):
    name = serializers.CharField()
    country = serializers.CharField(help_text=_("ISO 3166-1 alpha-2 code."))
    kind = serializers.ChoiceField(choices=[(k, k) for k in KINDS])


class ExchangeAreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    annual_volume = serializers.IntegerField(allow_null=True, min_value=0)


class ExchangeAnswerSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    service_area = serializers.CharField(
        required=False, help_text=_("Only for criteria answered per service area.")
    )
    status = serializers.ChoiceField(choices=[(s, s) for s in STATUSES])
    comment = serializers.CharField(required=False, allow_blank=True)


class ExchangeDocumentSerializer(serializers.Serializer):
    """The diam-assessment/1 document: for the schema only, the exchange module validates it."""

    format = serializers.ChoiceField(choices=[(FORMAT, FORMAT)])
    model = serializers.CharField(help_text=_("The catalog's slug, e.g. “diam”."))
    title = serializers.CharField(required=False)
    organization = ExchangeOrganizationSerializer()
    service_areas = ExchangeAreaSerializer(many=True)
    answers = ExchangeAnswerSerializer(many=True)


class ImportErrorSerializer(ErrorSerializer):
    errors = serializers.ListField(
        child=serializers.CharField(), help_text=_("One message per offending entry.")
    )


# --- Benchmarks ------------------------------------------------------------------------------


class BenchmarkQuerySerializer(serializers.Serializer):
    peers = serializers.ChoiceField(choices=PeerGroup.choices, default=PeerGroup.ALL)
    self_assessed = serializers.BooleanField(
        default=False,
        help_text=_(
            "Also count the submitted self-assessments of organizations without a validation."
        ),
    )


class OwnResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    stage = serializers.IntegerField()
    recorded_at = serializers.DateTimeField()
    annual_volume = serializers.IntegerField()


class StageCountSerializer(serializers.Serializer):
    stage = serializers.IntegerField()
    count = serializers.IntegerField()
    percent = serializers.IntegerField()
    is_own = serializers.BooleanField()


class ShareSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    peers_met = serializers.IntegerField(allow_null=True)
    peers_counted = serializers.IntegerField(allow_null=True)
    percent = serializers.IntegerField(
        allow_null=True, help_text=_("Null when too few peers are counted to show a figure.")
    )
    own_met = serializers.BooleanField(allow_null=True)


class AreaBenchmarkSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    enough = serializers.BooleanField()
    peers = serializers.IntegerField(allow_null=True)
    rows = ShareSerializer(many=True)


class BenchmarkSerializer(serializers.Serializer):
    organization = serializers.CharField()
    peer_group = serializers.ChoiceField(choices=PeerGroup.choices)
    include_self_assessed = serializers.BooleanField()
    min_peers = serializers.IntegerField()
    enough = serializers.BooleanField(
        help_text=_("Whether the peer group is large enough to show figures.")
    )
    unavailable = serializers.CharField(
        allow_blank=True,
        help_text=_("Why the peer group cannot be formed (“region”, “size”), or empty."),
    )
    peers = serializers.IntegerField(allow_null=True)
    validated = serializers.IntegerField(allow_null=True)
    self_assessed = serializers.IntegerField(allow_null=True)
    own = OwnResultSerializer(allow_null=True)
    stages = StageCountSerializer(many=True)
    groups = ShareSerializer(many=True)
    criteria = ShareSerializer(many=True)
    areas = AreaBenchmarkSerializer(many=True)
