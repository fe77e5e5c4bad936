"""The filters every report takes, and the scope they never leave.

A report reads fact rows of the jobs the user may see (HR admins: all; recruiters and
hiring managers: the jobs they are named on), in the period, for the department, job,
source and vendor picked. A job or department outside the user's scope is not a
choice, so naming one in the address is a form error, not a way in.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles
from hrflow.org.selectors import department_names
from recruiting.selectors.reporting import reporting_jobs

DEFAULT_DAYS = 182
LONGEST_DAYS = 366 * 5
# The browser's date picker (a phone shows its calendar); the value stays ISO.
DATE_PICKER = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
GRAINS = (("week", _("Week")), ("month", _("Month")))


@dataclass(frozen=True)
class ReportFilter:
    start: date
    end: date
    # None: every job (HR admins); otherwise the jobs the user may see.
    visible_jobs: frozenset[int] | None
    department_id: int | None = None
    job_id: int | None = None
    source: str = ""
    vendor: str = ""
    grain: str = "month"

    @property
    def narrowed(self) -> bool:
        """Anything but the period limits the figures: a user's scope or a filter."""
        return (
            self.visible_jobs is not None
            or self.job_id is not None
            or self.department_id is not None
            or bool(self.source)
            or bool(self.vendor)
        )

    def facts(self, model: type[Model], day_field: str = "cohort_week") -> QuerySet[Any]:
        """The model's fact rows inside scope, filters and period (by `day_field`)."""
        rows = model._default_manager.filter(
            **{f"{day_field}__gte": self.start, f"{day_field}__lte": self.end}
        )
        return self.scoped(rows)

    def scoped(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        """Rows inside scope and the filters, any period."""
        if self.visible_jobs is not None:
            rows = rows.filter(job_id__in=self.visible_jobs)
        if self.job_id is not None:
            rows = rows.filter(job_id=self.job_id)
        if self.department_id is not None:
            rows = rows.filter(department_id=self.department_id)
        if self.source:
            rows = rows.filter(source=self.source)
        if self.vendor:
            rows = rows.filter(vendor=self.vendor)
        return rows

    def params(self, **extra: object) -> dict[str, str]:
        found = {"start": self.start.isoformat(), "end": self.end.isoformat(), "grain": self.grain}
        if self.department_id is not None:
            found["department"] = str(self.department_id)
        if self.job_id is not None:
            found["job"] = str(self.job_id)
        if self.source:
            found["source"] = self.source
        if self.vendor:
            found["vendor"] = self.vendor
        found.update({key: str(value) for key, value in extra.items() if value not in (None, "")})
        return found

    def query(self, **extra: object) -> str:
        return urlencode(self.params(**extra))

    def period_of(self, day: date) -> date:
        """The first day of the week or month `day` falls in (the trend's x axis)."""
        if self.grain == "week":
            return day - timedelta(days=day.weekday())
        return day.replace(day=1)


class ReportFilterForm(forms.Form):
    # Context: "From" and "To" alone are an e-mail's sender and recipient in the catalogue.
    start = forms.DateField(
        label=pgettext_lazy("report period", "From"), required=False, widget=DATE_PICKER
    )
    end = forms.DateField(
        label=pgettext_lazy("report period", "To"), required=False, widget=DATE_PICKER
    )
    department = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None
    )
    job = forms.TypedChoiceField(label=_("Job"), required=False, coerce=int, empty_value=None)
    source = forms.ChoiceField(label=_("Source"), required=False)
    vendor = forms.ChoiceField(label=_("AI vendor"), required=False)
    grain = forms.ChoiceField(label=_("Trend by"), required=False, choices=GRAINS)

    def __init__(
        self,
        data: Any,
        *,
        jobs: list[tuple[int, str, int | None]],
        sources: list[str],
        vendors: list[str],
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        everything = [("", _("All"))]
        departments = department_names(
            {department for _pk, _title, department in jobs if department}
        )
        choices: dict[str, list[tuple[Any, Any]]] = {
            "department": sorted(departments.items(), key=lambda item: str(item[1])),
            "job": [(pk, title) for pk, title, _department in jobs],
            "source": [(source, source) for source in sources],
            "vendor": [(vendor, vendor) for vendor in vendors],
        }
        for name, listed in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = everything + listed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end comes before the start."))
        elif start and end and (end - start).days > LONGEST_DAYS:
            self.add_error("end", _("Pick at most five years."))
        return data


def report_filter_build(
    user: User,
    data: Any,
    *,
    sources: list[str],
    vendors: list[str],
    default_days: int = DEFAULT_DAYS,
) -> tuple[ReportFilter, ReportFilterForm]:
    """The filter the request asks for, inside the user's scope; on a form error the
    defaults (the last `default_days`, everything the user may see) and the form to
    show."""
    jobs = reporting_jobs(user)
    roles = user_roles(user)
    visible = None if Role.HR_ADMIN in roles else frozenset(pk for pk, _t, _d in jobs)
    today = timezone.localdate()
    default = ReportFilter(
        start=today - timedelta(days=default_days), end=today, visible_jobs=visible
    )
    form = ReportFilterForm(
        data or None,
        jobs=jobs,
        sources=sources,
        vendors=vendors,
        # An empty form shows the period and grain the figures are for.
        initial={"start": default.start, "end": default.end, "grain": default.grain},
    )
    if not data or not form.is_valid():
        return default, form
    clean = form.cleaned_data
    return (
        ReportFilter(
            start=clean["start"] or default.start,
            end=clean["end"] or default.end,
            visible_jobs=visible,
            department_id=clean["department"],
            job_id=clean["job"],
            source=clean["source"] or "",
            vendor=clean["vendor"] or "",
            grain=clean["grain"] or "month",
        ),
        form,
    )
