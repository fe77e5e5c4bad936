"""Labour contracts: read, with the employees' scope (a manager sees their reports')."""

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers

from employees.api.references import EmployeeRefSerializer
from employees.models import Contract
from hrflow.core.api.filters import IdFilter
from hrflow.core.api.scoped_views import ScopedDetailApi, ScopedListApi


def contracts_for_output() -> QuerySet[Contract]:
    return Contract.objects.select_related("employee")


class ContractFilter(filters.FilterSet):
    employee = IdFilter(field_name="employee_id")
    kind = filters.MultipleChoiceFilter(choices=Contract.Kind.choices)
    status = filters.MultipleChoiceFilter(choices=Contract.Status.choices)
    ends_on = filters.DateFromToRangeFilter(field_name="ends_on")

    class Meta:
        model = Contract
        fields = ["employee", "kind", "status", "ends_on"]


class ContractOutputSerializer(serializers.ModelSerializer):
    employee = EmployeeRefSerializer()
    renewal_count = serializers.IntegerField()

    class Meta:
        model = Contract
        fields = [
            "id",
            "employee",
            "kind",
            "sequence",
            "renewal_count",
            "renewal_of",
            "starts_on",
            "ends_on",
            "task_description",
            "probation_months",
            "probation_ends_on",
            "signed_on",
            "status",
            "created_at",
            "updated_at",
        ]


class ContractListApi(ScopedListApi):
    """GET the contracts of the employees the caller may see."""

    queryset = contracts_for_output()
    serializer_class = ContractOutputSerializer
    filterset_class = ContractFilter
    ordering_fields = ("created_at", "starts_on")


class ContractDetailApi(ScopedDetailApi):
    queryset = contracts_for_output()
    serializer_class = ContractOutputSerializer
