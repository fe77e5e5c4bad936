"""Candidates: list and search, detail, create (and, for a recruiter, apply to a job)."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from recruiting.api.errors import ErrorSerializer
from recruiting.api.filters import CandidateFilter
from recruiting.api.permissions import CanRecruit, is_hr_admin, require_job_write
from recruiting.api.scoped_views import (
    ScopedDetailApi,
    ScopedListApi,
    get_body_target_or_404,
)
from recruiting.models import Application, Candidate, Job
from recruiting.services.applications import candidate_apply
from recruiting.services.candidates import candidate_create

CANDIDATE_FIELDS = [
    "id",
    "full_name",
    "email",
    "phone",
    "city",
    "current_company",
    "current_title",
    "education",
    "language",
    "notify_by_email",
    "notify_by_sms",
    "tags",
    "merged_into",
    "created_at",
    "updated_at",
]


def candidates_for_output() -> QuerySet[Candidate]:
    # The search document is internal and large: never loaded, never shown.
    return Candidate.objects.defer("search_vector").prefetch_related("tags")


class CandidateOutputSerializer(serializers.ModelSerializer):
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Candidate
        fields = CANDIDATE_FIELDS


class CandidateCreatedSerializer(CandidateOutputSerializer):
    application = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Candidate
        fields = [*CANDIDATE_FIELDS, "application"]


class CandidateListCreateApi(ScopedListApi):
    """GET candidates of the caller's jobs (HR admins: all); `q` matches a part of the
    name, its pinyin, the e-mail address or the phone number."""

    queryset = candidates_for_output()
    serializer_class = CandidateOutputSerializer
    filterset_class = CandidateFilter
    ordering_fields = ("created_at", "updated_at", "full_name")
    permission_classes = [IsAuthenticated, CanRecruit]

    @extend_schema_serializer(component_name="CandidateCreate")
    class InputSerializer(serializers.Serializer):
        full_name = serializers.CharField(max_length=150)
        email = serializers.EmailField(required=False, allow_blank=True)
        phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
        city = serializers.CharField(max_length=80, required=False, allow_blank=True)
        current_company = serializers.CharField(max_length=120, required=False, allow_blank=True)
        current_title = serializers.CharField(max_length=120, required=False, allow_blank=True)
        education = serializers.CharField(max_length=160, required=False, allow_blank=True)
        language = serializers.ChoiceField(choices=Candidate.Language.choices, required=False)
        # The candidate's own choice of channels (their portal messages are always kept).
        notify_by_email = serializers.BooleanField(required=False)
        notify_by_sms = serializers.BooleanField(required=False)
        job = serializers.IntegerField(required=False, allow_null=True)
        source = serializers.CharField(max_length=60, required=False, allow_blank=True)

    @extend_schema(
        description=(
            "Create a candidate (HR admins and recruiters). With `job`, the candidate also "
            "applies to it, in the same transaction. Recruiters must give a job of theirs: "
            "candidates are visible through their applications, so without one the new "
            "record would be invisible to its creator."
        ),
        request=InputSerializer,
        responses={201: CandidateCreatedSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        job: Job | None = None
        if isinstance(request.data, dict) and request.data.get("job") is not None:
            job = get_body_target_or_404(request, Job.objects.all(), "job")
            require_job_write(request.user, job)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("job", None)
        source: str = data.pop("source", "")
        if job is None and not is_hr_admin(request.user):
            raise serializers.ValidationError(
                {"job": [_("Give the job this candidate applies to.")]}
            )
        application: Application | None = None
        if job is not None:
            application = candidate_apply(job=job, source=source, actor=request.user, **data)
            candidate = application.candidate
        else:
            candidate = candidate_create(actor=request.user, **data)
        created = candidates_for_output().get(pk=candidate.pk)
        created.application = application.pk if application else None  # type: ignore[attr-defined]
        return Response(CandidateCreatedSerializer(created).data, status=status.HTTP_201_CREATED)


class CandidateDetailApi(ScopedDetailApi):
    queryset = candidates_for_output()
    serializer_class = CandidateOutputSerializer
