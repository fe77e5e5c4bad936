"""Forms of the employee pages: they check shape; the services check the rules."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employees.models import Assignment, Employee, EmployeeStatus, EmploymentType, Position
from employees.records.selectors import EmployeeFilters
from hrflow.core.form_fields import IdChoiceField
from hrflow.org.models import Department, Location

EMPTY = [("", "—")]


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or number"), required=False, max_length=100)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=EMPTY + list(EmployeeStatus.choices), required=False
    )
    employment_type = forms.ChoiceField(
        label=_("Form of employment"), choices=EMPTY + list(EmploymentType.choices), required=False
    )
    location = forms.ModelChoiceField(
        label=_("Work location"), queryset=Location.objects.none(), required=False
    )
    as_of = forms.DateField(label=_("As of"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["location"].queryset = Location.objects.all()  # type: ignore[attr-defined]

    def filters(self) -> EmployeeFilters:
        """The valid part of the filters; a bad value is dropped (and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return EmployeeFilters(
            as_of=data.get("as_of") or timezone.localdate(),
            q=data.get("q") or "",
            department=data.get("department"),
            status=data.get("status") or "",
            employment_type=data.get("employment_type") or "",
            location=data.get("location"),
        )


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False)

    def day(self) -> date:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("as_of") or timezone.localdate()


# Which fields each kind of dated change offers (the rest of the record carries over).
CHANGE_FIELDS = {
    Assignment.Change.TRANSFER: ("department", "position", "location", "job_title"),
    Assignment.Change.PROMOTION: ("position", "job_title"),
    Assignment.Change.MANAGER: ("manager",),
    Assignment.Change.STATUS: ("status", "employment_type"),
}


class AssignmentChangeForm(forms.Form):
    change = forms.ChoiceField(
        choices=[(kind.value, kind.label) for kind in CHANGE_FIELDS], widget=forms.HiddenInput
    )
    valid_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    position = forms.ModelChoiceField(
        label=_("Position"), queryset=Position.objects.none(), required=False
    )
    location = forms.ModelChoiceField(
        label=_("Work location"), queryset=Location.objects.none(), required=False
    )
    job_title = forms.CharField(label=_("Job title"), max_length=160, required=False)
    manager = forms.CharField(label=_("Manager (employee number)"), max_length=20, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=EMPTY + list(EmployeeStatus.choices), required=False
    )
    employment_type = forms.ChoiceField(
        label=_("Form of employment"), choices=EMPTY + list(EmploymentType.choices), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        data = args[0] if args else kwargs.get("data")
        kind = kind or str((data or {}).get("change", ""))
        # Four of these forms share a page: each kind gets its own element ids.
        kwargs.setdefault("auto_id", f"id_{kind or 'change'}_%s")
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["position"].queryset = Position.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["location"].queryset = Location.objects.active()  # type: ignore[attr-defined]
        self.kind = kind
        if kind:
            self.initial["change"] = kind

    @property
    def shown_fields(self) -> list[forms.BoundField]:
        names = CHANGE_FIELDS.get(self.kind, ())  # type: ignore[call-overload]
        return [self[name] for name in ("valid_from", *names, "reason")]

    def clean_manager(self) -> Employee | None:
        number = (self.cleaned_data.get("manager") or "").strip().upper()
        if not number:
            return None
        manager = Employee.objects.filter(number=number).only("pk", "number").first()
        if manager is None:
            raise forms.ValidationError(_("No employee has that number."))
        return manager

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in CHANGE_FIELDS.get(self.kind, ())):  # type: ignore[call-overload]
            raise forms.ValidationError(_("Choose what changes."))
        return data

    def values(self) -> dict[str, Any]:
        """The job-record fields this change sets, as the service takes them."""
        data = self.cleaned_data
        values: dict[str, Any] = {}
        for name in CHANGE_FIELDS[self.kind]:  # type: ignore[index]
            value = data.get(name)
            if not value:
                continue
            if name in ("department", "position", "location", "manager"):
                values[f"{name}_id"] = value.pk
            else:
                values[name] = value
        return values


class IdentityForm(forms.ModelForm):
    class Meta:
        model = Employee
        fields = [
            "full_name",
            "preferred_name",
            "sex",
            "id_document_type",
            "email",
            "personal_email",
            "phone",
            "address",
            "city",
        ]


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Why do you need to see it?"), max_length=255)


class SensitiveNumbersForm(forms.Form):
    """HR records an ID number or bank account (blank: leave as it is)."""

    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    bank_account = forms.CharField(label=_("Bank account"), max_length=40, required=False)
    health_notes = forms.CharField(
        label=_("Health notes"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)


class EmployeeCreateForm(forms.Form):
    """HR adds someone who joined without a hire through hrflow."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=EMPTY + list(Employee.Sex.choices), required=False
    )
    # The column's length: a longer address of valid parts would fail only when stored.
    email = forms.EmailField(label=_("Work e-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=32, required=False)
    hire_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    department = IdChoiceField(label=_("Department"), queryset=Department.objects.none())
    position = IdChoiceField(label=_("Position"), queryset=Position.objects.none(), required=False)
    location = IdChoiceField(
        label=_("Work location"), queryset=Location.objects.none(), required=False
    )
    job_title = forms.CharField(label=_("Job title"), max_length=160)
    employment_type = forms.ChoiceField(
        label=_("Form of employment"), choices=list(EmploymentType.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (EmployeeStatus.PROBATION.value, EmployeeStatus.PROBATION.label),
            (EmployeeStatus.REGULAR.value, EmployeeStatus.REGULAR.label),
        ],
    )
    manager = forms.CharField(label=_("Manager (employee number)"), max_length=20, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["position"].queryset = Position.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["location"].queryset = Location.objects.active()  # type: ignore[attr-defined]

    clean_manager = AssignmentChangeForm.clean_manager

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        position, department = data.get("position"), data.get("department")
        if position and department and position.department_id != department.pk:
            self.add_error("position", _("This position belongs to another department."))
        return data


class LeaveForm(forms.Form):
    """An employee leaving: the last day, whose decision it was, and why (the service
    refuses a second leaving and a last day before the first)."""

    last_day = forms.DateField(
        label=_("Last working day"),
        # ISO whatever the language: a date input shows nothing of "2026年1月5日".
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    voluntary = forms.TypedChoiceField(
        label=_("Whose decision"),
        choices=[
            ("yes", _("Voluntary: the employee resigned")),
            ("no", _("Involuntary: the company ended it")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why they leave"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
