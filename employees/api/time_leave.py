"""Leave and the holiday calendar over the API (docs/TIME.md).

Leave types and the calendar are the company's rules: every signed-in role reads them.
Leave requests and balances are people data, scoped through the viewer: HR admins see
everyone, a manager their reports and themselves, an employee their own; any other id is
404. Writes call the leave services (`employees.leave.requests`) and the calendar's
(`employees.worktime.services`); a refusal is a 400 with the service's sentence. The
kind of a health-related leave (and its reason) shows only to HR admins and the person.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employees.api.references import EmployeeRefSerializer
from employees.leave.requests import (
    leave_request_approve,
    leave_request_cancel,
    leave_request_decline,
    leave_request_submit,
)
from employees.leave.selectors import leave_balances
from employees.models import (
    CalendarDay,
    DayKind,
    Employee,
    EmployeeDocument,
    LeaveRequest,
    LeaveType,
)
from employees.worktime.services import company_day_add, company_day_remove
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.api.errors import ErrorSerializer
from hrflow.core.api.filters import IdFilter
from hrflow.core.api.permissions import HrAdminWrites, is_hr_admin
from hrflow.core.api.scoped_views import (
    ScopedDetailApi,
    ScopedListApi,
    ScopedPrimaryKeyRelatedField,
    get_body_target_or_404,
)

REFUSALS = {400: ErrorSerializer, 404: ErrorSerializer}
# What a company day may be: a day off or a workday of its own, never a statutory holiday.
COMPANY_DAY_KINDS = [c for c in DayKind.choices if c[0] != DayKind.STATUTORY_HOLIDAY]


# --- leave types ---------------------------------------------------------------------


class LeaveTypeOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = LeaveType
        fields = [
            "id", "code", "name_zh", "name_en", "unit", "counting", "paid_rate",
            "tracks_balance", "entitlement_rule", "needs_document", "statutory", "region",
            "is_active",
        ]  # fmt: skip


class LeaveTypeFilter(filters.FilterSet):
    is_active = filters.BooleanFilter()

    class Meta:
        model = LeaveType
        fields = ["is_active"]


class LeaveTypeListApi(ScopedListApi):
    """GET the leave types (every signed-in role; HR admins change them in Django admin)."""

    queryset = LeaveType.objects.all()
    serializer_class = LeaveTypeOutputSerializer
    filterset_class = LeaveTypeFilter
    ordering_fields = ("code",)
    ordering = ("code", "id")


# --- leave requests ------------------------------------------------------------------


class LeaveTypeRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()


def kind_shown(request: LeaveRequest, context: dict[str, Any]) -> bool:
    """Whether the viewer may know the kind of this leave: a health-related one (sick,
    maternity) only to HR admins and the person, as on the team calendar."""
    viewer = context["request"].user
    return (
        not request.leave_type.document_is_health
        or context["viewer_is_hr"]
        or request.employee.user_id == viewer.pk
    )


class LeaveRequestOutputSerializer(serializers.ModelSerializer):
    employee = EmployeeRefSerializer()
    leave_type = serializers.SerializerMethodField(
        help_text="Null when the kind is health data the caller may not see."
    )
    reason = serializers.SerializerMethodField()

    class Meta:
        model = LeaveRequest
        fields = [
            "id", "employee", "leave_type", "start_day", "end_day", "starts_afternoon",
            "ends_midday", "hours_asked", "hours", "status", "step", "needs_hr", "reason",
            "decision_note", "created_at", "updated_at",
        ]  # fmt: skip

    @extend_schema_field(LeaveTypeRefSerializer(allow_null=True))
    def get_leave_type(self, row: LeaveRequest) -> dict[str, str] | None:
        if not kind_shown(row, self.context):
            return None
        return dict(LeaveTypeRefSerializer(row.leave_type).data)

    def get_reason(self, row: LeaveRequest) -> str:
        return row.reason if kind_shown(row, self.context) else ""


class LeaveRequestFilter(filters.FilterSet):
    employee = IdFilter(field_name="employee_id")
    status = filters.MultipleChoiceFilter(choices=LeaveRequest.Status.choices)
    start_day = filters.DateFromToRangeFilter(field_name="start_day")

    class Meta:
        model = LeaveRequest
        fields = ["employee", "status", "start_day"]


class _ViewerContextMixin:
    request: Any

    def get_serializer_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_serializer_context()  # type: ignore[misc]
        context["viewer_is_hr"] = is_hr_admin(self.request.user)
        return context


def _request_output(row: LeaveRequest, request: Request) -> dict[str, Any]:
    context = {"request": request, "viewer_is_hr": is_hr_admin(request.user)}
    return dict(LeaveRequestOutputSerializer(row, context=context).data)


class LeaveRequestListCreateApi(_ViewerContextMixin, ScopedListApi):
    """GET the leave requests of the people the caller may see; POST a request (the
    employee for themselves, or an HR admin for anyone) through `leave_request_submit`:
    it waits for the manager (and HR past the company's limit of days)."""

    queryset = LeaveRequest.objects.select_related("employee", "leave_type")
    serializer_class = LeaveRequestOutputSerializer
    filterset_class = LeaveRequestFilter
    ordering_fields = ("start_day", "created_at")
    ordering = ("-start_day", "-id")

    class LeaveRequestInputSerializer(serializers.Serializer):
        employee = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
        leave_type = serializers.SlugRelatedField(
            slug_field="code", queryset=LeaveType.objects.all()
        )
        start_day = serializers.DateField()
        end_day = serializers.DateField()
        starts_afternoon = serializers.BooleanField(default=False)
        ends_midday = serializers.BooleanField(default=False)
        hours_asked = serializers.DecimalField(
            max_digits=5, decimal_places=2, min_value=0, required=False, allow_null=True
        )
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True)
        document = ScopedPrimaryKeyRelatedField(
            queryset=EmployeeDocument.objects.all(), required=False, allow_null=True
        )

    @extend_schema(
        request=LeaveRequestInputSerializer,
        responses={201: LeaveRequestOutputSerializer, **REFUSALS},
    )
    def post(self, request: Request) -> Response:
        # The employee first: an id outside the caller's scope is 404 whatever else is sent.
        employee = get_body_target_or_404(request, Employee.objects.all(), "employee")
        serializer = self.LeaveRequestInputSerializer(
            data=request.data, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("employee")
        created = leave_request_submit(employee=employee, actor=request.user, **data)
        return Response(_request_output(created, request), status=status.HTTP_201_CREATED)


class LeaveRequestDetailApi(_ViewerContextMixin, ScopedDetailApi):
    queryset = LeaveRequest.objects.select_related("employee", "leave_type")
    serializer_class = LeaveRequestOutputSerializer


class NoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


def _leave_request(request: Request, pk: int) -> LeaveRequest:
    return get_scoped_or_404(
        LeaveRequest.objects.select_related("employee", "leave_type"), request.user, pk=pk
    )


class LeaveRequestApproveApi(APIView):
    """POST: approve the step the request waits for (its manager, their delegate or HR);
    nobody decides their own. A request longer than the company's limit passes on to HR."""

    @extend_schema(
        request=NoteInputSerializer, responses={200: LeaveRequestOutputSerializer, **REFUSALS}
    )
    def post(self, request: Request, pk: int) -> Response:
        row = _leave_request(request, pk)
        serializer = NoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        done = leave_request_approve(
            request=row, actor=request.user, note=serializer.validated_data["note"]
        )
        return Response(_request_output(done, request))


class LeaveRequestDeclineApi(APIView):
    """POST: decline the step the request waits for, saying why (`note` is required)."""

    @extend_schema(
        request=NoteInputSerializer, responses={200: LeaveRequestOutputSerializer, **REFUSALS}
    )
    def post(self, request: Request, pk: int) -> Response:
        row = _leave_request(request, pk)
        serializer = NoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        done = leave_request_decline(
            request=row, actor=request.user, note=serializer.validated_data["note"]
        )
        return Response(_request_output(done, request))


class LeaveRequestCancelApi(APIView):
    """POST: withdraw a pending or approved request (the employee until the leave begins,
    HR admins any time); approved hours come back to the balance."""

    class CancelInputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")

    @extend_schema(
        request=CancelInputSerializer, responses={200: LeaveRequestOutputSerializer, **REFUSALS}
    )
    def post(self, request: Request, pk: int) -> Response:
        row = _leave_request(request, pk)
        serializer = self.CancelInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        done = leave_request_cancel(
            request=row, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(_request_output(done, request))


# --- balances ------------------------------------------------------------------------


class BalanceOutputSerializer(serializers.Serializer):
    leave_type = LeaveTypeRefSerializer(source="type")
    balance_hours = serializers.DecimalField(max_digits=9, decimal_places=2)
    pending_hours = serializers.DecimalField(max_digits=9, decimal_places=2)
    available_hours = serializers.DecimalField(max_digits=9, decimal_places=2)


class LeaveBalanceApi(APIView):
    """GET an employee's balance of every type that keeps one, as of a day (default
    today): the ledger's sum to that day, the hours pending requests reserve, what is
    left. The caller's own, a manager's reports', anyone's for HR; others are 404."""

    class BalanceQuerySerializer(serializers.Serializer):
        employee = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
        as_of = serializers.DateField(required=False)

    @extend_schema(
        parameters=[
            OpenApiParameter("employee", OpenApiTypes.INT, required=True),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: today."),
        ],
        responses={200: BalanceOutputSerializer(many=True), **REFUSALS},
    )
    def get(self, request: Request) -> Response:
        query = self.BalanceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        employee = get_scoped_or_404(
            Employee.objects.all(), request.user, pk=query.validated_data["employee"]
        )
        on = query.validated_data.get("as_of") or timezone.localdate()
        rows = leave_balances(employee, on=on)
        return Response(BalanceOutputSerializer(rows, many=True).data)


# --- the holiday calendar ------------------------------------------------------------


class CalendarDayOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarDay
        fields = [
            "id", "day", "region", "company", "kind", "name_zh", "name_en", "source_title",
            "source_url",
        ]  # fmt: skip


class CalendarDayFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="day__year", min_value=1900, max_value=2999)
    region = filters.CharFilter(
        method="in_region",
        max_length=40,
        help_text="A province or city as the legal rules name it: its days, the national "
        "days and the company's. Without it: the national and the company's days.",
    )

    class Meta:
        model = CalendarDay
        fields = ["year", "region"]

    def in_region(self, queryset: QuerySet[CalendarDay], name: str, value: str) -> Any:
        return queryset.filter(Q(region="") | Q(region=value) | Q(company=True))

    def filter_queryset(self, queryset: QuerySet[CalendarDay]) -> Any:
        if not self.form.cleaned_data.get("region"):
            queryset = queryset.filter(region="")
        return super().filter_queryset(queryset)


class CalendarDayListCreateApi(ScopedListApi):
    """GET the days that differ from the usual week (statutory holidays, the other days
    off of a break, make-up workdays, regional and company days), by `year` and
    `region`; POST a company day (HR admins), which recomputes that day's attendance."""

    queryset = CalendarDay.objects.all()
    serializer_class = CalendarDayOutputSerializer
    filterset_class = CalendarDayFilter
    ordering_fields = ("day",)
    ordering = ("day", "id")
    permission_classes = [IsAuthenticated, HrAdminWrites]

    class CompanyDayInputSerializer(serializers.Serializer):
        day = serializers.DateField()
        kind = serializers.ChoiceField(
            choices=COMPANY_DAY_KINDS,
            help_text="A company holiday (a day off), or a workday the company keeps.",
        )
        name_zh = serializers.CharField(max_length=80)
        name_en = serializers.CharField(max_length=80)

    @extend_schema(
        request=CompanyDayInputSerializer,
        responses={201: CalendarDayOutputSerializer, 403: ErrorSerializer, **REFUSALS},
    )
    def post(self, request: Request) -> Response:
        serializer = self.CompanyDayInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = company_day_add(actor=request.user, company=True, **serializer.validated_data)
        return Response(CalendarDayOutputSerializer(row).data, status=status.HTTP_201_CREATED)


class CalendarDayDetailApi(ScopedDetailApi):
    """GET one calendar day; DELETE a company or regional day (HR admins: the day is the
    usual week's again); the national days stay (400)."""

    queryset = CalendarDay.objects.all()
    serializer_class = CalendarDayOutputSerializer
    permission_classes = [IsAuthenticated, HrAdminWrites]

    @extend_schema(responses={204: None, 403: ErrorSerializer, **REFUSALS})
    def delete(self, request: Request, pk: int) -> Response:
        row = get_scoped_or_404(CalendarDay.objects.all(), request.user, pk=pk)
        company_day_remove(calendar_day=row, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
