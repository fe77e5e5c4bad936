"""Payroll runs and payslips over the API (issue 19).

Runs and every payslip of a run are for payroll officers and HR admins: for anyone
else a run or a payslip id is 404 and the run list is empty. `approve` locks a run and
sends its payslips through the same service as the page
(`employees.pay.payslips.payroll_run_approve_and_send`). An employee reads their own
payslips of locked runs under /me/payslips/ and acknowledges one there; any other id,
or a month still in review, is 404. Money goes out as decimal strings ("40000.00"),
never as floats.
"""

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employees.api.references import EmployeeRefSerializer
from employees.api.salaries import PayGroupRefSerializer
from employees.models import PayrollRun, Payslip
from employees.pay.explain import lines_shown
from employees.pay.payslips import payroll_run_approve_and_send, payslip_acknowledge
from employees.pay.selectors import is_payroll, own_payslip, own_payslips, run_get, runs_list
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.api.errors import ErrorSerializer
from hrflow.core.api.filters import IdFilter
from hrflow.core.api.scoped_views import ScopedDetailApi, ScopedListApi

REFUSALS = {400: ErrorSerializer, 404: ErrorSerializer}
MONEY = {"max_digits": 14, "decimal_places": 2, "coerce_to_string": True}
PAYSLIP_MONEY = (
    "gross", "taxable", "insurance_employee", "housing_fund_employee", "income_tax", "net",
    "insurance_employer", "housing_fund_employer",
)  # fmt: skip


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(read_only=True, **MONEY, **kwargs)


# --- runs ---------------------------------------------------------------------------


class PayrollRunOutputSerializer(serializers.ModelSerializer):
    pay_group = PayGroupRefSerializer()
    headcount = serializers.IntegerField()
    total_gross = _money()
    total_insurance = _money(help_text="Social insurance and housing fund, employee part.")
    total_tax = _money()
    total_net = _money()
    total_employer_cost = _money(help_text="Gross pay plus the employer's contributions.")

    class Meta:
        model = PayrollRun
        fields = [
            "id", "pay_group", "month", "status", "headcount", "total_gross", "total_insurance",
            "total_tax", "total_net", "total_employer_cost", "computed_at", "computed_by",
            "approved_at", "approved_by", "inputs_digest", "figures_digest",
        ]  # fmt: skip


class PayrollRunFilter(filters.FilterSet):
    pay_group = IdFilter(field_name="pay_group_id")
    status = filters.ChoiceFilter(choices=PayrollRun.Status.choices)
    month = filters.DateFromToRangeFilter(field_name="month")

    class Meta:
        model = PayrollRun
        fields = ["pay_group", "status", "month"]


class PayrollRunListApi(ScopedListApi):
    """GET the runs with their headcount and totals (payroll officers and HR admins;
    empty for anyone else), newest month first."""

    queryset = PayrollRun.objects.all()
    serializer_class = PayrollRunOutputSerializer
    filterset_class = PayrollRunFilter
    ordering_fields = ("month", "computed_at")
    ordering = ("-month", "-id")

    def unscoped_queryset(self) -> QuerySet[Any]:
        # runs_list scopes already; the list view scopes once more, which changes nothing.
        return runs_list(viewer=self.request.user)


class PayrollRunDetailApi(APIView):
    @extend_schema(responses={200: PayrollRunOutputSerializer, 404: ErrorSerializer})
    def get(self, request: Request, pk: int) -> Response:
        run = run_get(viewer=request.user, pk=pk)
        return Response(PayrollRunOutputSerializer(run).data)


class PayrollRunApproveApi(APIView):
    """POST: approve and lock the run, and e-mail every employee their payslip. Refused
    (400) once locked, or when an input changed after computing (compute it again)."""

    @extend_schema(request=None, responses={200: PayrollRunOutputSerializer, **REFUSALS})
    def post(self, request: Request, pk: int) -> Response:
        run = run_get(viewer=request.user, pk=pk)
        payroll_run_approve_and_send(run=run, actor=request.user)
        return Response(PayrollRunOutputSerializer(run_get(viewer=request.user, pk=pk)).data)


# --- payslips -----------------------------------------------------------------------


