"""Salary records over the API: an employee's dated salaries (list, read) and a change
from a day (POST, through employees.pay.salaries.salary_change), for payroll officers
and HR admins only.

The employee in the URL and the pay group in the body resolve through the caller's
scope: an unknown one answers like a missing one (404, or "does not exist"). Amounts
go out as text with two decimals ("8500.00"); send them as text too.
"""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employees.api.pay_permissions import HandlesPay
from employees.api.references import EmployeeRefSerializer
from employees.models import Employee, PayGroup, SalaryRecord
from employees.pay.access import pay_employees
from employees.pay.salaries import salary_change, salary_day_check, salary_records_with_items
from hrflow.accounts.scoping import scoped
from hrflow.core.api.errors import ErrorSerializer
from hrflow.core.api.scoped_views import ScopedDetailApi, ScopedPrimaryKeyRelatedField

PERMISSIONS = [IsAuthenticated, HandlesPay]
MONEY = {"max_digits": 12, "decimal_places": 2}
# What a change may give; the rest comes from the salary in force on its day.
CHANGE_FIELDS = (
    "pay_group", "base_monthly", "items", "insurance_base", "local_hukou", "tax_resident",
)  # fmt: skip
# More components than a company has; a longer list is not a salary.
MAX_ITEMS = 100


def _money_out(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(coerce_to_string=True, read_only=True, **MONEY, **kwargs)


class PayGroupRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SalaryItemOutputSerializer(serializers.Serializer):
    component = serializers.CharField(source="component.code")
    name = serializers.CharField(source="component.name")
    calculation = serializers.CharField(source="component.calculation")
    amount = _money_out(help_text="A month, per day worked or per hour, by the calculation.")


class SalaryRecordOutputSerializer(serializers.ModelSerializer):
    """One dated salary (`valid_to` exclusive; null: still in force)."""

    employee = EmployeeRefSerializer()
    pay_group = PayGroupRefSerializer()
    base_monthly = _money_out()
    insurance_base = _money_out(allow_null=True)
    items = SalaryItemOutputSerializer(many=True)

    class Meta:
        model = SalaryRecord
        fields = [
            "id", "employee", "valid_from", "valid_to", "pay_group", "base_monthly",
            "insurance_base", "local_hukou", "tax_resident", "items", "reason", "created_at",
            "updated_at",
        ]  # fmt: skip


def _records(request: Request) -> QuerySet[SalaryRecord]:
    return scoped(salary_records_with_items().select_related("employee", "pay_group"), request.user)


def _employee_or_404(request: Request, pk: int) -> Employee:
    employee = pay_employees(request.user).filter(pk=pk).first()
    if employee is None:
        raise Http404
    return employee


def _output(request: Request, record: SalaryRecord) -> dict[str, Any]:
    return SalaryRecordOutputSerializer(_records(request).get(pk=record.pk)).data  # type: ignore[return-value]


class EmployeeSalaryRecordListCreateApi(APIView):
    """GET the employee's salary records, oldest first; POST a change from a day."""

    permission_classes = PERMISSIONS

    @extend_schema_serializer(component_name="SalaryChange")
    class InputSerializer(serializers.Serializer):
        valid_from = serializers.DateField()
        pay_group = ScopedPrimaryKeyRelatedField(
            queryset=PayGroup.objects.all(),
            required=False,
            help_text="Default: the pay group of the salary in force on `valid_from`.",
        )
        base_monthly = serializers.DecimalField(
            required=False, help_text="Default: the salary in force on `valid_from`.", **MONEY
        )
        items = serializers.DictField(
            child=serializers.DecimalField(**MONEY),
            required=False,
            help_text=(
                "Component code -> amount (a month, per day worked or per hour of overtime), "
                "all of them: a component left out is no longer paid. Default: the items of "
                "the salary in force on `valid_from`."
            ),
        )
        insurance_base = serializers.DecimalField(required=False, allow_null=True, **MONEY)
        local_hukou = serializers.BooleanField(required=False)
        tax_resident = serializers.BooleanField(required=False)
        reason = serializers.CharField(max_length=255)

        def validate_items(self, items: dict[str, Any]) -> dict[str, Any]:
            if len(items) > MAX_ITEMS:
                raise serializers.ValidationError(
                    _("Give at most %(most)s components.") % {"most": MAX_ITEMS}
                )
            return items

    @extend_schema(
        responses={
            200: SalaryRecordOutputSerializer(many=True),
            403: ErrorSerializer,
            404: ErrorSerializer,
        }
    )
    def get(self, request: Request, pk: int) -> Response:
        employee = _employee_or_404(request, pk)
        records = _records(request).filter(employee=employee).order_by("valid_from")
        return Response(SalaryRecordOutputSerializer(records, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={
            201: SalaryRecordOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        employee = _employee_or_404(request, pk)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # Before the defaults: a day outside the employment has no salary to start from.
        salary_day_check(employee, data["valid_from"])
        values = _with_defaults(request, employee, data["valid_from"], data)
        record = salary_change(
            employee=employee,
            valid_from=data["valid_from"],
            reason=data["reason"],
            actor=request.user,
            **values,
        )
        return Response(_output(request, record), status=status.HTTP_201_CREATED)


def _with_defaults(
    request: Request, employee: Employee, day: date, data: dict[str, Any]
) -> dict[str, Any]:
    """What the body gives, the rest from the salary in force on `day`: a raise names
    only the new base salary."""
    base = scoped(
        salary_records_with_items().filter(employee=employee).as_of(day), request.user
    ).first()
    start: dict[str, Any] = {"items": {}, "insurance_base": None}
    if base is None:
        missing = [name for name in ("pay_group", "base_monthly") if name not in data]
        if missing:
            raise serializers.ValidationError(
                {
                    name: [_("Give it: the employee has no salary on that day to start from.")]
                    for name in missing
                }
            )
    else:
        start = {
            "pay_group": base.pay_group,
            "base_monthly": base.base_monthly,
            "items": {item.component.code: item.amount for item in base.items.all()},
            "insurance_base": base.insurance_base,
            "local_hukou": base.local_hukou,
            "tax_resident": base.tax_resident,
        }
    return {**start, **{name: data[name] for name in CHANGE_FIELDS if name in data}}


class SalaryRecordDetailApi(ScopedDetailApi):
    """GET one salary record."""

    queryset = salary_records_with_items().select_related("employee", "pay_group")
    serializer_class = SalaryRecordOutputSerializer
    permission_classes = PERMISSIONS
