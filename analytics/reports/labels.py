"""Names people read for the codes the facts hold: jobs, stages, vendors, groups."""

from django.utils.translation import gettext as _

from analytics.reports.filters import ReportFilter
from hrflow.org.selectors import department_names
from recruiting.selectors.reporting import (
    GROUP_QUESTIONS,
    STAGE_KIND_LABELS,
    STAGE_KINDS,
    SURVEY_MOMENTS,
    job_titles_all,
)

__all__ = ["GROUP_QUESTIONS", "SURVEY_MOMENTS"]


def job_titles() -> dict[int, str]:
    return job_titles_all()


def stage_label(kind: str) -> str:
    return str(STAGE_KIND_LABELS.get(kind, kind or _("(none)")))


def stage_order(kind: str) -> int:
    return STAGE_KINDS.index(kind) if kind in STAGE_KINDS else len(STAGE_KINDS)


def vendor_label(source: str) -> str:
    if not source:
        return _("No AI result")
    if source == "manual":
        return _("Entered by hand")
    return source


def filter_labels(flt: ReportFilter) -> tuple[tuple[str, str], ...]:
    found = [(_("Period"), f"{flt.start:%Y-%m-%d} – {flt.end:%Y-%m-%d}")]
    if flt.department_id is not None:
        name = department_names([flt.department_id]).get(flt.department_id, "")
        found.append((_("Department"), name))
    if flt.job_id is not None:
        found.append((_("Job"), job_titles().get(flt.job_id, str(flt.job_id))))
    if flt.source:
        found.append((_("Source"), flt.source))
    if flt.vendor:
        found.append((_("AI vendor"), vendor_label(flt.vendor)))
    if flt.visible_jobs is not None:
        found.append((_("Scope"), _("your jobs only")))
    return tuple(found)
