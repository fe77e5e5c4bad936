"""Forms of the integration pages: a new connection, its credentials, its field mapping.

Forms only parse and check shapes; the services decide (and validate the
mapping as a whole, naming every problem).
"""

import json
from datetime import timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrflow.competencies.models import Dimension
from hrflow.core.params import ID_MAX
from integrations.registry import vendor_choices

# The two secrets of each vendor, in the order the form asks for them.
CREDENTIAL_NAMES = {
    "vuesim": ("client_id", "client_secret"),
    "mianshibao": ("app_key", "app_secret"),
}
SCALE_TYPES = [("linear", _("Linear (min-max)")), ("percentile", _("Percentile"))]
EXTRA_ROWS = 3


class ConnectionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    vendor = forms.ChoiceField(label=_("Vendor"), choices=vendor_choices)
    base_url = forms.URLField(label=_("API base URL"), max_length=300, assume_scheme="https")
    key = forms.CharField(label=_("Client ID / app key"), max_length=200)
    secret = forms.CharField(
        label=_("Client secret / app secret"), max_length=400, widget=forms.PasswordInput
    )
    default_test_id = forms.CharField(
        label=_("Default test / position"),
        max_length=128,
        required=False,
        help_text=_("Used by AI-interview stages that do not name their own."),
    )
    backfill_days = forms.IntegerField(
        label=_("Backfill (days back)"), min_value=0, max_value=365, initial=7
    )
    poll_minutes = forms.IntegerField(label=_("Poll every (minutes)"), min_value=1, initial=5)

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        key_name, secret_name = CREDENTIAL_NAMES[data["vendor"]]
        return {
            "name": data["name"],
            "vendor": data["vendor"],
            "base_url": data["base_url"],
            "credentials": {key_name: data["key"], secret_name: data["secret"]},
            "default_test_id": data["default_test_id"],
            "backfill_from": timezone.now() - timedelta(days=data["backfill_days"]),
            "poll_interval": timedelta(minutes=data["poll_minutes"]),
        }


class CredentialsForm(forms.Form):
    key = forms.CharField(label=_("Client ID / app key"), max_length=200)
    secret = forms.CharField(
        label=_("Client secret / app secret"), max_length=400, widget=forms.PasswordInput
    )

    def credentials(self, vendor: str) -> dict[str, str]:
        key_name, secret_name = CREDENTIAL_NAMES[vendor]
        return {key_name: self.cleaned_data["key"], secret_name: self.cleaned_data["secret"]}


class MappingForm(forms.Form):
    """The mapping as rows of (vendor name -> dimension) plus scales and switches.

    Verdict and status words and ordinal tables are rarer edits: one JSON box.
    """

    overall_type = forms.ChoiceField(label=_("Overall score scale"), choices=SCALE_TYPES)
    overall_min = forms.DecimalField(label=_("from"), required=False)
    overall_max = forms.DecimalField(label=_("to"), required=False)
    dimension_type = forms.ChoiceField(label=_("Dimension score scale"), choices=SCALE_TYPES)
    dimension_min = forms.DecimalField(label=_("from"), required=False)
    dimension_max = forms.DecimalField(label=_("to"), required=False)
    timezone = forms.CharField(label=_("Time zone of the vendor's times"), max_length=60)
    keep_affect = forms.BooleanField(
        label=_("Keep the vendor's emotion / sentiment analysis (shown only, never decides)"),
        required=False,
    )
    required_dimensions = forms.MultipleChoiceField(
        label=_("Required dimensions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A result missing one of these is partial and never decided by a rule."),
    )
    advanced = forms.CharField(
        label=_("Verdict and status words, ordinal scales (JSON)"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        required=False,
    )

    def __init__(self, *args: Any, rows: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not mapped —"))] + [
            (d.code, f"{d.name_zh} · {d.name_en}") for d in Dimension.objects.order_by("code")
        ]
        cast(forms.MultipleChoiceField, self.fields["required_dimensions"]).choices = choices[1:]
        self.row_count = rows + EXTRA_ROWS
        for index in range(self.row_count):
            self.fields[f"vendor_{index}"] = forms.CharField(
                label=_("Vendor's name"), max_length=120, required=False
            )
            self.fields[f"code_{index}"] = forms.ChoiceField(
                label=_("Dimension"), choices=choices, required=False
            )

    @property
    def dimension_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"vendor_{i}"], self[f"code_{i}"]) for i in range(self.row_count)]

    @classmethod
    def initial_from(cls, mapping: dict[str, Any]) -> tuple[dict[str, Any], int]:
        initial: dict[str, Any] = {}
        for name in ("overall", "dimension"):
            scale = mapping.get(f"{name}_scale", {})
            initial[f"{name}_type"] = scale.get("type", "linear")
            initial[f"{name}_min"] = scale.get("min")
            initial[f"{name}_max"] = scale.get("max")
        rows = sorted(mapping.get("dimensions", {}).items(), key=lambda item: (item[1], item[0]))
        for index, (vendor_key, code) in enumerate(rows):
            initial[f"vendor_{index}"], initial[f"code_{index}"] = vendor_key, code
        initial["timezone"] = mapping.get("timezone", "UTC")
        initial["keep_affect"] = mapping.get("keep_affect", False)
        initial["required_dimensions"] = mapping.get("required_dimensions", [])
        advanced = {key: mapping[key] for key in ("verdicts", "statuses") if key in mapping} | {
            f"{name}_scale": mapping[f"{name}_scale"]
            for name in ("overall", "dimension")
            if mapping.get(f"{name}_scale", {}).get("type") == "ordinal"
        }
        initial["advanced"] = json.dumps(advanced, ensure_ascii=False, indent=2)
        return initial, len(rows)

    def clean_advanced(self) -> dict[str, Any]:
        text = self.cleaned_data.get("advanced") or "{}"
        try:
            value = json.loads(text)
        except ValueError as error:
            raise forms.ValidationError(
                _("Not valid JSON: %(error)s"), params={"error": error}
            ) from error
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Expected a JSON object."))
        return value

    def mapping(self) -> dict[str, Any]:
        """The mapping in the shape `mapping_from_json` reads (checked there)."""
        data = self.cleaned_data
        dimensions = {}
        for index in range(self.row_count):
            vendor_key = (data.get(f"vendor_{index}") or "").strip()
            code = data.get(f"code_{index}") or ""
            if vendor_key and code:
                dimensions[vendor_key] = code
        result: dict[str, Any] = {
            "dimensions": dimensions,
            "timezone": data["timezone"],
            "keep_affect": data["keep_affect"],
            "required_dimensions": list(data["required_dimensions"]),
        }
        for name in ("overall", "dimension"):
            result[f"{name}_scale"] = {
                "type": data[f"{name}_type"],
                "min": None if data[f"{name}_min"] is None else str(data[f"{name}_min"]),
                "max": None if data[f"{name}_max"] is None else str(data[f"{name}_max"]),
            }
        # The advanced box may give ordinal scales and verdict/status words.
        return result | data["advanced"]


class ResyncForm(forms.Form):
    since = forms.DateTimeField(
        label=_("Re-sync from"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class DiscardForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=500)


class MatchForm(forms.Form):
    application = forms.IntegerField(label=_("Application number"), min_value=1, max_value=ID_MAX)