class PayslipOutputSerializer(serializers.ModelSerializer):
    employee = EmployeeRefSerializer()
    month = serializers.DateField(source="run.month")

    class Meta:
        model = Payslip
        fields = [
            "id", "run", "month", "employee", "department_id", "region", "days_paid",
            *PAYSLIP_MONEY, "sent_at", "acknowledged_at",
        ]  # fmt: skip
        extra_kwargs = dict.fromkeys(PAYSLIP_MONEY, MONEY)


class PayslipLineOutputSerializer(serializers.Serializer):
    category = serializers.CharField()
    code = serializers.CharField()
    label = serializers.CharField(help_text="In the caller's language.")
    amount = _money(help_text="Signed: deductions, insurance and tax are negative.")
    summary = serializers.CharField(help_text="How the figure was worked out, in a sentence.")
    explanation = serializers.JSONField(help_text="The inputs, steps and rules it came from.")


class PayslipDetailOutputSerializer(PayslipOutputSerializer):
    lines = serializers.SerializerMethodField()

    class Meta(PayslipOutputSerializer.Meta):
        fields = [*PayslipOutputSerializer.Meta.fields, "ytd", "lines"]

    @extend_schema_field(PayslipLineOutputSerializer(many=True))
    def get_lines(self, payslip: Payslip) -> list[dict[str, Any]]:
        stored = list(payslip.lines.all())
        rules = payslip.run.rules_used if self.context.get("with_rules") else []
        shown = lines_shown(stored, region=payslip.region, rules_used=rules)
        return [
            {
                "category": line.category,
                "code": line.code,
                "label": line.label,
                "amount": serializers.DecimalField(**MONEY).to_representation(line.amount),
                "summary": line.summary,
                "explanation": raw.explanation,
            }
            for line, raw in zip(shown, stored, strict=True)
        ]


def _for_payroll(request: Request, queryset: QuerySet[Payslip]) -> QuerySet[Payslip]:
    """Payslips through the payroll endpoints: nothing for anyone who does not run
    payroll (an employee reads their own under /me/payslips/)."""
    return queryset if is_payroll(request.user) else queryset.none()


class PayrollRunPayslipListApi(ScopedListApi):
    """GET a run's payslips (payroll officers and HR admins); 404 for anyone else."""

    queryset = Payslip.objects.all()
    serializer_class = PayslipOutputSerializer
    filterset_class = None
    ordering_fields = ("id",)
    ordering = ("id",)

    def unscoped_queryset(self) -> QuerySet[Any]:
        run = get_scoped_or_404(PayrollRun.objects.all(), self.request.user, pk=self.kwargs["pk"])
        payslips = Payslip.objects.filter(run=run).select_related("employee", "run")
        return _for_payroll(self.request, payslips.defer("run__inputs", "run__rules_used"))


class PayslipDetailApi(ScopedDetailApi):
    """GET one payslip with its lines explained (payroll officers and HR admins)."""

    queryset = Payslip.objects.all()
    serializer_class = PayslipDetailOutputSerializer

    def unscoped_queryset(self) -> QuerySet[Any]:
        payslips = Payslip.objects.select_related("employee", "run").prefetch_related("lines")
        return _for_payroll(self.request, payslips.defer("run__inputs"))

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "with_rules": True}


# --- the employee's own -------------------------------------------------------------


class MyPayslipListApi(ScopedListApi):
    """GET the caller's own payslips of locked runs, the newest first."""

    queryset = Payslip.objects.all()
    serializer_class = PayslipOutputSerializer
    filterset_class = None
    ordering_fields = ("id",)
    ordering = ("-id",)

    def unscoped_queryset(self) -> QuerySet[Any]:
        return own_payslips(self.request.user).select_related("employee")


class MyPayslipDetailApi(ScopedDetailApi):
    """GET one of the caller's own payslips of a locked run, with its lines explained."""

    queryset = Payslip.objects.all()
    serializer_class = PayslipDetailOutputSerializer

    def unscoped_queryset(self) -> QuerySet[Any]:
        return own_payslips(self.request.user).select_related("employee").prefetch_related("lines")


class MyPayslipAcknowledgeApi(APIView):
    """POST: confirm receiving the payslip; the first time is kept."""

    @extend_schema(request=None, responses={200: PayslipOutputSerializer, 404: ErrorSerializer})
    def post(self, request: Request, pk: int) -> Response:
        payslip = own_payslip(viewer=request.user, pk=pk)
        done = payslip_acknowledge(payslip=payslip, actor=request.user)
        return Response(PayslipOutputSerializer(own_payslip(viewer=request.user, pk=done.pk)).data)
