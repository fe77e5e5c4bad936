"""Training over the API: the course catalogue (everyone reads; HR adds and changes),
enrolments (scoped: HR all, a manager their reports, an employee themselves; HR and
managers enrol and complete; they and the person enrolled cancel), and an employee's
current skill levels with their gaps."""

from typing import Any

from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employees.models import Course, Employee, Enrolment
from employees.skills.selectors import assignment_today, current_levels, gaps_for
from employees.training.access import (
    employees_get_for_enrolment,
    enrolment_get_for_cancel,
    enrolment_get_for_completion,
    session_get_for_enrolment,
)
from employees.training.courses import course_create, course_update
from employees.training.services import enrolment_cancel, enrolment_complete, enrolments_create
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.competencies.models import COMPETENCY_LEVELS_MAX, Competency
from hrflow.core.api.errors import ErrorSerializer
from hrflow.core.api.filters import IdFilter
from hrflow.core.api.permissions import HrAdminWrites
from hrflow.core.api.scoped_views import ScopedDetailApi, ScopedListApi

ID = {"min_value": 1, "max_value": 2**31 - 1}


class BuildsSerializer(serializers.Serializer):
    competency = serializers.SlugRelatedField(
        slug_field="code", queryset=Competency.objects.filter(is_active=True)
    )
    level = serializers.IntegerField(min_value=1, max_value=COMPETENCY_LEVELS_MAX)


class CourseOutputSerializer(serializers.ModelSerializer):
    builds = serializers.SerializerMethodField()

    class Meta:
        model = Course
        fields = [
            "id", "code", "title_zh", "title_en", "description", "delivery", "provider",
            "provider_name", "hours", "certificate_name", "certificate_months", "is_active",
            "builds", "created_at", "updated_at",
        ]  # fmt: skip

    def get_builds(self, course: Course) -> list[dict[str, Any]]:
        return [{"competency": b.competency.code, "level": b.level} for b in course.builds.all()]


class CourseFilter(filters.FilterSet):
    # A FilterSet, not filterset_fields, so the shared bad-input walk tries every filter.
    is_active = filters.BooleanFilter()
    delivery = filters.ChoiceFilter(choices=Course.Delivery.choices)
    provider = filters.ChoiceFilter(choices=Course.Provider.choices)

    class Meta:
        model = Course
        fields = ["is_active", "delivery", "provider"]


