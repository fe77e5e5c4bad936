"""Employees: list and read (as of a day), a dated change of the job record, contacts.

Every id in the URL or the body resolves through the caller's scope (HR admins
all; a manager their direct reports; everyone themselves), so a row outside it
answers 404 like a missing one. Sensitive fields leave only as masked tails.
"""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employees.api.references import (
    FirstRowField,
    JobRecordSerializer,
    masked_tail,
)
from employees.models import Assignment, Employee, EmployeeStatus, EmploymentType, Position
from employees.records.services import CONTACT_FIELDS, employee_identity_update
from employees.selectors.employees import (
    employee_history,
    employee_list,
    employee_private_visible,
    employees_with_job,
)
from employees.selfservice.services import employee_contacts_update
from employees.services.assignments import assignment_change
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.api.errors import ErrorSerializer
from hrflow.core.api.filters import IdFilter
from hrflow.core.api.permissions import is_hr_admin
from hrflow.core.api.scoped_views import ScopedListApi, ScopedPrimaryKeyRelatedField
from hrflow.org.models import Department, Location

PRIVATE_FIELDS = ("personal_email", "address")


class AsOfSerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False, help_text="Read the job record as of this day (default: today)."
    )


class EmployeeFilter(filters.FilterSet):
    """The list's filters, all read as of `as_of` (default today): who was in this
    department, position, team (manager) or status on that day."""

    as_of = filters.DateFilter(method="as_of_day", label="As of this day (default: today)")
    department = IdFilter(method="as_of_day")
    position = IdFilter(method="as_of_day")
    manager = IdFilter(method="as_of_day", label="Manager (employee id)")
    status = filters.ChoiceFilter(choices=EmployeeStatus.choices, method="as_of_day")
    employment_type = filters.ChoiceFilter(choices=EmploymentType.choices, method="as_of_day")
    q = filters.CharFilter(method="as_of_day", max_length=150, label="Name or number")

    class Meta:
        model = Employee
        fields = ["as_of", "department", "position", "manager", "status", "employment_type", "q"]

    def as_of_day(self, queryset: QuerySet[Employee], name: str, value: Any) -> QuerySet[Employee]:
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset: QuerySet[Employee]) -> QuerySet[Employee]:
        data = self.form.cleaned_data
        return employee_list(
            employees=queryset,
            day=data.get("as_of") or timezone.localdate(),
            department_id=data.get("department"),
            position_id=data.get("position"),
            manager_id=data.get("manager"),
            status=data.get("status") or None,
            employment_type=data.get("employment_type") or None,
            q=data.get("q") or "",
        )


