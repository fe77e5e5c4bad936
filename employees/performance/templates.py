"""Saving a review template with all its sections at once.

The weights are a property of the whole set of sections (they must sum to 100 %), so
the template and its sections are written by one service that sees them together;
a template that reviews already use keeps its sections (answers and goals point at
them), and a changed one is saved as a new template.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from employees.models import Review, ReviewTemplate, SectionKind, TemplateSection
from employees.performance.scoring import weights_problem
from hrflow.accounts.models import User
from hrflow.competencies.models import Competency
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from hrflow.org.models import Department


@dataclass(frozen=True)
class SectionInput:
    kind: str
    title: str
    weight: Decimal
    competency_ids: tuple[int, ...] = field(default=())


@transaction.atomic
def review_template_save(
    *,
    name: str,
    sections: Sequence[SectionInput],
    actor: User | None,
    department: Department | None = None,
    template: ReviewTemplate | None = None,
    source: ReviewTemplate | None = None,
) -> ReviewTemplate:
    """Create (or, while no review uses it, replace) a template and its sections.

    `source` is the template the changes start from (`template` itself, or the one in
    use whose changes become a new template): the competencies its sections rate
    already may stay although deactivated since; a new one must be active."""
    if not name.strip():
        raise ApplicationError(_("Give the template a name."), extra={"field": "name"})
    _sections_check(sections)
    source = source or template
    kept = (
        set(
            TemplateSection.competencies.through.objects.filter(
                templatesection__template=source
            ).values_list("competency_id", flat=True)
        )
        if source is not None
        else set()
    )
    competencies = _competencies_active(sections, kept=kept)
    if template is None:
        template = ReviewTemplate(name=name.strip(), department=department)
        template.full_clean()
        template.save()
        old: list[str] = []
    else:
        if Review.objects.filter(template=template).exists():
            raise ApplicationError(
                _("Reviews use this template already: save your changes as a new template.")
            )
        old = [f"{s.kind}:{s.weight}" for s in template.sections.all()]
        template.name, template.department = name.strip(), department
        template.full_clean()
        template.save(update_fields=["name", "department", "updated_at"])
        template.sections.all().delete()
    rows = TemplateSection.objects.bulk_create(
        TemplateSection(
            template=template,
            kind=section.kind,
            title=section.title.strip(),
            weight=Decimal(0) if section.kind == SectionKind.COMMENTS else section.weight,
            position=number,
        )
        for number, section in enumerate(sections)
    )
    links = [
        TemplateSection.competencies.through(templatesection_id=row.pk, competency_id=pk)
        for row, section in zip(rows, sections, strict=True)
        for pk in section.competency_ids
        if pk in competencies
    ]
    TemplateSection.competencies.through.objects.bulk_create(links)
    audit_record(
        actor=actor,
        action="employees.review_template_save",
        target=template,
        changes={"sections": [old, [f"{r.kind}:{r.weight}" for r in rows]]},
    )
    return template


def _sections_check(sections: Sequence[SectionInput]) -> None:
    if not sections:
        raise ApplicationError(_("A template needs at least one section."))
    for section in sections:
        if section.kind not in SectionKind.values:
            raise ApplicationError(_("Unknown kind of section."), extra={"field": "sections"})
        if not section.title.strip() or len(section.title.strip()) > 120:
            raise ApplicationError(
                _("Each section needs a title of at most 120 characters."),
                extra={"field": "sections"},
            )
        if section.kind == SectionKind.COMMENTS and section.weight != 0:
            raise ApplicationError(
                _("A comments section weighs nothing: give it weight 0."),
                extra={"field": "sections"},
            )
        if not section.weight.is_finite() or not 0 <= section.weight <= 100:
            raise ApplicationError(
                _("A weight is a percent from 0 to 100."), extra={"field": "sections"}
            )
        if section.kind == SectionKind.COMPETENCIES and not section.competency_ids:
            raise ApplicationError(
                _("A competencies section names the competencies it rates."),
                extra={"field": "sections"},
            )
    if sum(1 for s in sections if s.kind == SectionKind.KPI) > 1:
        raise ApplicationError(
            _("A template has at most one KPI section."), extra={"field": "sections"}
        )
    problem = weights_problem([s.weight for s in sections])
    if problem:
        raise ApplicationError(problem, extra={"field": "sections"})


def _competencies_active(sections: Sequence[SectionInput], *, kept: set[int]) -> set[int]:
    """Every named competency must be in the catalogue and active, or `kept` (rated by
    the template edited already)."""
    named = {pk for section in sections for pk in section.competency_ids}
    found = set(
        Competency.objects.filter(Q(is_active=True) | Q(pk__in=kept), pk__in=named).values_list(
            "pk", flat=True
        )
    )
    if found != named:
        raise ApplicationError(
            _("Name only active competencies of the catalogue."), extra={"field": "sections"}
        )
    return found
