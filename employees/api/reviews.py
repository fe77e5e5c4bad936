"""Review cycles and reviews: read, scoped (HR all, a manager their reports' and the
reviews they write, an employee their own); peer and upward answers only pooled. HR
opens a cycle here too (POST); the actions on one cycle or review are in
employees/api/review_actions.py."""

from collections import defaultdict
from collections.abc import Sequence
from copy import copy
from decimal import Decimal
from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from employees.api.references import DepartmentRefSerializer, EmployeeRefSerializer
from employees.models import (
    Employee,
    Goal,
    Metric,
    Position,
    Review,
    ReviewCycle,
    ReviewerKind,
    ReviewTemplate,
)
from employees.models.performance import CycleKind
from employees.performance.cycles import CycleInput, GoalPlan, GoalSpec, review_cycle_open
from employees.performance.kpi import reviews_score
from employees.performance.review_page import review_sees_all
from employees.performance.selectors import review_answers_pooled
from hrflow.accounts.models import User
from hrflow.core.api.errors import ErrorSerializer
from hrflow.core.api.filters import IdFilter
from hrflow.core.api.scoped_views import (
    ScopedDetailApi,
    ScopedListApi,
    ScopedPrimaryKeyRelatedField,
)
from hrflow.org.models import Department

# The permission of HR's review pages (employees/performance/views_hr.py): open, calibrate
# and close cycles, move a final rating.
REVIEWS_MANAGE = "employees.change_reviewcycle"
# Bounds of what a body may hold: no goal set or band list is anywhere near these.
GOALS_MAX = 500
BANDS_MAX = 20
DECIMAL = {"max_digits": 14, "decimal_places": 4}


