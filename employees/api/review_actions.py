"""The actions on one review cycle or review, each calling the service its page calls.

HR (the permission of HR's review pages) starts calibration, closes a cycle and moves a
final rating; the employee writes their self review and acknowledges the finished
review; the manager the review names writes the manager's review and rating. Every id
is looked up in the caller's scope (404 outside it); who may do what to a review they
can see is the service's rule, refused with a 400 that says why.
"""

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employees.api.reviews import (
    ManagesReviews,
    ReviewCycleOutputSerializer,
    ReviewDetailOutputSerializer,
    reviews_for_output,
)
from employees.models import Review, ReviewCycle
from employees.performance.answers import (
    COMMENT_MAX,
    AnswerInput,
    review_manager_submit,
    review_self_submit,
)
from employees.performance.calibration import (
    review_acknowledge,
    review_cycle_calibration_start,
    review_cycle_close,
    review_rating_calibrate,
)
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.api.errors import ErrorSerializer

# Ids and ratings are checked for shape here (a 32-bit integer); the service says which
# sections, items and ratings this review takes.
INT = {"min_value": -(2**31), "max_value": 2**31 - 1}
ID = {"min_value": 1, "max_value": 2**31 - 1}
ANSWERS_MAX = 500
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def _review(request: Request, pk: int) -> Review:
    return get_scoped_or_404(Review.objects.all(), request.user, pk=pk)


def _review_output(review: Review, request: Request) -> Response:
    fresh = reviews_for_output().get(pk=review.pk)
    return Response(ReviewDetailOutputSerializer(fresh, context={"request": request}).data)


class ReviewAnswerInputSerializer(serializers.Serializer):
    """One item answered: a section of the review's template and, in a competencies
    section, the competency rated; in a KPI section, optionally the goal."""

    section = serializers.IntegerField(**ID)
    competency = serializers.IntegerField(required=False, allow_null=True, **ID)
    goal = serializers.IntegerField(required=False, allow_null=True, **ID)
    rating = serializers.IntegerField(required=False, allow_null=True, **INT)
    comment = serializers.CharField(
        max_length=COMMENT_MAX, required=False, allow_blank=True, default=""
    )


class ReviewAnswersInputSerializer(serializers.Serializer):
    answers = ReviewAnswerInputSerializer(many=True, max_length=ANSWERS_MAX)


def _answers(data: dict[str, Any]) -> list[AnswerInput]:
    return [
        AnswerInput(
            section_id=item["section"],
            competency_id=item.get("competency"),
            goal_id=item.get("goal"),
            rating=item.get("rating"),
            comment=item.get("comment", ""),
        )
        for item in data["answers"]
    ]


class ReviewSelfApi(APIView):
    """POST: the employee's self review, once, while the cycle is open."""

    @extend_schema(
        request=ReviewAnswersInputSerializer,
        responses={200: ReviewDetailOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        review = _review(request, pk)
        serializer = ReviewAnswersInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review_self_submit(
            review=review,
            user=cast(User, request.user),
            answers=_answers(serializer.validated_data),
        )
        return _review_output(review, request)


class ReviewManagerApi(APIView):
    """POST: the manager's review and overall rating (1-5), once, by the manager the
    review names, after the self review; the review's score is computed and stored."""

    class ReviewManagerInputSerializer(ReviewAnswersInputSerializer):
        rating = serializers.IntegerField(**INT, help_text="The overall rating, 1 to 5.")

    @extend_schema(
        request=ReviewManagerInputSerializer,
        responses={200: ReviewDetailOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        review = _review(request, pk)
        serializer = self.ReviewManagerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        review_manager_submit(
            review=review,
            user=cast(User, request.user),
            answers=_answers(data),
            rating=data["rating"],
        )
        return _review_output(review, request)


class ReviewCalibrateApi(APIView):
    """POST: HR sets the final rating (1-5) and says why; refused once the cycle is
    closed."""

    permission_classes = [IsAuthenticated, ManagesReviews]

    class ReviewCalibrateInputSerializer(serializers.Serializer):
        rating = serializers.IntegerField(**INT, help_text="The final rating, 1 to 5.")
        reason = serializers.CharField(help_text="Why the rating changes (up to 500 characters).")

    @extend_schema(
        request=ReviewCalibrateInputSerializer,
        responses={200: ReviewDetailOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        review = _review(request, pk)
        serializer = self.ReviewCalibrateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review_rating_calibrate(
            review=review, actor=cast(User, request.user), **serializer.validated_data
        )
        return _review_output(review, request)


class ReviewAcknowledgeApi(APIView):
    """POST: the employee says they have read their finished review. Once: a second
    call is refused (400) and keeps the first time."""

    @extend_schema(request=None, responses={200: ReviewDetailOutputSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        review = _review(request, pk)
        review_acknowledge(review=review, user=cast(User, request.user))
        return _review_output(review, request)


class ReviewCycleCalibrationApi(APIView):
    """POST (HR): an open cycle goes to calibration, every review scored afresh."""

    permission_classes = [IsAuthenticated, ManagesReviews]

    @extend_schema(request=None, responses={200: ReviewCycleOutputSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        cycle = get_scoped_or_404(ReviewCycle.objects.all(), request.user, pk=pk)
        cycle = review_cycle_calibration_start(cycle=cycle, actor=cast(User, request.user))
        return Response(ReviewCycleOutputSerializer(cycle).data)


class ReviewCycleCloseApi(APIView):
    """POST (HR): close the cycle, fixing every final rating (refused, naming them,
    while someone has neither a rating nor a score); its reviews then no longer change."""

    permission_classes = [IsAuthenticated, ManagesReviews]

    @extend_schema(request=None, responses={200: ReviewCycleOutputSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        cycle = get_scoped_or_404(ReviewCycle.objects.all(), request.user, pk=pk)
        cycle = review_cycle_close(cycle=cycle, actor=cast(User, request.user))
        return Response(ReviewCycleOutputSerializer(cycle).data)
