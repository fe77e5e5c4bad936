"""KPI metrics (read) and their values: read with the employees' scope, and sent in lists
by other systems (HR admins' tokens). A list is stored whole or not at all."""

from typing import Any, cast

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from employees.api.references import EmployeeRefSerializer
from employees.metrics.checking import RawValue
from employees.metrics.selectors import metric_list
from employees.metrics.services import MAX_VALUES_PER_CALL, metric_values_submit
from employees.models import Metric, MetricValue
from hrflow.accounts.models import User
from hrflow.core.api.errors import ErrorSerializer
from hrflow.core.api.filters import IdFilter
from hrflow.core.api.permissions import HrAdminWrites
from hrflow.core.api.scoped_views import ScopedListApi
from hrflow.core.params import parse_id


class MetricOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Metric
        fields = [
            "id",
            "code",
            "name_zh",
            "name_en",
            "unit",
            "direction",
            "aggregation",
            "is_active",
        ]


class MetricListApi(generics.ListAPIView):
    """GET the metric catalogue (every signed-in caller: it names no person)."""

    serializer_class = MetricOutputSerializer
    pagination_class = None
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Metric]:
        return metric_list()


class MetricValueFilter(filters.FilterSet):
    metric = filters.CharFilter(field_name="metric__code", help_text="A metric code.")
    employee = IdFilter(field_name="employee_id")

    class Meta:
        model = MetricValue
        fields = ["metric", "employee"]


# "from" is a Python keyword: the period's bounds are added under their names.
MetricValueFilter.base_filters["from"] = filters.DateFilter(
    field_name="on", lookup_expr="gte", help_text="First day (inclusive), YYYY-MM-DD."
)
MetricValueFilter.base_filters["to"] = filters.DateFilter(
    field_name="on", lookup_expr="lte", help_text="Last day (inclusive), YYYY-MM-DD."
)


class MetricRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()


class MetricValueOutputSerializer(serializers.ModelSerializer):
    metric = MetricRefSerializer()
    employee = EmployeeRefSerializer()

    class Meta:
        model = MetricValue
        fields = ["id", "metric", "employee", "on", "value", "source", "recorded_at"]


class MetricValueItemSerializer(serializers.Serializer):
    """One value. The checks (a known employee and active metric, a day not in the
    future, a finite number) are the service's, the same as a file's."""

    employee = serializers.CharField(max_length=20, help_text="The employee number (工号).")
    metric = serializers.CharField(max_length=40, help_text="The metric code.")
    on = serializers.CharField(max_length=40, help_text="The day, YYYY-MM-DD.")
    value = serializers.CharField(
        max_length=40, help_text="A finite number (kept to 4 decimal places)."
    )


class MetricValuesStoredSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    inserted = serializers.IntegerField()
    updated = serializers.IntegerField(help_text="Values that replaced a different one.")
    unchanged = serializers.IntegerField(help_text="Values already stored as sent.")


class _IdCursorPagination(CursorPagination):
    """Pages of 50 (up to 200), newest first by id: one import writes thousands of values
    in the same instant, so a time would tie. A cursor naming no possible id is invalid,
    not a 500 (the position goes into `id < position`)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-id",)

    def decode_cursor(self, request: Request) -> Any:
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None and parse_id(cursor.position) is None:
            raise NotFound(self.invalid_cursor_message)
        return cursor


class MetricValueListApi(ScopedListApi):
    """GET the values of the employees the caller may see (HR all, a manager their
    reports', an employee their own); POST a list of values (HR admins)."""

    queryset = MetricValue.objects.select_related("metric", "employee")
    serializer_class = MetricValueOutputSerializer
    filterset_class = MetricValueFilter
    pagination_class = _IdCursorPagination
    ordering_fields = ("id",)
    ordering = ("-id",)
    permission_classes = [IsAuthenticated, HrAdminWrites]

    @extend_schema_serializer(component_name="MetricValueCreate")
    class InputSerializer(MetricValueItemSerializer):
        pass

    @extend_schema(
        description=(
            "Store a list of values, at most 5,000. All or nothing: a bad item answers 400 "
            'naming it by index and field (`"3.value"`) and stores nothing. Idempotent: a '
            "value already stored as sent changes nothing; a different one replaces it and "
            "the change is audited."
        ),
        request=InputSerializer(many=True),
        responses={200: MetricValuesStoredSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(
            data=request.data, many=True, max_length=MAX_VALUES_PER_CALL, allow_empty=False
        )
        serializer.is_valid(raise_exception=True)
        raws = [
            RawValue(
                index, item["employee"].strip(), item["metric"].strip(), item["on"], item["value"]
            )
            for index, item in enumerate(serializer.validated_data)
        ]
        stored = metric_values_submit(raws=raws, actor=cast(User, request.user))
        body = {
            "received": len(raws),
            "inserted": stored.inserted,
            "updated": stored.updated,
            "unchanged": stored.unchanged,
        }
        return Response(MetricValuesStoredSerializer(body).data)