def _query(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema_field(JobRecordSerializer(allow_null=True))
class JobInForceField(FirstRowField):
    """The job record in force on the day asked (prefetched as `job_rows`), or null."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(JobRecordSerializer(), **kwargs)


class EmployeeOutputSerializer(serializers.ModelSerializer):
    """An employee with the job record in force on the day asked (`job`, null if none).

    `personal_email` and `address` are null unless the caller is an HR admin or
    the person; `id_number` and `bank_account` only ever show their last four.
    """

    job = JobInForceField(source="job_rows")
    id_number = serializers.SerializerMethodField()
    bank_account = serializers.SerializerMethodField()
    personal_email = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()

    class Meta:
        model = Employee
        fields = [
            "id",
            "number",
            "full_name",
            "preferred_name",
            "sex",
            "email",
            "phone",
            "city",
            "personal_email",
            "address",
            "hire_date",
            "left_on",
            "id_document_type",
            "id_number",
            "bank_account",
            "source_application_id",
            "job",
            "created_at",
            "updated_at",
        ]

    # Even the masked tails are HR's and the person's own, as on the employee page.
    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_id_number(self, employee: Employee) -> str | None:
        return masked_tail(employee.id_number_tail) if self._private(employee) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_bank_account(self, employee: Employee) -> str | None:
        return masked_tail(employee.bank_account_tail) if self._private(employee) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_personal_email(self, employee: Employee) -> str | None:
        return employee.personal_email if self._private(employee) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_address(self, employee: Employee) -> str | None:
        return employee.address if self._private(employee) else None

    def _private(self, employee: Employee) -> bool:
        return employee_private_visible(user=self.context["request"].user, employee=employee)


class EmployeeDetailOutputSerializer(EmployeeOutputSerializer):
    """An employee with the whole history of their job record, oldest first."""

    history = serializers.SerializerMethodField()

    class Meta(EmployeeOutputSerializer.Meta):
        fields = [*EmployeeOutputSerializer.Meta.fields, "history"]

    @extend_schema_field(JobRecordSerializer(many=True))
    def get_history(self, employee: Employee) -> list[dict[str, Any]]:
        return JobRecordSerializer(employee_history(employee), many=True).data  # type: ignore[return-value]


def _detail(request: Request, pk: int, day: date) -> dict[str, Any]:
    employee = get_scoped_or_404(
        employees_with_job(Employee.objects.all(), day), request.user, pk=pk
    )
    return EmployeeDetailOutputSerializer(employee, context={"request": request}).data  # type: ignore[return-value]


class EmployeeListApi(ScopedListApi):
    """GET the employees the caller may see (HR admins: all; a manager: their direct
    reports and themselves; anyone else: themselves) who were employed on `as_of`
    (default today), each with their job record on that day."""

    queryset = Employee.objects.all()
    serializer_class = EmployeeOutputSerializer
    filterset_class = EmployeeFilter
    ordering_fields = ("number", "hire_date", "created_at")
    ordering = ("number", "id")


class EmployeeDetailApi(APIView):
    """GET one employee with their job record as of `as_of` (default today) and its history."""

    @extend_schema(
        parameters=[AsOfSerializer],
        responses={200: EmployeeDetailOutputSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        day = _query(AsOfSerializer, request).get("as_of") or timezone.localdate()
        return Response(_detail(request, pk, day))


class EmployeeJobChangeApi(APIView):
    """POST a dated change of the job record: transfer, promotion, manager or status change
    (HR admins). The record is cut on `valid_from`; history is kept."""

    error_fields = {
        "department_id": "department",
        "position_id": "position",
        "manager_id": "manager",
        "location_id": "location",
    }

    @extend_schema_serializer(component_name="EmployeeJobChange")
    class InputSerializer(serializers.Serializer):
        valid_from = serializers.DateField()
        change = serializers.ChoiceField(
            choices=[
                choice
                for choice in Assignment.Change.choices
                if choice[0] not in (Assignment.Change.HIRE, Assignment.Change.START)
            ]
        )
        reason = serializers.CharField(max_length=255, required=False, allow_blank=True)
        department = ScopedPrimaryKeyRelatedField(
            queryset=Department.objects.active(), required=False
        )
        position = ScopedPrimaryKeyRelatedField(
            queryset=Position.objects.active(), required=False, allow_null=True
        )
        manager = ScopedPrimaryKeyRelatedField(
            queryset=Employee.objects.all(), required=False, allow_null=True
        )
        location = ScopedPrimaryKeyRelatedField(
            queryset=Location.objects.active(), required=False, allow_null=True
        )
        job_title = serializers.CharField(max_length=160, required=False)
        employment_type = serializers.ChoiceField(choices=EmploymentType.choices, required=False)
        status = serializers.ChoiceField(choices=EmployeeStatus.choices, required=False)

        RELATED = ("department", "position", "manager", "location")
        PLAIN = ("job_title", "employment_type", "status")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if not any(name in attrs for name in (*self.RELATED, *self.PLAIN)):
                raise serializers.ValidationError(
                    _("Give at least one of: %(fields)s.")
                    % {"fields": ", ".join((*self.RELATED, *self.PLAIN))}
                )
            return attrs

    @extend_schema(
        request=InputSerializer,
        responses={
            201: EmployeeDetailOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        employee = get_scoped_or_404(Employee.objects.all(), request.user, pk=pk)
        if not is_hr_admin(request.user):
            raise PermissionDenied(_("Only HR admins can change a job record."))
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        values = {
            f"{name}_id": getattr(data[name], "pk", None)
            for name in self.InputSerializer.RELATED
            if name in data
        }
        values.update({name: data[name] for name in self.InputSerializer.PLAIN if name in data})
        assignment_change(
            employee=employee,
            valid_from=data["valid_from"],
            change=data["change"],
            reason=data.get("reason", ""),
            actor=request.user,
            **values,
        )
        return Response(_detail(request, pk, data["valid_from"]), status=status.HTTP_201_CREATED)


class EmployeeContactsApi(APIView):
    """PATCH the employee's contact details: HR admins all of them; the person their
    phone, personal e-mail and address (HR is told, as in self-service)."""

    @extend_schema_serializer(component_name="EmployeeContactsUpdate")
    class InputSerializer(serializers.Serializer):
        preferred_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
        email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
        personal_email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
        phone = serializers.RegexField(
            r"^\+?[0-9 ()-]{0,32}$", max_length=32, required=False, allow_blank=True
        )
        address = serializers.CharField(max_length=255, required=False, allow_blank=True)
        city = serializers.CharField(max_length=80, required=False, allow_blank=True)

    @extend_schema(
        request=InputSerializer,
        responses={
            200: EmployeeDetailOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        employee = get_scoped_or_404(Employee.objects.all(), request.user, pk=pk)
        if not employee_private_visible(user=request.user, employee=employee):
            raise PermissionDenied(_("Only HR admins and the person can change these details."))
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = {name: value.strip() for name, value in serializer.validated_data.items()}
        if is_hr_admin(request.user):
            employee_identity_update(employee=employee, actor=request.user, **values)
        else:
            if set(values) - set(CONTACT_FIELDS):
                raise PermissionDenied(
                    _("You can change your phone, personal e-mail and address; HR the rest.")
                )
            employee_contacts_update(employee=employee, actor=request.user, **values)
        return Response(_detail(request, pk, timezone.localdate()))
