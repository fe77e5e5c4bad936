"""Jobs and their stages: list, detail, create with a pipeline, change status."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employees.models import Position
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.org.models import Department, Location
from recruiting.api.errors import ErrorSerializer
from recruiting.api.filters import JobFilter, StageFilter
from recruiting.api.permissions import CanRecruit, is_hr_admin, require_job_write
from recruiting.api.scoped_views import (
    ScopedDetailApi,
    ScopedListApi,
    ScopedPrimaryKeyRelatedField,
)
from recruiting.models import Job, PipelineTemplate, Stage, StageKind
from recruiting.models.job_posting import (
    POSTING_FIELDS,
    SALARY_K_MAX,
    SALARY_MONTHS_MAX,
    SALARY_MONTHS_MIN,
)
from recruiting.services.jobs import PUBLISH, job_create, job_set_status, job_update


class PostingFieldsSerializer(serializers.Serializer):
    """The posting fields as input, with the model's bounds and choices.

    Job.clean() judges them together (the range's order, the deadline's
    year) whichever way they come in, so the API answers with its messages.
    """

    salary_min_k = serializers.IntegerField(
        min_value=1, max_value=SALARY_K_MAX, required=False, allow_null=True
    )
    salary_max_k = serializers.IntegerField(
        min_value=1, max_value=SALARY_K_MAX, required=False, allow_null=True
    )
    salary_months = serializers.IntegerField(
        min_value=SALARY_MONTHS_MIN, max_value=SALARY_MONTHS_MAX, required=False
    )
    salary_negotiable = serializers.BooleanField(required=False)
    education_required = serializers.ChoiceField(choices=Job.Education.choices, required=False)
    experience_required = serializers.ChoiceField(choices=Job.Experience.choices, required=False)
    application_deadline = serializers.DateField(required=False, allow_null=True)
    phone_required = serializers.BooleanField(required=False)


def jobs_for_output() -> QuerySet[Job]:
    """Jobs with everything JobOutputSerializer reads, in a fixed number of queries."""
    return Job.objects.select_related("department", "location").prefetch_related(
        Prefetch("stages", queryset=Stage.objects.order_by("position")),
        Prefetch("recruiters", queryset=User.objects.order_by("pk")),
        Prefetch("hiring_managers", queryset=User.objects.order_by("pk")),
    )


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class JobStageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "name", "kind", "position"]


class StageOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "job", "name", "kind", "position"]


class JobOutputSerializer(serializers.ModelSerializer):
    department = NamedRefSerializer()
    location = NamedRefSerializer(allow_null=True)
    position = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    stages = JobStageSerializer(many=True)
    recruiters = PersonRefSerializer(many=True)
    hiring_managers = PersonRefSerializer(many=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "title",
            "department",
            "position",
            "location",
            "employment_type",
            "headcount",
            "description",
            "requirements",
            "channel",
            *POSTING_FIELDS,
            "status",
            "opened_at",
            "closed_at",
            "recruiters",
            "hiring_managers",
            "stages",
            "created_at",
            "updated_at",
        ]


class JobListCreateApi(ScopedListApi):
    """GET the jobs the caller works on (HR admins: all), each with its stages."""

    queryset = jobs_for_output()
    serializer_class = JobOutputSerializer
    filterset_class = JobFilter
    ordering_fields = ("created_at", "updated_at", "title")
    permission_classes = [IsAuthenticated, CanRecruit]

    @extend_schema_serializer(component_name="JobCreate")
    class InputSerializer(PostingFieldsSerializer, serializers.Serializer):
        @extend_schema_serializer(component_name="JobCreateStage")
        class StageSerializer(serializers.Serializer):
            name = serializers.CharField(max_length=80)
            kind = serializers.ChoiceField(choices=StageKind.choices)

        title = serializers.CharField(max_length=160)
        department = ScopedPrimaryKeyRelatedField(queryset=Department.objects.active())
        channel = serializers.ChoiceField(choices=Job.Channel.choices)
        template = serializers.PrimaryKeyRelatedField(
            queryset=PipelineTemplate.objects.filter(is_active=True), required=False
        )
        stages = StageSerializer(many=True, required=False)
        location = ScopedPrimaryKeyRelatedField(
            queryset=Location.objects.active(), required=False, allow_null=True
        )
        position = ScopedPrimaryKeyRelatedField(
            queryset=Position.objects.active(), required=False, allow_null=True
        )
        employment_type = serializers.ChoiceField(
            choices=Job.EmploymentType.choices, required=False
        )
        headcount = serializers.IntegerField(min_value=1, max_value=10_000, required=False)
        description = serializers.CharField(required=False, allow_blank=True)
        requirements = serializers.CharField(required=False, allow_blank=True)
        recruiters = ScopedPrimaryKeyRelatedField(
            queryset=User.objects.filter(is_active=True), many=True, required=False
        )
        hiring_managers = ScopedPrimaryKeyRelatedField(
            queryset=User.objects.filter(is_active=True), many=True, required=False
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if ("template" in attrs) == ("stages" in attrs):
                raise serializers.ValidationError(
                    {"template": [_("Give a pipeline template or the stages (one of the two).")]}
                )
            return attrs

    @extend_schema(
        description=(
            "Create a draft job with its pipeline, copied from `template` or given as "
            "`stages`. HR admins and recruiters; a recruiter becomes one of its recruiters."
        ),
        request=InputSerializer,
        responses={201: JobOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "stages" in data:
            data["stages"] = [(stage["name"], stage["kind"]) for stage in data["stages"]]
        if not is_hr_admin(request.user):
            # A recruiter's new job is theirs, or they could not see it afterwards.
            data["recruiters"] = {*data.get("recruiters", ()), request.user}
        job = job_create(actor=request.user, **data)
        output = JobOutputSerializer(jobs_for_output().get(pk=job.pk))
        return Response(output.data, status=status.HTTP_201_CREATED)


class JobDetailApi(ScopedDetailApi):
    """GET a job; PATCH its posting (salary, education, experience, deadline, phone rule)
    and the position it fills."""

    queryset = jobs_for_output()
    serializer_class = JobOutputSerializer

    @extend_schema_serializer(component_name="JobPostingUpdate")
    class InputSerializer(PostingFieldsSerializer):
        position = ScopedPrimaryKeyRelatedField(
            queryset=Position.objects.active(), required=False, allow_null=True
        )

    @extend_schema(
        request=InputSerializer,
        responses={
            200: JobOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        job = get_scoped_or_404(Job.objects.all(), request.user, pk=pk)
        require_job_write(request.user, job)
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        job_update(job=job, actor=request.user, **serializer.validated_data)
        return Response(JobOutputSerializer(jobs_for_output().get(pk=job.pk)).data)


class JobSetStatusApi(APIView):
    """POST a job's new status: open, hold, close or reopen it."""

    @extend_schema_serializer(component_name="JobSetStatus")
    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=Job.Status.choices)

    @extend_schema(
        request=InputSerializer,
        responses={200: JobOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        job = get_scoped_or_404(Job.objects.all(), request.user, pk=pk)
        require_job_write(request.user, job)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new_status = serializer.validated_data["status"]
        if new_status == Job.Status.OPEN and not request.user.has_perm(PUBLISH):
            raise PermissionDenied(_("Only HR can open a job to the public careers site."))
        job_set_status(job=job, status=new_status, actor=request.user)
        return Response(JobOutputSerializer(jobs_for_output().get(pk=job.pk)).data)


class StageListApi(ScopedListApi):
    queryset = Stage.objects.all()
    serializer_class = StageOutputSerializer
    filterset_class = StageFilter
    ordering_fields = ("id",)
    ordering = ("id",)


class StageDetailApi(ScopedDetailApi):
    queryset = Stage.objects.all()
    serializer_class = StageOutputSerializer
