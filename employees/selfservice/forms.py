"""Self-service forms: contacts and emergency contacts (shape only; services check rules)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from employees.services.sensitive import MAX_EMERGENCY_CONTACTS


class ContactsForm(forms.Form):
    phone = forms.CharField(label=_("Mobile phone"), max_length=32, required=False)
    personal_email = forms.EmailField(label=_("Personal e-mail"), required=False)
    address = forms.CharField(label=_("Home address"), max_length=255, required=False)


class EmergencyContactsForm(forms.Form):
    """Up to three people to call: name, relation, phone."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(MAX_EMERGENCY_CONTACTS):
            self.fields[f"name_{index}"] = forms.CharField(
                label=_("Name"), max_length=80, required=False
            )
            self.fields[f"relation_{index}"] = forms.CharField(
                label=_("Relation"), max_length=40, required=False
            )
            self.fields[f"phone_{index}"] = forms.CharField(
                label=_("Phone"), max_length=32, required=False
            )

    @property
    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"name_{i}"], self[f"relation_{i}"], self[f"phone_{i}"])
            for i in range(MAX_EMERGENCY_CONTACTS)
        ]

    @classmethod
    def initial_from(cls, contacts: list[dict[str, str]] | None) -> dict[str, str]:
        initial = {}
        for index, contact in enumerate((contacts or [])[:MAX_EMERGENCY_CONTACTS]):
            for key in ("name", "relation", "phone"):
                initial[f"{key}_{index}"] = contact.get(key, "")
        return initial

    def contacts(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {
                "name": data.get(f"name_{i}", ""),
                "relation": data.get(f"relation_{i}", ""),
                "phone": data.get(f"phone_{i}", ""),
            }
            for i in range(MAX_EMERGENCY_CONTACTS)
        ]
