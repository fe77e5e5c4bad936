"""Shifts, shift patterns, punches and daily attendance results over the API
(docs/TIME.md).

Shifts and patterns are the company's rules: every signed-in role reads them, HR admins
change them through `shift_save` / `pattern_save`. Punches and daily results are people
data, scoped through the viewer (HR all, a manager their reports and themselves, an
employee their own). Time clocks send punches in bulk with an HR admin's token: each is
stored once however often it arrives (`punches_record`), and the answer says, by index,
which were stored, already there, or refused and why.
"""

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from employees.api.references import EmployeeRefSerializer
from employees.attendance.punches import MAX_DEVICE_CHARS, PunchInput, punches_record
from employees.models import DailyResult, Punch, PunchSource, Shift, ShiftPattern
from employees.worktime.services import MAX_CYCLE_DAYS, pattern_save, shift_save
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.api.errors import ErrorSerializer
from hrflow.core.api.filters import IdFilter
from hrflow.core.api.permissions import HrAdminWrites
from hrflow.core.api.scoped_views import ScopedDetailApi, ScopedListApi

WRITE_REFUSALS = {400: ErrorSerializer, 403: ErrorSerializer}
# One request's punches; a clock with more sends several requests.
MAX_PUNCHES = 5_000


# --- shifts --------------------------------------------------------------------------


class ShiftOutputSerializer(serializers.ModelSerializer):
    work_minutes = serializers.IntegerField(read_only=True)
    crosses_midnight = serializers.BooleanField(read_only=True)

    class Meta:
        model = Shift
        fields = [
            "id", "code", "name", "starts", "ends", "break_minutes", "late_grace_minutes",
            "work_minutes", "crosses_midnight", "is_active",
        ]  # fmt: skip


class ShiftInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=80)
    starts = serializers.TimeField()
    ends = serializers.TimeField(help_text="At or before `starts`: the shift ends the next day.")
    break_minutes = serializers.IntegerField(min_value=0, max_value=1440, default=60)
    late_grace_minutes = serializers.IntegerField(min_value=0, max_value=1440, default=0)
    is_active = serializers.BooleanField(default=True)


class ShiftFilter(filters.FilterSet):
    is_active = filters.BooleanFilter()

    class Meta:
        model = Shift
        fields = ["is_active"]


class ShiftPatternFilter(filters.FilterSet):
    follows_calendar = filters.BooleanFilter()

    class Meta:
        model = ShiftPattern
        fields = ["follows_calendar"]


class ShiftListCreateApi(ScopedListApi):
    """GET the shifts (every signed-in role); POST a shift (HR admins)."""

    queryset = Shift.objects.all()
    serializer_class = ShiftOutputSerializer
    filterset_class = ShiftFilter
    ordering_fields = ("code",)
    ordering = ("code", "id")
    permission_classes = [IsAuthenticated, HrAdminWrites]

    @extend_schema(
        request=ShiftInputSerializer, responses={201: ShiftOutputSerializer, **WRITE_REFUSALS}
    )
    def post(self, request: Request) -> Response:
        serializer = ShiftInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        shift = shift_save(shift=None, actor=request.user, **serializer.validated_data)
        return Response(ShiftOutputSerializer(shift).data, status=status.HTTP_201_CREATED)


class ShiftDetailApi(ScopedDetailApi):
    """GET a shift; PATCH it (HR admins; its code stays). The month under way is
    recomputed for the people planned on it."""

    queryset = Shift.objects.all()
    serializer_class = ShiftOutputSerializer
    permission_classes = [IsAuthenticated, HrAdminWrites]

    @extend_schema(
        request=ShiftInputSerializer,
        responses={200: ShiftOutputSerializer, 404: ErrorSerializer, **WRITE_REFUSALS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        shift = get_scoped_or_404(Shift.objects.all(), request.user, pk=pk)
        current = {field: getattr(shift, field) for field in ShiftInputSerializer().fields}
        serializer = ShiftInputSerializer(data={**current, **_dict(request.data)})
        serializer.is_valid(raise_exception=True)
        saved = shift_save(shift=shift, actor=request.user, **serializer.validated_data)
        return Response(ShiftOutputSerializer(saved).data)


# --- shift patterns ------------------------------------------------------------------


class ShiftPatternOutputSerializer(serializers.ModelSerializer):
    shift = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ShiftPattern
        fields = ["id", "code", "name", "follows_calendar", "shift", "cycle", "anchor"]


class ShiftPatternInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=80)
    follows_calendar = serializers.BooleanField(default=True)
    shift = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Shift.objects.all(),
        required=False,
        allow_null=True,
        help_text="The office week's shift on every workday (follows_calendar).",
    )
    cycle = serializers.ListField(
        child=serializers.CharField(max_length=20, allow_blank=True),
        max_length=MAX_CYCLE_DAYS,
        required=False,
        default=list,
        help_text='A rotation: shift codes day by day from `anchor`, "" a day off.',
    )
    anchor = serializers.DateField(required=False, allow_null=True)


class ShiftPatternListCreateApi(ScopedListApi):
    """GET the shift patterns; POST one (HR admins): the office week or a rotation whose
    codes are all shifts."""

    queryset = ShiftPattern.objects.select_related("shift")
    serializer_class = ShiftPatternOutputSerializer
    filterset_class = ShiftPatternFilter
    ordering_fields = ("code",)
    ordering = ("code", "id")
    permission_classes = [IsAuthenticated, HrAdminWrites]

    @extend_schema(
        request=ShiftPatternInputSerializer,
        responses={201: ShiftPatternOutputSerializer, **WRITE_REFUSALS},
    )
    def post(self, request: Request) -> Response:
        serializer = ShiftPatternInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pattern = pattern_save(pattern=None, actor=request.user, **serializer.validated_data)
        return Response(ShiftPatternOutputSerializer(pattern).data, status=status.HTTP_201_CREATED)


