"""Pay groups (read) and pay components (read, create, change) over the API, for payroll
officers and HR admins. Every change goes through employees.pay.setup, which checks a
formula when it is saved and refuses a circle of formulas or breaking one."""

from typing import Any

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from employees.api.pay_permissions import HandlesPay
from employees.models import PayComponent, PayGroup
from employees.pay.formulas.vocabulary import MOST_CHARS
from employees.pay.setup import pay_component_save
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.api.errors import ErrorSerializer
from hrflow.core.api.scoped_views import ScopedDetailApi, ScopedListApi

REFUSALS = {400: ErrorSerializer, 403: ErrorSerializer}
PERMISSIONS = [IsAuthenticated, HandlesPay]


# --- pay groups ----------------------------------------------------------------------


class PayGroupOutputSerializer(serializers.ModelSerializer):
    work_injury_rate = serializers.DecimalField(
        max_digits=6, decimal_places=4, coerce_to_string=True
    )
    housing_fund_rate = serializers.DecimalField(
        max_digits=6, decimal_places=4, coerce_to_string=True
    )

    class Meta:
        model = PayGroup
        fields = [
            "id", "name", "cut_off_day", "pay_day", "proration", "work_injury_rate",
            "housing_fund_rate", "bank_file_columns", "active", "created_at", "updated_at",
        ]  # fmt: skip


class PayGroupFilter(filters.FilterSet):
    active = filters.BooleanFilter()

    class Meta:
        model = PayGroup
        fields = ["active"]


class PayGroupListApi(ScopedListApi):
    """GET the pay groups (payroll officers and HR admins). Rates are decimal fractions
    as text ("0.0050" is 0.5 %)."""

    queryset = PayGroup.objects.all()
    serializer_class = PayGroupOutputSerializer
    filterset_class = PayGroupFilter
    ordering_fields = ("name",)
    ordering = ("name", "id")
    permission_classes = PERMISSIONS


# --- pay components ------------------------------------------------------------------


class PayComponentOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = PayComponent
        fields = [
            "id", "code", "name", "kind", "calculation", "formula", "taxable", "position",
            "active", "created_at", "updated_at",
        ]  # fmt: skip


class PayComponentInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=80)
    kind = serializers.ChoiceField(choices=PayComponent.Kind.choices)
    calculation = serializers.ChoiceField(choices=PayComponent.Calculation.choices)
    formula = serializers.CharField(
        max_length=MOST_CHARS,
        required=False,
        allow_blank=True,
        default="",
        help_text="Only for the calculation `formula`: checked when saved.",
    )
    taxable = serializers.BooleanField(
        default=True,
        help_text="An earning: taxable income. A deduction: taken off before tax.",
    )
    position = serializers.IntegerField(min_value=0, max_value=32_767, default=0)
    active = serializers.BooleanField(default=True)


class PayComponentFilter(filters.FilterSet):
    active = filters.BooleanFilter()
    kind = filters.ChoiceFilter(choices=PayComponent.Kind.choices)
    calculation = filters.ChoiceFilter(choices=PayComponent.Calculation.choices)

    class Meta:
        model = PayComponent
        fields = ["active", "kind", "calculation"]


class PayComponentListCreateApi(ScopedListApi):
    """GET the pay components in payslip order; POST a new one (its formula, if any, is
    checked against the figures and the other components' codes)."""

    queryset = PayComponent.objects.all()
    serializer_class = PayComponentOutputSerializer
    filterset_class = PayComponentFilter
    ordering_fields = ("position", "code")
    ordering = ("position", "code", "id")
    permission_classes = PERMISSIONS

    @extend_schema_serializer(component_name="PayComponentCreate")
    class InputSerializer(PayComponentInputSerializer):
        pass

    @extend_schema(
        request=InputSerializer, responses={201: PayComponentOutputSerializer, **REFUSALS}
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        component = pay_component_save(
            component=None, actor=request.user, **serializer.validated_data
        )
        return Response(
            PayComponentOutputSerializer(component).data, status=status.HTTP_201_CREATED
        )


class PayComponentDetailApi(ScopedDetailApi):
    """GET a pay component; PATCH it: a component other formulas read keeps its code
    and stays active; one that salaries hold amounts of keeps its kind and calculation."""

    queryset = PayComponent.objects.all()
    serializer_class = PayComponentOutputSerializer
    permission_classes = PERMISSIONS

    @extend_schema_serializer(component_name="PayComponentUpdate")
    class InputSerializer(PayComponentInputSerializer):
        pass

    @extend_schema(
        request=InputSerializer,
        responses={200: PayComponentOutputSerializer, 404: ErrorSerializer, **REFUSALS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        component = get_scoped_or_404(PayComponent.objects.all(), request.user, pk=pk)
        current = {name: getattr(component, name) for name in PayComponentInputSerializer().fields}
        serializer = self.InputSerializer(data={**current, **_dict(request.data)})
        serializer.is_valid(raise_exception=True)
        saved = pay_component_save(
            component=component, actor=request.user, **serializer.validated_data
        )
        return Response(PayComponentOutputSerializer(saved).data)


def _dict(data: Any) -> dict[str, Any]:
    return dict(data) if isinstance(data, dict) else {}
