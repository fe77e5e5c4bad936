"""Review cycles and reviews: read, scoped (HR all, a manager their reports' and the
reviews they write, an employee their own); peer and upward answers only pooled."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from employees.api.references import DepartmentRefSerializer, EmployeeRefSerializer
from employees.models import Goal, Review, ReviewCycle, ReviewerKind
from employees.performance.selectors import review_answers_pooled
from hrflow.core.api.filters import IdFilter
from hrflow.core.api.scoped_views import ScopedDetailApi, ScopedListApi


class ReviewCycleOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewCycle
        fields = [
            "id", "name", "kind", "period_start", "period_end", "status", "self_review",
            "peer_review", "upward_review", "anonymity_minimum", "rating_bounds", "closed_at",
        ]  # fmt: skip


class ReviewCycleFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=ReviewCycle.Status.choices)

    class Meta:
        model = ReviewCycle
        fields = ["status"]


class ReviewCycleListApi(ScopedListApi):
    """GET the review cycles (the company's calendar: every signed-in role)."""

    queryset = ReviewCycle.objects.all()
    serializer_class = ReviewCycleOutputSerializer
    filterset_class = ReviewCycleFilter
    ordering_fields = ("created_at", "period_end")


class ReviewCycleDetailApi(ScopedDetailApi):
    queryset = ReviewCycle.objects.all()
    serializer_class = ReviewCycleOutputSerializer


class GoalOutputSerializer(serializers.ModelSerializer):
    metric = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "metric", "direction", "target", "bands", "weight", "actual", "score"]


class ReviewOutputSerializer(serializers.ModelSerializer):
    employee = EmployeeRefSerializer()
    manager = EmployeeRefSerializer(allow_null=True)
    department = DepartmentRefSerializer(allow_null=True)
    goals = GoalOutputSerializer(many=True)

    class Meta:
        model = Review
        fields = [
            "id", "cycle", "employee", "manager", "department", "stage", "score",
            "manager_rating", "final_rating", "self_submitted_at", "manager_submitted_at",
            "acknowledged_at", "goals",
        ]  # fmt: skip


class PooledItemSerializer(serializers.Serializer):
    section = serializers.IntegerField(source="section_id")
    competency = serializers.IntegerField(source="competency_id", allow_null=True)
    goal = serializers.IntegerField(source="goal_id", allow_null=True)
    mean_rating = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    comments = serializers.ListField(child=serializers.CharField())


class ReviewDetailOutputSerializer(ReviewOutputSerializer):
    peer = serializers.SerializerMethodField()
    upward = serializers.SerializerMethodField()

    class Meta(ReviewOutputSerializer.Meta):
        fields = [*ReviewOutputSerializer.Meta.fields, "peer", "upward"]

    @extend_schema_field(PooledItemSerializer(many=True, allow_null=True))
    def get_peer(self, review: Review) -> Any:
        return _pooled(review, ReviewerKind.PEER)

    @extend_schema_field(PooledItemSerializer(many=True, allow_null=True))
    def get_upward(self, review: Review) -> Any:
        return _pooled(review, ReviewerKind.UPWARD)


def _pooled(review: Review, kind: str) -> Any:
    """Null below the cycle's minimum of answers: not even how many answered."""
    items = review_answers_pooled(review, kind)
    return None if items is None else PooledItemSerializer(items, many=True).data


def reviews_for_output() -> QuerySet[Review]:
    return Review.objects.select_related(
        "cycle", "employee", "manager", "department"
    ).prefetch_related(Prefetch("goals", queryset=Goal.objects.select_related("metric")))


class ReviewFilter(filters.FilterSet):
    cycle = IdFilter(field_name="cycle_id")
    employee = IdFilter(field_name="employee_id")
    stage = filters.MultipleChoiceFilter(choices=Review.Stage.choices)

    class Meta:
        model = Review
        fields = ["cycle", "employee", "stage"]


class ReviewListApi(ScopedListApi):
    """GET the reviews the caller may see, with their goals and scores."""

    queryset = reviews_for_output()
    serializer_class = ReviewOutputSerializer
    filterset_class = ReviewFilter
    ordering_fields = ("created_at",)


class ReviewDetailApi(ScopedDetailApi):
    """GET one review with its peer and upward answers pooled (null below the minimum)."""

    queryset = reviews_for_output()
    serializer_class = ReviewDetailOutputSerializer
