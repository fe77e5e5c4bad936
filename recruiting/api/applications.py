"""Applications and their stage history: list, detail, apply; transitions are read-only."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from hrflow.accounts.models import User
from recruiting.api.errors import ErrorSerializer
from recruiting.api.filters import ApplicationFilter, TransitionFilter
from recruiting.api.jobs import PersonRefSerializer
from recruiting.api.permissions import require_job_write
from recruiting.api.scoped_views import (
    ScopedDetailApi,
    ScopedListApi,
    ScopedPrimaryKeyRelatedField,
    get_body_target_or_404,
)
from recruiting.models import Application, Candidate, Job, StageTransition
from recruiting.services.applications import application_create


def applications_for_output() -> QuerySet[Application]:
    """Applications with what ApplicationOutputSerializer reads, in one query."""
    return Application.objects.select_related(
        "candidate", "job", "stage", "rejection_reason"
    ).defer("candidate__search_vector", "job__description", "job__requirements")


class ApplicationCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class ApplicationJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class ApplicationStageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    position = serializers.IntegerField()


class ApplicationOutputSerializer(serializers.ModelSerializer):
    candidate = ApplicationCandidateSerializer()
    job = ApplicationJobSerializer()
    stage = ApplicationStageSerializer()
    rejection_reason = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "candidate",
            "job",
            "stage",
            "status",
            "source",
            "referrer",
            "applied_at",
            "stage_entered_at",
            "rejection_reason",
            "archived_at",
            "ai_score",
            "written_test_score",
            "resume_match_score",
            "created_at",
            "updated_at",
        ]


def application_output(application: Application) -> dict[str, object]:
    """The fresh output of one application after a write."""
    return ApplicationOutputSerializer(applications_for_output().get(pk=application.pk)).data


class ApplicationListCreateApi(ScopedListApi):
    """GET applications to the caller's jobs (HR admins: all)."""

    queryset = applications_for_output()
    serializer_class = ApplicationOutputSerializer
    filterset_class = ApplicationFilter
    ordering_fields = ("applied_at", "stage_entered_at", "created_at", "updated_at")
    ordering = ("-applied_at", "-id")

    @extend_schema_serializer(component_name="ApplicationCreate")
    class InputSerializer(serializers.Serializer):
        job = serializers.IntegerField()
        candidate = ScopedPrimaryKeyRelatedField(queryset=Candidate.objects.live())
        source = serializers.CharField(max_length=60, required=False, allow_blank=True)
        referrer = ScopedPrimaryKeyRelatedField(
            queryset=User.objects.filter(is_active=True), required=False, allow_null=True
        )

    @extend_schema(
        description="Apply a visible candidate to a job (HR admins and its recruiters).",
        request=InputSerializer,
        responses={
            201: ApplicationOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        job = get_body_target_or_404(request, Job.objects.all(), "job")
        require_job_write(request.user, job)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        del data["job"]
        application = application_create(job=job, actor=request.user, **data)
        return Response(application_output(application), status=status.HTTP_201_CREATED)


class ApplicationDetailApi(ScopedDetailApi):
    queryset = applications_for_output()
    serializer_class = ApplicationOutputSerializer


class TransitionOutputSerializer(serializers.ModelSerializer):
    actor = PersonRefSerializer(allow_null=True)
    rejection_reason = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = StageTransition
        fields = [
            "id",
            "application",
            "from_stage",
            "to_stage",
            "from_status",
            "to_status",
            "actor",
            "rule",
            "reason",
            "rejection_reason",
            "created_at",
        ]


class TransitionListApi(ScopedListApi):
    """GET stage changes (oldest first); filter by application for one timeline."""

    queryset = StageTransition.objects.select_related("actor", "rejection_reason")
    serializer_class = TransitionOutputSerializer
    filterset_class = TransitionFilter
    ordering_fields = ("created_at",)
    ordering = ("created_at", "id")


class TransitionDetailApi(ScopedDetailApi):
    queryset = StageTransition.objects.select_related("actor", "rejection_reason")
    serializer_class = TransitionOutputSerializer
