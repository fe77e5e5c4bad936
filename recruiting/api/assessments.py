"""Assessments: list, detail, record a result (vendor or HR), enter a written-test score.

The raw vendor payload (`raw`) is shown to HR admins only, and not even read
from the database for anyone else.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hrflow.accounts.scoping import get_scoped_or_404
from recruiting.api.errors import ErrorSerializer
from recruiting.api.fields import JSONObjectField
from recruiting.api.filters import AssessmentFilter
from recruiting.api.permissions import is_hr_admin, require_job_write
from recruiting.api.scoped_views import ScopedDetailApi, ScopedListApi, get_body_target_or_404
from recruiting.contracts import AssessmentResult, DimensionResult
from recruiting.models import Application, Assessment, AssessmentDimensionScore
from recruiting.screening.rescreening import written_test_enter
from recruiting.services.assessments import (
    RecordOutcome,
    ResultOfAnotherApplication,
    assessment_result_enter,
)

ASSESSMENT_FIELDS = [
    "id",
    "application",
    "kind",
    "status",
    "source",
    "external_id",
    "scoring_status",
    "overall_score",
    "overall_raw",
    "overall_scale",
    "vendor_verdict",
    "external_interview_id",
    "attempt_no",
    "dimensions",
    "media",
    "completed_at",
    "vendor_updated_at",
    "attempt_of",
    "entered_by",
    "created_at",
    "updated_at",
]
WRITE_RESPONSES = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def assessments_for_output(*, with_raw: bool) -> QuerySet[Assessment]:
    """Assessments with their dimension scores (two queries for any page)."""
    scores = AssessmentDimensionScore.objects.select_related("dimension")
    queryset = Assessment.objects.all().prefetch_related(
        Prefetch("dimension_scores", queryset=scores.order_by("dimension__code", "vendor_key"))
    )
    return queryset if with_raw else queryset.defer("raw")


class DimensionScoreSerializer(serializers.ModelSerializer):
    # Null while the vendor's dimension has no mapping; `score` null when not assessed.
    code = serializers.CharField(source="dimension.code", allow_null=True, default=None)

    class Meta:
        model = AssessmentDimensionScore
        fields = ["code", "vendor_key", "vendor_label", "score", "raw_score", "raw_scale"]


class AssessmentOutputSerializer(serializers.ModelSerializer):
    dimensions = DimensionScoreSerializer(source="dimension_scores", many=True)

    class Meta:
        model = Assessment
        fields = ASSESSMENT_FIELDS


class AssessmentAdminOutputSerializer(AssessmentOutputSerializer):
    """What HR admins see: everything, including the vendor's raw payload."""

    class Meta:
        model = Assessment
        fields = [*ASSESSMENT_FIELDS, "raw"]


def assessment_output(assessment: Assessment, request: Request) -> dict[str, Any]:
    admin = is_hr_admin(request.user)
    fresh = assessments_for_output(with_raw=admin).get(pk=assessment.pk)
    serializer_class = AssessmentAdminOutputSerializer if admin else AssessmentOutputSerializer
    return serializer_class(fresh).data


class _ScopedAssessmentMixin:
    request: Any

    def unscoped_queryset(self) -> QuerySet[Assessment]:
        return assessments_for_output(with_raw=is_hr_admin(self.request.user))

    def get_serializer_class(self) -> type[AssessmentOutputSerializer]:
        if is_hr_admin(self.request.user):
            return AssessmentAdminOutputSerializer
        return AssessmentOutputSerializer


class DimensionInputSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    score = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    raw_score = serializers.CharField(max_length=40, required=False, allow_blank=True)
    raw_scale = serializers.CharField(max_length=40, required=False, allow_blank=True)


def _dimensions(items: list[dict[str, Any]]) -> tuple[DimensionResult, ...]:
    return tuple(DimensionResult(**item) for item in items)


class AssessmentListRecordApi(_ScopedAssessmentMixin, ScopedListApi):
    """GET assessments of the caller's applications (`raw` for HR admins only)."""

    queryset = Assessment.objects.all()
    serializer_class = AssessmentOutputSerializer
    filterset_class = AssessmentFilter
    ordering_fields = ("created_at", "updated_at")
    error_fields = {"score": "overall_score"}

    @extend_schema_serializer(component_name="AssessmentRecord")
    class InputSerializer(serializers.Serializer):
        application = serializers.IntegerField()
        source = serializers.CharField(max_length=80)
        external_id = serializers.CharField(max_length=120)
        kind = serializers.ChoiceField(choices=Assessment.Kind.choices)
        status = serializers.ChoiceField(choices=Assessment.Status.choices)
        overall_score = serializers.DecimalField(
            max_digits=5,
            decimal_places=2,
            min_value=0,
            max_value=100,
            required=False,
            allow_null=True,
        )
        dimensions = DimensionInputSerializer(many=True, required=False)
        media = JSONObjectField(required=False)
        raw = JSONObjectField(required=False)
        completed_at = serializers.DateTimeField(required=False, allow_null=True)
        vendor_updated_at = serializers.DateTimeField(required=False, allow_null=True)
        attempt_of_external_id = serializers.CharField(
            max_length=120, required=False, allow_blank=True
        )

    @extend_schema_serializer(component_name="AssessmentRecordResult")
    class OutputSerializer(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=[outcome.value for outcome in RecordOutcome])
        assessment = AssessmentOutputSerializer()

    @extend_schema(
        description=(
            "Record one result, idempotently by (source, external_id): 201 `created`, or "
            "200 `updated`, `unchanged` or `ignored_older` (older than the stored version). "
            "Sources starting with `conn:` (vendor connections), `manual` and `scorecard` "
            "are hrflow's own: 400 on `source`. A (source, external_id) already stored for "
            "another application answers 404, as an unknown application does."
        ),
        request=InputSerializer,
        responses={201: OutputSerializer, 200: OutputSerializer, **WRITE_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        application = get_body_target_or_404(
            request, Application.objects.select_related("job"), "application"
        )
        require_job_write(request.user, application.job)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        del data["application"]
        dimensions = _dimensions(data.pop("dimensions", []))
        result = AssessmentResult(**data, dimensions=dimensions)
        try:
            assessment, outcome = assessment_result_enter(result=result, application=application)
        except ResultOfAnotherApplication:
            # Answered as an unknown application id is: saying "another
            # application's" would tell the caller the id exists elsewhere.
            raise Http404 from None
        body = {"outcome": outcome.value, "assessment": assessment_output(assessment, request)}
        created = outcome == RecordOutcome.CREATED
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class AssessmentDetailApi(_ScopedAssessmentMixin, ScopedDetailApi):
    queryset = Assessment.objects.all()
    serializer_class = AssessmentOutputSerializer


class WrittenTestEnterApi(APIView):
    """POST: HR enters (or corrects) an application's written-test score by hand."""

    @extend_schema_serializer(component_name="WrittenTestEnter")
    class InputSerializer(serializers.Serializer):
        score = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
        dimensions = DimensionInputSerializer(many=True, required=False)

    @extend_schema(
        request=InputSerializer, responses={200: AssessmentOutputSerializer, **WRITE_RESPONSES}
    )
    def post(self, request: Request, pk: int) -> Response:
        application = get_scoped_or_404(
            Application.objects.select_related("job"), request.user, pk=pk
        )
        require_job_write(request.user, application.job)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = written_test_enter(
            application=application,
            score=serializer.validated_data["score"],
            dimensions=_dimensions(serializer.validated_data.get("dimensions", [])),
            actor=request.user,
        )
        return Response(assessment_output(assessment, request))
