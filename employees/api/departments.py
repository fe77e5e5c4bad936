"""Departments: the org's tree, read-only here (HR admins edit it in the app)."""

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers

from hrflow.core.api.filters import IdFilter
from hrflow.core.api.scoped_views import ScopedDetailApi, ScopedListApi
from hrflow.org.models import Department


def departments_for_output() -> QuerySet[Department]:
    return Department.objects.select_related("head")


class DepartmentFilter(filters.FilterSet):
    parent = IdFilter(field_name="parent_id")
    is_active = filters.BooleanFilter()

    class Meta:
        model = Department
        fields = ["parent", "is_active"]


class DepartmentHeadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class DepartmentOutputSerializer(serializers.ModelSerializer):
    head = DepartmentHeadSerializer(allow_null=True)

    class Meta:
        model = Department
        fields = ["id", "code", "name", "parent", "depth", "head", "is_active", "created_at"]


class DepartmentListApi(ScopedListApi):
    """GET the departments (every signed-in role reads the org's structure)."""

    queryset = departments_for_output()
    serializer_class = DepartmentOutputSerializer
    filterset_class = DepartmentFilter
    ordering_fields = ("code", "created_at")
    ordering = ("code", "id")


class DepartmentDetailApi(ScopedDetailApi):
    queryset = departments_for_output()
    serializer_class = DepartmentOutputSerializer