class CourseListCreateApi(ScopedListApi):
    """GET the catalogue (every signed-in role); POST a course (HR admins)."""

    queryset = Course.objects.prefetch_related("builds__competency")
    serializer_class = CourseOutputSerializer
    filterset_class = CourseFilter
    ordering_fields = ("code", "created_at")
    ordering = ("code", "id")
    permission_classes = [IsAuthenticated, HrAdminWrites]

    class CourseInputSerializer(serializers.ModelSerializer):
        builds = BuildsSerializer(many=True, required=False)

        class Meta:
            model = Course
            fields = [
                "code", "title_zh", "title_en", "description", "delivery", "provider",
                "provider_name", "hours", "certificate_name", "certificate_months", "is_active",
                "builds",
            ]  # fmt: skip

    @extend_schema(
        request=CourseInputSerializer,
        responses={201: CourseOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = self.CourseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        builds = [(b["competency"], b["level"]) for b in data.pop("builds", [])]
        course = course_create(fields=data, builds=builds, actor=request.user)
        return Response(CourseOutputSerializer(course).data, status=status.HTTP_201_CREATED)


class CourseDetailApi(ScopedDetailApi):
    """GET a course with the competencies it builds; PATCH it (HR admins)."""

    queryset = Course.objects.prefetch_related("builds__competency")
    serializer_class = CourseOutputSerializer
    permission_classes = [IsAuthenticated, HrAdminWrites]

    class CourseUpdateInputSerializer(CourseListCreateApi.CourseInputSerializer):
        """The fields of a new course, each optional; `builds`, when sent, replaces
        what the course builds."""

    @extend_schema(
        request=CourseUpdateInputSerializer,
        responses={
            200: CourseOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        course = get_scoped_or_404(Course.objects.all(), request.user, pk=pk)
        # With the instance, so the code's uniqueness check passes over the course itself.
        serializer = self.CourseUpdateInputSerializer(course, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        builds = None
        if "builds" in data:
            builds = [(b["competency"], b["level"]) for b in data.pop("builds")]
        course_update(course=course, fields=data, builds=builds, actor=request.user)
        return Response(CourseOutputSerializer(self.queryset.get(pk=course.pk)).data)


class EnrolmentFilter(filters.FilterSet):
    employee = IdFilter(field_name="employee_id")
    course = IdFilter(field_name="course_id")
    status = filters.ChoiceFilter(choices=Enrolment.Status.choices)

    class Meta:
        model = Enrolment
        fields = ["employee", "course", "status"]


class EnrolmentOutputSerializer(serializers.ModelSerializer):
    course_code = serializers.CharField(source="course.code")

    class Meta:
        model = Enrolment
        fields = [
            "id", "employee", "course", "course_code", "session", "status", "reason",
            "completed_on", "result", "created_at",
        ]  # fmt: skip


class EnrolmentListCreateApi(ScopedListApi):
    """GET the enrolments the caller may see; POST one enrolment per listed employee (HR
    anyone, a manager their direct reports; any other id is 404 and enrols nobody)."""

    queryset = Enrolment.objects.select_related("course")
    serializer_class = EnrolmentOutputSerializer
    filterset_class = EnrolmentFilter
    ordering_fields = ("created_at",)
    ordering = ("-created_at", "-id")

    class EnrolmentInputSerializer(serializers.Serializer):
        employees = serializers.ListField(
            child=serializers.IntegerField(**ID), min_length=1, max_length=500
        )
        course = serializers.IntegerField(**ID)
        session = serializers.IntegerField(required=False, allow_null=True, **ID)
        reason = serializers.CharField(max_length=300, required=False, allow_blank=True)

    @extend_schema(
        request=EnrolmentInputSerializer,
        responses={
            201: EnrolmentOutputSerializer(many=True),
            400: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        serializer = self.EnrolmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        people = employees_get_for_enrolment(user=request.user, ids=data["employees"])
        course = get_scoped_or_404(Course.objects.all(), request.user, pk=data["course"])
        session = session_get_for_enrolment(course=course, pk=data.get("session"))
        created = enrolments_create(
            employees=people, course=course, session=session,
            reason=data.get("reason", ""), actor=request.user,
        )  # fmt: skip
        output = EnrolmentOutputSerializer(created, many=True)
        return Response(output.data, status=status.HTTP_201_CREATED)


class EnrolmentCompleteApi(APIView):
    """POST: mark an enrolment completed (HR, or the employee's manager)."""

    class CompletionInputSerializer(serializers.Serializer):
        completed_on = serializers.DateField()
        result = serializers.DecimalField(
            max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False,
            allow_null=True,
        )  # fmt: skip

    @extend_schema(
        request=CompletionInputSerializer,
        responses={200: EnrolmentOutputSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        enrolment = enrolment_get_for_completion(user=request.user, pk=pk)
        serializer = self.CompletionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        done = enrolment_complete(
            enrolment=enrolment, actor=request.user, **serializer.validated_data
        )
        return Response(EnrolmentOutputSerializer(done).data)


class EnrolmentCancelApi(APIView):
    """POST: cancel an open enrolment (HR, the employee's manager, or the employee), which
    frees its seat; again changes nothing; a completed one is refused (400)."""

    @extend_schema(
        request=None,
        responses={200: EnrolmentOutputSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        enrolment = enrolment_get_for_cancel(user=request.user, pk=pk)
        cancelled = enrolment_cancel(enrolment=enrolment, actor=request.user)
        return Response(EnrolmentOutputSerializer(cancelled).data)


class SkillLevelSerializer(serializers.Serializer):
    competency = serializers.CharField()
    level = serializers.IntegerField(allow_null=True)
    levels = serializers.IntegerField()
    required = serializers.IntegerField(allow_null=True)
    gap = serializers.IntegerField(allow_null=True)
    source = serializers.CharField(allow_null=True, help_text="Where the level came from.")
    assessed_at = serializers.DateTimeField(allow_null=True)


class EmployeeSkillsApi(APIView):
    """GET an employee's current level per competency and their gaps against their position."""

    @extend_schema(responses={200: SkillLevelSerializer(many=True), 404: ErrorSerializer})
    def get(self, request: Request, pk: int) -> Response:
        employee = get_scoped_or_404(Employee.objects.all(), request.user, pk=pk)
        seat = assignment_today(employee.pk, timezone.localdate())
        gaps = {g.competency.pk: g for g in gaps_for([seat] if seat else []).get(employee.pk, [])}
        levels = current_levels([employee.pk]).get(employee.pk, {})
        rows = []
        for competency_id in sorted(levels.keys() | gaps.keys()):
            current = levels.get(competency_id)
            gap = gaps.get(competency_id)
            competency = current.competency if current else gap.competency  # type: ignore[union-attr]
            rows.append(
                {
                    "competency": competency.code,
                    "level": current.level if current else None,
                    "levels": competency.levels,
                    "required": gap.required if gap else None,
                    "gap": gap.size if gap else None,
                    "source": current.evidence.source if current else None,
                    "assessed_at": current.evidence.assessed_at if current else None,
                }
            )
        return Response(SkillLevelSerializer(rows, many=True).data)
