"""Query filters of the list endpoints, and ordering through an explicit allowlist.

Filters on related rows take plain ids (IdFilter), never a model choice:
a choice filter would answer "not a valid choice" for a job outside the
caller's scope but a valid one for a job that merely has no rows, which tells
the caller which ids exist. Plain ids filter the already scoped queryset.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from hrflow.core.api.filters import IdFilter
from recruiting.models import (
    Application,
    Assessment,
    Candidate,
    Job,
    Note,
    Stage,
    StageKind,
    StageTransition,
)


class AllowlistOrderingFilter(OrderingFilter):
    """`?ordering=-applied_at` over the view's `ordering_fields`; anything else is a 400.

    The primary key is appended in the first term's direction, so rows tying on
    the sort field keep one order between pages (cursor pagination needs it).
    Allowlists hold only non-null, high-cardinality fields: the cursor keeps
    its position in the first field and skips rows after 1,000 ties.
    """

    def get_ordering(self, request: Any, queryset: QuerySet[Any], view: Any) -> tuple[str, ...]:
        requested = request.query_params.get(self.ordering_param, "")
        terms = [term.strip() for term in requested.split(",") if term.strip()]
        if not terms:
            return tuple(view.ordering)
        allowed = set(view.ordering_fields)
        unknown = [term for term in terms if term.lstrip("-") not in allowed]
        if unknown:
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Cannot order by %(terms)s; choose from %(allowed)s.")
                        % {"terms": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))}
                    ]
                }
            )
        tiebreak = "-id" if terms[0].startswith("-") else "id"
        return (*terms, tiebreak)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        choices = [f"{sign}{name}" for name in view.ordering_fields for sign in ("", "-")]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": _("Sort field; a leading '-' sorts descending."),
                "schema": {"type": "string", "enum": choices},
            }
        ]


class JobFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=Job.Status.choices)
    channel = filters.MultipleChoiceFilter(choices=Job.Channel.choices)
    employment_type = filters.ChoiceFilter(choices=Job.EmploymentType.choices)
    department = IdFilter(field_name="department_id")
    location = IdFilter(field_name="location_id")

    class Meta:
        model = Job
        fields = ["status", "channel", "employment_type", "department", "location"]


class StageFilter(filters.FilterSet):
    job = IdFilter(field_name="job_id")
    kind = filters.ChoiceFilter(choices=StageKind.choices)

    class Meta:
        model = Stage
        fields = ["job", "kind"]


class CandidateFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q", label=gettext_lazy("Name, pinyin, e-mail or phone contains")
    )
    tag = filters.CharFilter(field_name="tags__name", label=gettext_lazy("Tag name"))
    city = filters.CharFilter(field_name="city")

    class Meta:
        model = Candidate
        fields = ["q", "tag", "city"]

    def filter_q(self, queryset: QuerySet[Candidate], name: str, value: str) -> QuerySet[Candidate]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(full_name__icontains=value)
            | Q(name_pinyin__icontains=value)
            | Q(email__icontains=value)
            | Q(phone__contains=value)
        )


class ApplicationFilter(filters.FilterSet):
    job = IdFilter(field_name="job_id")
    stage = IdFilter(field_name="stage_id")
    candidate = IdFilter(field_name="candidate_id")
    status = filters.MultipleChoiceFilter(choices=Application.Status.choices)
    source = filters.CharFilter(field_name="source")
    applied_at = filters.IsoDateTimeFromToRangeFilter(field_name="applied_at")
    min_ai_score = filters.NumberFilter(field_name="ai_score", lookup_expr="gte")

    class Meta:
        model = Application
        fields = ["job", "stage", "candidate", "status", "source", "applied_at", "min_ai_score"]


class AssessmentFilter(filters.FilterSet):
    application = IdFilter(field_name="application_id")
    kind = filters.MultipleChoiceFilter(choices=Assessment.Kind.choices)
    status = filters.MultipleChoiceFilter(choices=Assessment.Status.choices)

    class Meta:
        model = Assessment
        fields = ["application", "kind", "status"]


class TransitionFilter(filters.FilterSet):
    application = IdFilter(field_name="application_id")

    class Meta:
        model = StageTransition
        fields = ["application"]


class NoteFilter(filters.FilterSet):
    candidate = IdFilter(field_name="candidate_id")
    application = IdFilter(field_name="application_id")

    class Meta:
        model = Note
        fields = ["candidate", "application"]
