"""Positions (seats): list and read, each with how many seats are filled today; create and
change them (HR admins)."""

from django.db.models import QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from employees.api.references import DepartmentRefSerializer, LocationRefSerializer
from employees.models import Position
from employees.selectors.positions import position_list
from employees.services.positions import position_create, position_update
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.api.errors import ErrorSerializer
from hrflow.core.api.filters import IdFilter
from hrflow.core.api.permissions import HrAdminWrites
from hrflow.core.api.scoped_views import (
    ScopedDetailApi,
    ScopedListApi,
    ScopedPrimaryKeyRelatedField,
)
from hrflow.org.models import Department, Location


def positions_for_output() -> QuerySet[Position]:
    return position_list(day=timezone.localdate(), include_inactive=True)


class PositionFilter(filters.FilterSet):
    department = IdFilter(field_name="department_id")
    reports_to = IdFilter(field_name="reports_to_id")
    is_active = filters.BooleanFilter()

    class Meta:
        model = Position
        fields = ["department", "reports_to", "is_active"]


class PositionOutputSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer()
    location = LocationRefSerializer(allow_null=True)
    filled = serializers.IntegerField(help_text="People in this position today.")
    vacant = serializers.IntegerField(help_text="Seats nobody fills today.")

    class Meta:
        model = Position
        fields = [
            "id",
            "code",
            "title",
            "department",
            "location",
            "reports_to",
            "job_family",
            "grade",
            "headcount",
            "filled",
            "vacant",
            "is_active",
            "created_at",
            "updated_at",
        ]


class PositionInputSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    title = serializers.CharField(max_length=160)
    department = ScopedPrimaryKeyRelatedField(queryset=Department.objects.active())
    location = ScopedPrimaryKeyRelatedField(
        queryset=Location.objects.active(), required=False, allow_null=True
    )
    reports_to = ScopedPrimaryKeyRelatedField(
        queryset=Position.objects.all(), required=False, allow_null=True
    )
    job_family = serializers.CharField(max_length=80, required=False, allow_blank=True)
    grade = serializers.CharField(max_length=20, required=False, allow_blank=True)
    headcount = serializers.IntegerField(min_value=0, max_value=10_000, required=False)


class PositionListCreateApi(ScopedListApi):
    """GET positions (every signed-in role reads the org's structure); POST a new one."""

    queryset = positions_for_output()
    serializer_class = PositionOutputSerializer
    filterset_class = PositionFilter
    ordering_fields = ("code", "created_at")
    ordering = ("code", "id")
    permission_classes = [IsAuthenticated, HrAdminWrites]

    def unscoped_queryset(self) -> QuerySet[Position]:
        return positions_for_output()

    @extend_schema_serializer(component_name="PositionCreate")
    class InputSerializer(PositionInputSerializer):
        pass

    @extend_schema(
        description="Create a position with `headcount` seats (HR admins).",
        request=InputSerializer,
        responses={201: PositionOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        position = position_create(actor=request.user, **serializer.validated_data)
        output = PositionOutputSerializer(positions_for_output().get(pk=position.pk))
        return Response(output.data, status=status.HTTP_201_CREATED)


class PositionDetailApi(ScopedDetailApi):
    """GET a position; PATCH it (HR admins)."""

    queryset = Position.objects.all()
    serializer_class = PositionOutputSerializer
    permission_classes = [IsAuthenticated, HrAdminWrites]

    def unscoped_queryset(self) -> QuerySet[Position]:
        return positions_for_output()

    @extend_schema_serializer(component_name="PositionUpdate")
    class InputSerializer(PositionInputSerializer):
        is_active = serializers.BooleanField(required=False)

    @extend_schema(
        request=InputSerializer,
        responses={
            200: PositionOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        position = get_scoped_or_404(Position.objects.all(), request.user, pk=pk)
        serializer = self.InputSerializer(
            data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        position_update(position=position, actor=request.user, **serializer.validated_data)
        return Response(PositionOutputSerializer(positions_for_output().get(pk=pk)).data)
