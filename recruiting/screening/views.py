"""A job's screening rules: the list, the editor, and a live what-if preview.

Saving goes through `screening_rule_save`, so every save is a new version and
the old ones stay, with who saved them and when. The preview (htmx, on every
change of the unsaved form) counts what the rule would decide for the job's
current and past applications and shows the selection rate per group of
voluntary self-identification; it saves nothing.

Who may do what:
- HR admins and the job's recruiters (`recruiting.change_application`, as on
  the review queue, and able to work on the job) list, create, edit, preview.
- The job's hiring managers read the rules and their history: how their
  candidates are screened is no secret from them. They get no editor and no
  preview, as the preview shows selection rates by gender, age and the like,
  which stay with the people who own the rules.
- Anyone else, and any job outside the user's scope: 404.
"""

from decimal import Decimal
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hrflow.accounts.models import User
from hrflow.competencies.models import Dimension
from hrflow.core.errors import ApplicationError
from recruiting.models import Job, ScreeningDecision, ScreeningRule, ScreeningRuleVersion
from recruiting.models.self_identification import FAIRNESS_DIMENSIONS
from recruiting.screening.fairness import (
    DEFAULT_DIMENSION,
    fairness_dimension_choices,
    rule_preview,
)
from recruiting.screening.forms import SOURCE_CHOICES, RuleEditor
from recruiting.screening.rules import Outcome, Source
from recruiting.screening.selectors import (
    screening_rule_get,
    screening_rule_list,
    screening_rule_versions,
)
from recruiting.screening.services import screening_rule_save
from recruiting.selectors.jobs import job_get, user_can_work_on
from recruiting.views.access import job_for_work, workspace_view

TIMES = "\u00d7"


@workspace_view("recruiting.view_job")
@require_GET
def screening_rule_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    job = job_get(viewer=user, pk=pk)
    context = {
        "job": job,
        "rules": screening_rule_list(job=job),
        "can_work": user_can_work_on(user, job),
    }
    return render(request, "recruiting/screening/list.html", context)


@workspace_view("recruiting.change_application")
@require_http_methods(["GET", "POST"])
def screening_rule_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for_work(request, pk)
    editor = RuleEditor(job=job, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        version = _save(request, editor, job, rule=None)
        if version is not None:
            messages.success(request, _("The rule was created."))
            return redirect("recruiting:screening-rule-detail", pk=version.rule_id)
    context: dict[str, Any] = {"job": job, "rule": None, "editor": editor, "versions": []}
    return render(request, "recruiting/screening/edit.html", context)


@workspace_view("recruiting.view_job")
@require_http_methods(["GET", "POST"])
def screening_rule_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The rule's version history; for those who may change it, the editor above it."""
    user = cast(User, request.user)
    rule = screening_rule_get(viewer=user, pk=pk)
    job = job_get(viewer=user, pk=rule.job_id)
    can_work = user_can_work_on(user, job)
    if request.method == "POST" and not can_work:
        raise Http404
    versions = screening_rule_versions(rule=rule)
    editor = None
    if can_work:
        data = request.POST if request.method == "POST" else None
        editor = RuleEditor(job=job, data=data, rule=rule, version=next(iter(versions), None))
    if editor is not None and request.method == "POST":
        version = _save(request, editor, job, rule=rule)
        if version is not None:
            messages.success(
                request, _("Saved as version %(number)s.") % {"number": version.number}
            )
            return redirect("recruiting:screening-rule-detail", pk=rule.pk)
    context = {
        "job": job,
        "rule": rule,
        "editor": editor,
        "versions": _version_rows(versions),
        "next_number": (versions[0].number if versions else 0) + 1,
    }
    return render(request, "recruiting/screening/edit.html", context)


@workspace_view("recruiting.change_application")
@require_POST
def screening_rule_preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    """What the unsaved rule in the form would do; reads only, saves nothing."""
    job = job_for_work(request, pk)
    editor = RuleEditor(job=job, data=request.POST)
    dimension = request.POST.get("fairness_dimension", "")
    if dimension not in FAIRNESS_DIMENSIONS:
        dimension = DEFAULT_DIMENSION
    spec = editor.preview_spec()
    context: dict[str, Any] = {
        "job": job,
        "problems": editor.problems,
        "dimension": dimension,
        "dimensions": fairness_dimension_choices(),
    }
    if spec is not None:
        preview = rule_preview(job=job, spec=spec, dimension=dimension)
        current, past = preview.what_if.current, preview.what_if.past
        context |= {
            "fairness": preview.fairness,
            "outcomes": _outcome_rows(current, past),
            "current": {outcome.value: current.get(outcome.value, 0) for outcome in Outcome},
            "current_total": sum(current.values()),
            "past": {outcome.value: past.get(outcome.value, 0) for outcome in Outcome},
            "past_total": sum(past.values()),
            "auto_reject": editor.form.cleaned_data.get("auto_reject", False),
            "can_reject": spec.reject_below is not None,
        }
    return render(request, "recruiting/screening/_preview.html", context)


def _save(
    request: HttpRequest, editor: RuleEditor, job: Job, *, rule: ScreeningRule | None
) -> ScreeningRuleVersion | None:
    """A new version from a sound form, or None with the problems on the editor."""
    if not editor.is_valid():
        return None
    try:
        return screening_rule_save(
            job=job, rule=rule, actor=cast(User, request.user), **editor.save_arguments()
        )
    except ApplicationError as error:
        editor.problems = list(error.extra.get("problems") or [error.message])
        return None


def _outcome_rows(current: dict[str, int], past: dict[str, int]) -> list[dict[str, Any]]:
    labels = dict(ScreeningDecision.Result.choices)
    return [
        {
            "outcome": outcome.value,
            "label": labels[outcome.value],
            "current": current.get(outcome.value, 0),
            "past": past.get(outcome.value, 0),
        }
        for outcome in (Outcome.ADVANCE, Outcome.HOLD, Outcome.REJECT, Outcome.WAITING)
    ]


def _version_rows(versions: list[ScreeningRuleVersion]) -> list[dict[str, Any]]:
    """Each version with its parts in words: "0.6 x AI interview + 0.4 x written test"
    (with a times sign)."""
    sources = {str(value): str(label) for value, label in SOURCE_CHOICES if value}
    names = (
        {d.code: str(d) for d in Dimension.objects.order_by("code")}
        if any(p["source"] == Source.AI_DIMENSION for v in versions for p in v.parts)
        else {}
    )
    rows = []
    for version in versions:
        terms = []
        for part in version.parts:
            label = sources.get(part["source"], part["source"])
            if part.get("dimension"):
                label = f"{label} ({names.get(part['dimension'], part['dimension'])})"
            weight = f"{Decimal(part['weight']).normalize():f}"
            terms.append(f"{weight} {TIMES} {label}")
        rows.append({"version": version, "parts": " + ".join(terms)})
    return rows
