"""The screening-rule editor: a rule's fields and its weighted parts, as forms.

Forms check shapes and the rule's arithmetic (recruiting.screening.rules.spec_problems);
`screening_rule_save` checks the rest (stages of this job, a later stage, a
reason for rejects) and saves a new version. The job's stages, the active
rejection reasons and the dimension catalogue are read once per editor, so a
rule with many parts costs no more queries than one with a single part.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hrflow.competencies.models import Dimension
from recruiting.models import (
    Job,
    RejectionReason,
    ScreeningRule,
    ScreeningRuleVersion,
    Stage,
)
from recruiting.screening.rules import MissingPolicy, Part, RuleSpec, Source, spec_problems

SOURCE_CHOICES = [
    ("", "—"),
    (Source.AI_OVERALL.value, _("AI interview: overall score")),
    (Source.AI_DIMENSION.value, _("AI interview: one dimension")),
    (Source.RESUME_MATCH.value, _("Resume match")),
    (Source.WRITTEN_TEST.value, _("Written test")),
    (Source.INTERVIEW_FEEDBACK.value, _("Interview feedback (average)")),
]
# Blank rows under the parts, as on the pipeline page: fill one in to add a part.
BLANK_PARTS = 2
# The fields the composite score and the outcome depend on: enough for a preview.
SPEC_FIELDS = ("missing_policy", "advance_at", "reject_below")


class RuleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    is_active = forms.BooleanField(
        label=_("On: the rule decides arriving results"),
        required=False,
        initial=True,
        help_text=_("Off: it decides nothing; its versions and decisions are kept."),
    )
    stage = forms.ChoiceField(
        label=_("Stage it judges"),
        required=False,
        help_text=_("Empty: applications are judged in whatever stage they are."),
    )
    missing_policy = forms.ChoiceField(
        label=_("When a part has no score yet"),
        choices=ScreeningRuleVersion.Missing.choices,
        initial=MissingPolicy.REWEIGHT.value,
        widget=forms.RadioSelect,
    )
    advance_at = forms.DecimalField(
        label=_("Advance at (composite score and over)"),
        initial=Decimal(80),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
    )
    advance_to = forms.ChoiceField(label=_("Advance to"))
    reject_below = forms.DecimalField(
        label=_("Suggest rejecting below"),
        required=False,
        help_text=_(
            "Empty: the rule never rejects; everything under 'advance at' waits for review."
        ),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
    )
    reject_reason = forms.ChoiceField(label=_("Rejection reason"), required=False)
    auto_reject = forms.BooleanField(
        label=_("Reject without review"),
        required=False,
        help_text=_(
            "Off (recommended): a reject is only a suggestion that a person confirms in the "
            "review queue. On: every application under the threshold is rejected by the "
            "machine alone, and the candidate is told, with nobody looking at it first."
        ),
    )

    def __init__(
        self, *args: Any, stages: list[Stage], reasons: list[RejectionReason], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._stages = {str(stage.pk): stage for stage in stages}
        self._reasons = {str(reason.pk): reason for reason in reasons}
        stage_choices = [(key, f"{s.position}. {s.name}") for key, s in self._stages.items()]
        self._choices("stage").choices = [("", _("Any stage")), *stage_choices]
        self._choices("advance_to").choices = [("", "—"), *stage_choices]
        self._choices("reject_reason").choices = [
            ("", "—"),
            *((key, str(reason)) for key, reason in self._reasons.items()),
        ]

    def _choices(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def clean_stage(self) -> Stage | None:
        return self._stages.get(self.cleaned_data["stage"])

    def clean_advance_to(self) -> Stage:
        return self._stages[self.cleaned_data["advance_to"]]

    def clean_reject_reason(self) -> RejectionReason | None:
        return self._reasons.get(self.cleaned_data["reject_reason"])


class PartForm(forms.Form):
    source = forms.ChoiceField(label=_("Score"), choices=SOURCE_CHOICES)
    dimension = forms.ChoiceField(label=_("Dimension"), required=False)
    weight = forms.DecimalField(
        label=_("Weight"), initial=Decimal(1), max_digits=6, decimal_places=2
    )

    def __init__(self, *args: Any, dimensions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["dimension"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *dimensions]

    def clean_weight(self) -> Decimal:
        weight: Decimal = self.cleaned_data["weight"]
        if weight <= 0:
            raise forms.ValidationError(_("A weight must be above 0."))
        return weight

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == Source.AI_DIMENSION and not data.get("dimension"):
            self.add_error("dimension", _("Pick the dimension."))
        elif data.get("source") != Source.AI_DIMENSION:
            data["dimension"] = ""  # a leftover from before the score was changed
        return data

    def part(self) -> Part:
        data = self.cleaned_data
        return Part(Source(data["source"]), data["weight"], data["dimension"])


PartFormSet = forms.formset_factory(PartForm, extra=BLANK_PARTS, can_delete=True)


class RuleEditor:
    """A rule form and its parts, bound together and judged as one rule.

    `version` fills the forms with what the rule says now; saving makes a new version.
    """

    def __init__(
        self,
        *,
        job: Job,
        data: Any = None,
        rule: ScreeningRule | None = None,
        version: ScreeningRuleVersion | None = None,
    ) -> None:
        stages = list(job.stages.order_by("position"))
        reasons = list(RejectionReason.objects.filter(is_active=True))
        dimensions = [(d.code, str(d)) for d in Dimension.objects.order_by("code")]
        initial, parts = _initial(rule, version)
        self.form = RuleForm(data, initial=initial, stages=stages, reasons=reasons)
        # Bound, the rows are what was posted: an initial row posted unchanged would
        # otherwise count as "not filled in" and be dropped.
        self.parts = PartFormSet(
            data,
            initial=None if data is not None else parts,
            prefix="parts",
            form_kwargs={"dimensions": dimensions},
        )
        self.problems: list[str] = []

    def is_valid(self) -> bool:
        """Every field well-formed and the rule sound; the problems are kept in `problems`."""
        valid = self.form.is_valid() & self.parts.is_valid()
        if valid:
            self.problems = spec_problems(self.spec())
        return valid and not self.problems

    def preview_spec(self) -> RuleSpec | None:
        """The rule as far as a preview needs it (parts and thresholds), or None with
        `problems` saying why; the name and stages may still be missing."""
        self.form.is_valid()
        if not self.parts.is_valid():
            self.problems = [
                _("Part %(number)s: %(error)s")
                % {"number": number, "error": " ".join(str(error) for error in errors)}
                for number, form in enumerate(self.parts.forms, start=1)
                if not form.cleaned_data.get("DELETE")
                for errors in form.errors.values()
            ] or [str(_("Check the parts."))]
            return None
        if any(name in self.form.errors for name in SPEC_FIELDS):
            self.problems = [
                f"{self.form.fields[name].label}: {' '.join(map(str, self.form.errors[name]))}"
                for name in SPEC_FIELDS
                if name in self.form.errors
            ]
            return None
        spec = self.spec()
        self.problems = spec_problems(spec)
        return None if self.problems else spec

    def spec(self) -> RuleSpec:
        data = self.form.cleaned_data
        return RuleSpec(
            parts=tuple(self._parts()),
            missing=MissingPolicy(data["missing_policy"]),
            advance_at=data["advance_at"],
            reject_below=data.get("reject_below"),
        )

    def save_arguments(self) -> dict[str, Any]:
        """The keyword arguments of screening_rule_save, from a valid editor."""
        data = self.form.cleaned_data
        return {
            "name": data["name"],
            "stage": data["stage"],
            "parts": self._parts(),
            "missing": MissingPolicy(data["missing_policy"]),
            "advance_at": data["advance_at"],
            "advance_to": data["advance_to"],
            "reject_below": data["reject_below"],
            "reject_reason": data["reject_reason"],
            "auto_reject": data["auto_reject"],
            "is_active": data["is_active"],
        }

    def _parts(self) -> list[Part]:
        # A blank row left as it was has no cleaned data; a removed one says DELETE.
        return [
            form.part()
            for form in self.parts.forms
            if form.cleaned_data.get("source") and not form.cleaned_data.get("DELETE")
        ]


def _initial(
    rule: ScreeningRule | None, version: ScreeningRuleVersion | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    if rule is None or version is None:
        return {}, [{"source": Source.AI_OVERALL.value, "weight": Decimal(1)}]
    initial = {
        "name": rule.name,
        "is_active": rule.is_active,
        "stage": str(rule.stage_id or ""),
        "missing_policy": version.missing_policy,
        "advance_at": version.advance_at,
        "advance_to": str(version.advance_to_id),
        "reject_below": version.reject_below,
        "reject_reason": str(version.reject_reason_id or ""),
        "auto_reject": version.auto_reject,
    }
    parts = [
        {"source": p["source"], "dimension": p.get("dimension", ""), "weight": Decimal(p["weight"])}
        for p in version.parts
    ]
    return initial, parts
