"""Forms of HR's department and location pages; the services judge the rules."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrflow.accounts.models import User
from hrflow.org.forms import PlainSelect, _zones
from hrflow.org.models import Department, Location


def _person(user: User) -> str:
    return f"{user.full_name} <{user.email}>" if user.full_name else user.email


def _indented(department: Department) -> str:
    return "— " * department.depth + department.name


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("Letters, digits and dashes; unique.")
    )
    parent = forms.ModelChoiceField(
        label=_("Part of"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("(top level)"),
    )
    head = forms.ModelChoiceField(
        label=_("Head"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("(nobody yet)"),
        help_text=_("Whoever leads the department: a hire into it may name them as manager."),
    )
    is_active = forms.BooleanField(
        label=pgettext_lazy("in use", "Active"), required=False, initial=True
    )

    def __init__(self, *args: Any, department: Department | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        head = cast(forms.ModelChoiceField, self.fields["head"])
        # Staff who can sign in: an account with a role (a department head leads people).
        head.queryset = (
            User.objects.filter(is_active=True, groups__isnull=False)
            .distinct()
            .order_by("full_name")
        )
        head.label_from_instance = _person  # type: ignore[method-assign,assignment]
        parents = Department.objects.active()
        if department is not None:
            # Not under itself nor its own sub-departments (the service says so too).
            parents = parents.exclude(path__startswith=department.path)
        else:
            del self.fields["is_active"]
        field = cast(forms.ModelChoiceField, self.fields["parent"])
        field.queryset = parents
        field.label_from_instance = _indented  # type: ignore[method-assign,assignment]


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = ["name", "code", "city", "address", "country", "time_zone", "is_active"]
        labels = {
            "name": _("Name"),
            "code": _("Code"),
            "city": _("City"),
            "address": _("Address"),
            "country": _("Country (two letters)"),
            "time_zone": _("Time zone"),
            "is_active": pgettext_lazy("in use", "Active"),
        }

    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_zones, widget=PlainSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["is_active"]
