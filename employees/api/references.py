"""Small shapes the employee resources share: references to other rows, masked values."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from employees.models import Assignment

MASK = "••••"


def masked_tail(tail: str) -> str | None:
    """A sensitive value as shown outside its reveal: only its last characters."""
    return f"{MASK}{tail}" if tail else None


class EmployeeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    full_name = serializers.CharField()


class DepartmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class LocationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class PositionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()


class JobRecordSerializer(serializers.ModelSerializer):
    """One effective-dated job record (`valid_to` exclusive; null: still in force)."""

    department = DepartmentRefSerializer()
    position = PositionRefSerializer(allow_null=True)
    manager = EmployeeRefSerializer(allow_null=True)
    location = LocationRefSerializer(allow_null=True)

    class Meta:
        model = Assignment
        fields = [
            "valid_from",
            "valid_to",
            "department",
            "position",
            "manager",
            "location",
            "job_title",
            "employment_type",
            "status",
            "change",
            "reason",
        ]


@extend_schema_field(OpenApiTypes.STR)
class MaskedTailField(serializers.Field):
    """Reads the `<field>_tail` column: the value itself never leaves the database."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: str) -> str | None:
        return masked_tail(value)


class FirstRowField(serializers.Field):
    """The first row of a prefetched list (the job record in force: zero or one row),
    through one serializer built once for the whole list."""

    def __init__(self, child: serializers.Serializer, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)
        self.child = child

    def to_representation(self, rows: list[Any]) -> Any:
        return self.child.to_representation(rows[0]) if rows else None

    def get_attribute(self, instance: Any) -> Any:
        return getattr(instance, self.source, [])