class ShiftPatternDetailApi(ScopedDetailApi):
    """GET a pattern; PATCH it (HR admins; its code stays)."""

    queryset = ShiftPattern.objects.select_related("shift")
    serializer_class = ShiftPatternOutputSerializer
    permission_classes = [IsAuthenticated, HrAdminWrites]

    @extend_schema(
        request=ShiftPatternInputSerializer,
        responses={200: ShiftPatternOutputSerializer, 404: ErrorSerializer, **WRITE_REFUSALS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        pattern = get_scoped_or_404(self.queryset.all(), request.user, pk=pk)
        current = {
            "code": pattern.code,
            "name": pattern.name,
            "follows_calendar": pattern.follows_calendar,
            "shift": pattern.shift.code if pattern.shift else None,
            "cycle": list(pattern.cycle or []),
            "anchor": pattern.anchor,
        }
        serializer = ShiftPatternInputSerializer(data={**current, **_dict(request.data)})
        serializer.is_valid(raise_exception=True)
        saved = pattern_save(pattern=pattern, actor=request.user, **serializer.validated_data)
        return Response(ShiftPatternOutputSerializer(saved).data)


def _dict(data: Any) -> dict[str, Any]:
    return dict(data) if isinstance(data, dict) else {}


# --- punches -------------------------------------------------------------------------


class PunchOutputSerializer(serializers.ModelSerializer):
    employee = EmployeeRefSerializer()

    class Meta:
        model = Punch
        fields = ["id", "employee", "at", "device", "source", "created_at"]


class PunchFilter(filters.FilterSet):
    employee = IdFilter(field_name="employee_id")
    day = filters.DateFromToRangeFilter(field_name="at__date")

    class Meta:
        model = Punch
        fields = ["employee", "day"]


class AwareDateTimeField(serializers.DateTimeField):
    """A time with its offset: a clock's local time without one is ambiguous."""

    def enforce_timezone(self, value: datetime) -> datetime:
        if timezone.is_naive(value):
            raise serializers.ValidationError(_("Give the time with its UTC offset."))
        return super().enforce_timezone(value)


class PunchInputSerializer(serializers.Serializer):
    employee_number = serializers.CharField(max_length=40)
    at = AwareDateTimeField()
    device = serializers.CharField(max_length=MAX_DEVICE_CHARS, required=False, default="")
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, default=None
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, default=None
    )


class PunchBatchInputSerializer(serializers.Serializer):
    punches = PunchInputSerializer(many=True, allow_empty=False, max_length=MAX_PUNCHES)
    override_reason = serializers.CharField(
        max_length=500,
        required=False,
        default="",
        allow_blank=True,
        help_text="An HR admin's reason to add punches to a confirmed month.",
    )


class RefusedPunchSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The punch's place in the request, from 0.")
    reason = serializers.CharField()


class PunchBatchOutputSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    duplicates = serializers.IntegerField(help_text="Stored already: sent before.")
    refused = RefusedPunchSerializer(many=True)


class PunchListCreateApi(ScopedListApi):
    """GET the punches of the people the caller may see (by `employee` and
    `day_after` / `day_before`); POST a batch from a time clock (HR admins): each punch
    is stored once however often it is sent; a malformed request stores nothing (400), a
    punch the rules refuse (unknown employee, a time ahead, a confirmed month) is listed
    by its index while the others are stored."""

    queryset = Punch.objects.select_related("employee")
    serializer_class = PunchOutputSerializer
    filterset_class = PunchFilter
    ordering_fields = ("at",)
    ordering = ("at", "id")
    permission_classes = [IsAuthenticated, HrAdminWrites]

    @extend_schema(
        request=PunchBatchInputSerializer,
        responses={200: PunchBatchOutputSerializer, **WRITE_REFUSALS},
    )
    def post(self, request: Request) -> Response:
        serializer = PunchBatchInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = punches_record(
            rows=[PunchInput(**row) for row in data["punches"]],
            source=PunchSource.API,
            actor=request.user,
            override_reason=data["override_reason"],
        )
        output = {
            "created": result.created,
            "duplicates": result.duplicates,
            "refused": [{"index": index, "reason": reason} for index, reason in result.refused],
        }
        return Response(PunchBatchOutputSerializer(output).data)


# --- daily results -------------------------------------------------------------------


class DailyResultOutputSerializer(serializers.ModelSerializer):
    employee = EmployeeRefSerializer()

    class Meta:
        model = DailyResult
        fields = [
            "id", "employee", "day", "day_kind", "system", "status", "first_in", "last_out",
            "planned_minutes", "worked_minutes", "late_minutes", "early_leave_minutes",
            "absent_minutes", "leave_minutes", "overtime_workday_minutes",
            "overtime_rest_day_minutes", "overtime_holiday_minutes", "computed_at",
        ]  # fmt: skip


class DailyResultFilter(filters.FilterSet):
    employee = IdFilter(field_name="employee_id")
    day = filters.DateFromToRangeFilter(field_name="day")
    status = filters.MultipleChoiceFilter(choices=DailyResult._meta.get_field("status").choices)

    class Meta:
        model = DailyResult
        fields = ["employee", "day", "status"]


class DailyResultListApi(ScopedListApi):
    """GET what each day came to (worked, late, early leave, absent, leave, overtime by
    kind of day) for the people the caller may see, by `employee` and `day_after` /
    `day_before`. Recomputed by hrflow, never written here."""

    queryset = DailyResult.objects.select_related("employee")
    serializer_class = DailyResultOutputSerializer
    filterset_class = DailyResultFilter
    ordering_fields = ("day",)
    ordering = ("day", "id")