class ManagesReviews(BasePermission):
    """HR's review actions: the permission the HR review pages ask for."""

    message = gettext_lazy("Only HR admins can do this.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user.has_perm(REVIEWS_MANAGE))


class ManagesReviewWrites(ManagesReviews):
    """Reads for every signed-in caller (their scope decides); writes for HR."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in SAFE_METHODS or super().has_permission(request, view)


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


class ReviewCycleOpenedOutputSerializer(ReviewCycleOutputSerializer):
    reviews = serializers.SerializerMethodField(help_text="How many reviews the cycle holds.")

    class Meta(ReviewCycleOutputSerializer.Meta):
        fields = [*ReviewCycleOutputSerializer.Meta.fields, "reviews"]

    def get_reviews(self, cycle: ReviewCycle) -> int:
        return cycle.reviews.count()


class CycleGoalInputSerializer(serializers.Serializer):
    """One KPI goal for the people of one department (and its subtree, unless a lower
    department has goals of its own), one position or one employee: the most specific
    set wins. The goal's direction is its metric's."""

    department = ScopedPrimaryKeyRelatedField(
        queryset=Department.objects.filter(is_active=True), required=False
    )
    position = ScopedPrimaryKeyRelatedField(queryset=Position.objects.all(), required=False)
    employee = ScopedPrimaryKeyRelatedField(queryset=Employee.objects.all(), required=False)
    metric = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Metric.objects.filter(is_active=True),
        help_text="A metric code.",
    )
    target = serializers.DecimalField(**DECIMAL)
    bands = serializers.ListField(
        child=serializers.ListField(
            child=serializers.DecimalField(**DECIMAL), min_length=2, max_length=2
        ),
        min_length=1,
        max_length=BANDS_MAX,
        help_text="[[bound, percent], ...], e.g. [[2, 100], [3, 60]] for lower is better.",
    )
    weight = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100),
        default=Decimal(100), help_text="Percent; each set's weights sum to 100.",
    )  # fmt: skip

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        named = [key for key in ("department", "position", "employee") if data.get(key)]
        if len(named) != 1:
            raise serializers.ValidationError(
                gettext_lazy("Name exactly one department, position or employee per goal.")
            )
        return data


class ReviewCycleOpenInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=CycleKind.choices)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    template = serializers.PrimaryKeyRelatedField(
        queryset=ReviewTemplate.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Empty: each department's template.",
    )
    department = ScopedPrimaryKeyRelatedField(
        queryset=Department.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Empty: everyone employed.",
    )
    self_review = serializers.BooleanField(default=True)
    peer_review = serializers.BooleanField(default=False)
    upward_review = serializers.BooleanField(default=False)
    goals = CycleGoalInputSerializer(many=True, required=False, max_length=GOALS_MAX)


def _goal_plan(items: Sequence[dict[str, Any]]) -> GoalPlan | None:
    """The body's goals grouped the way the service takes them (it checks the rules)."""
    if not items:
        return None
    tables: dict[str, dict[int, list[GoalSpec]]] = {
        "department": defaultdict(list),
        "position": defaultdict(list),
        "employee": defaultdict(list),
    }
    for item in items:
        key = next(key for key in tables if item.get(key))
        metric = item["metric"]
        tables[key][item[key].pk].append(
            GoalSpec(
                metric_id=metric.pk,
                direction=metric.direction,
                target=item["target"],
                bands=[[_plain(number) for number in band] for band in item["bands"]],
                weight=item["weight"],
            )
        )
    return GoalPlan(
        by_department=dict(tables["department"]),
        by_position=dict(tables["position"]),
        by_employee=dict(tables["employee"]),
    )


def _plain(number: Decimal) -> str:
    """2.0000 -> "2", 100 -> "100" (not 1E+2): bands are stored as the page stores them."""
    return format(number.normalize(), "f")


class ReviewCycleListApi(ScopedListApi):
    """GET the review cycles (the company's calendar: every signed-in role); POST opens
    one (HR)."""

    queryset = ReviewCycle.objects.all()
    serializer_class = ReviewCycleOutputSerializer
    filterset_class = ReviewCycleFilter
    ordering_fields = ("created_at", "period_end")
    permission_classes = [IsAuthenticated, ManagesReviewWrites]

    @extend_schema(
        description=(
            "Open a cycle: one review for everyone employed today (in `department`'s "
            "subtree when given) who started by the period's end, each with the goals "
            "that apply to them. All or nothing: a refusal (400) opens no review."
        ),
        request=ReviewCycleOpenInputSerializer,
        responses={
            201: ReviewCycleOpenedOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        serializer = ReviewCycleOpenInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        cycle = review_cycle_open(
            cycle=CycleInput(
                name=data["name"],
                kind=data["kind"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                template=data.get("template"),
                department=data.get("department"),
                self_review=data["self_review"],
                peer_review=data["peer_review"],
                upward_review=data["upward_review"],
            ),
            actor=cast(User, request.user),
            goals=_goal_plan(data.get("goals", [])),
        )
        output = ReviewCycleOpenedOutputSerializer(cycle)
        return Response(output.data, status=status.HTTP_201_CREATED)


class ReviewCycleDetailApi(ScopedDetailApi):
    queryset = ReviewCycle.objects.all()
    serializer_class = ReviewCycleOutputSerializer


class GoalOutputSerializer(serializers.ModelSerializer):
    metric = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "metric", "direction", "target", "bands", "weight", "actual", "score"]


class ReviewOutputSerializer(serializers.ModelSerializer):
    """`manager_rating` and `final_rating` are null for the employee until the review is
    finished, as on the review page (review_sees_all)."""

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

    def to_representation(self, instance: Review) -> Any:
        data = super().to_representation(instance)
        if not self._sees_all(instance):
            data["manager_rating"] = data["final_rating"] = None
        return data

    def _sees_all(self, review: Review) -> bool:
        request = self.context.get("request")
        return request is not None and review_sees_all(review, request.user)


class PooledItemSerializer(serializers.Serializer):
    section = serializers.IntegerField(source="section_id")
    competency = serializers.IntegerField(source="competency_id", allow_null=True)
    goal = serializers.IntegerField(source="goal_id", allow_null=True)
    mean_rating = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    comments = serializers.ListField(child=serializers.CharField())


class ReviewDetailOutputSerializer(ReviewOutputSerializer):
    goals = serializers.SerializerMethodField(
        help_text=(
            "While the cycle runs, each goal's actual and score are computed from the "
            "metric's values over the period as they are now (as on the review page); "
            "once it is closed, as stored at closing."
        )
    )
    peer = serializers.SerializerMethodField()
    upward = serializers.SerializerMethodField()

    class Meta(ReviewOutputSerializer.Meta):
        fields = [*ReviewOutputSerializer.Meta.fields, "peer", "upward"]

    @extend_schema_field(GoalOutputSerializer(many=True))
    def get_goals(self, review: Review) -> Any:
        if review.cycle.status == ReviewCycle.Status.CLOSED:
            goals = list(review.goals.all())
        else:
            # Scored in memory on a copy: the review's stored score is what it shows.
            goals = sorted(reviews_score([copy(review)]).goals, key=lambda goal: goal.pk)
        return GoalOutputSerializer(goals, many=True).data

    @extend_schema_field(PooledItemSerializer(many=True, allow_null=True))
    def get_peer(self, review: Review) -> Any:
        return _pooled(review, ReviewerKind.PEER) if self._sees_all(review) else None

    @extend_schema_field(PooledItemSerializer(many=True, allow_null=True))
    def get_upward(self, review: Review) -> Any:
        return _pooled(review, ReviewerKind.UPWARD) if self._sees_all(review) else None


def _pooled(review: Review, kind: str) -> Any:
    """Null below the cycle's minimum of answers: not even how many answered (and for
    the employee until the review is finished)."""
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
