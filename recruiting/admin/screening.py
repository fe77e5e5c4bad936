"""Screening decisions in admin: what a rule version decided, and from which scores."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from hrflow.core.read_only_admin import pretty_json, shown_as
from recruiting.admin.assessments import UNSHOWN_RELATED, application_link
from recruiting.admin.scoped import ScopedReadOnlyAdmin
from recruiting.models import ScreeningDecision


@admin.register(ScreeningDecision)
class ScreeningDecisionAdmin(ScopedReadOnlyAdmin):
    """Decisions are made by the screening rules and confirmed in HR's review queue."""

    list_display = (
        "created_at",
        "candidate",
        "job",
        "rule_version",
        "outcome",
        "state",
        "composite",
        "decider",
        "decided_at",
    )
    list_filter = ("state", "outcome")
    search_fields = ("application__candidate__full_name", "version__rule__name")
    date_hierarchy = "created_at"
    list_select_related = (
        "application__candidate",
        "application__job",
        "version__rule",
        "decided_by",
    )
    fields = (
        "application_link",
        "rule_version",
        "outcome",
        "state",
        "composite",
        "score_inputs",
        "decider",
        "decided_at",
        "note",
        "created_at",
    )
    readonly_fields = ("application_link", "rule_version", "score_inputs", "decider")
    decider = shown_as("decided_by", _("decided by"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .select_related(*self.list_select_related)
            .defer(*UNSHOWN_RELATED)
        )

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The candidate profile shows an application's decisions to whoever may
        # see the application; no role holds a permission of the decision's own.
        return request.user.has_perm("recruiting.view_application")

    @admin.display(description=_("candidate"), ordering="application__candidate__full_name")
    def candidate(self, obj: ScreeningDecision) -> str:
        return obj.application.candidate.full_name

    @admin.display(description=_("job"), ordering="application__job__title")
    def job(self, obj: ScreeningDecision) -> str:
        return obj.application.job.title

    @admin.display(description=_("application"))
    def application_link(self, obj: ScreeningDecision) -> SafeString:
        return application_link(obj.application)

    @admin.display(description=_("rule"), ordering="version__rule__name")
    def rule_version(self, obj: ScreeningDecision) -> str:
        return f"{obj.version.rule.name} v{obj.version.number}"

    @admin.display(description=_("inputs"))
    def score_inputs(self, obj: ScreeningDecision) -> SafeString:
        return pretty_json(obj.inputs)
