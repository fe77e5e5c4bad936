"""The reports' own fact tables: counts and sums, no personal data.

Recruiting facts are keyed by a bucket: the job and the week (Monday, local time) its
applications applied in, with their source and the AI vendor (from the invitation on), then each
table's own columns; the key is unique. A refresh counts the changed applications
again and adds the difference to the rows they key (analytics.facts.refresh), in one
transaction, so a figure never mixes two moments. Ids of jobs and departments are plain
integers, not foreign keys: analytics reads other apps and nothing of theirs may depend
on it (a job deleted leaves counts until the next full rebuild, which the beat runs
nightly).

Durations and scores are kept as counts per exact value (minutes, score points), so
medians, percentiles and rank correlations come out exact without keeping whom a value
belongs to.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Bucket(models.Model):
    job_id = models.BigIntegerField()
    department_id = models.BigIntegerField(null=True)
    cohort_week = models.DateField()
    source = models.CharField(max_length=60, blank=True)
    vendor = models.CharField(max_length=80, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} job {self.job_id} week {self.cohort_week}"


def bucket_index(model_name: str) -> models.Index:
    return models.Index(fields=["job_id", "cohort_week"], name=f"analytics_{model_name}_bkt")


# A fact row's key: its bucket, then the table's own columns. Unique (NULL equal to
# NULL), so a refresh adds an application's change to the row it belongs to
# (INSERT ... ON CONFLICT); job and week first, so the same index finds a bucket's rows.
BUCKET_KEY = ("job_id", "cohort_week", "department_id", "source", "vendor")


def fact_key(model_name: str, *fields: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=[*BUCKET_KEY, *fields], name=f"analytics_{model_name}_key", nulls_distinct=False
    )


def fact_key_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The columns of a fact table's key, in the order its constraint names them."""
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.name.endswith("_key"):
            return tuple(constraint.fields)
    raise LookupError(f"{model.__name__} has no fact key")


class CohortFact(Bucket):
    """Applications of a bucket and how far they got."""

    applications = models.IntegerField(default=0)
    ai_results = models.IntegerField(default=0)
    ai_manual = models.IntegerField(default=0)
    ai_judged = models.IntegerField(default=0)
    ai_passed = models.IntegerField(default=0)
    offers_sent = models.IntegerField(default=0)
    offers_accepted = models.IntegerField(default=0)
    hired = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    # HR handling time of the bucket's ended applications (see journeys).
    hr_applications = models.IntegerField(default=0)
    hr_seconds = models.BigIntegerField(default=0)

    class Meta:
        constraints = [fact_key("cohort")]
        indexes = [models.Index(fields=["cohort_week"], name="analytics_cohort_week")]


class StageFact(Bucket):
    """Per stage kind: how many of a bucket's applications reached it, left it forward,
    ended in it, and the time spent in it (closed stays only)."""

    stage_kind = models.CharField(max_length=20)
    reached = models.IntegerField(default=0)
    moved_on = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    stays = models.IntegerField(default=0)
    stay_seconds = models.BigIntegerField(default=0)

    class Meta:
        constraints = [fact_key("stage", "stage_kind")]
        indexes = [models.Index(fields=["cohort_week"], name="analytics_stage_week")]


class ActivityFact(Bucket):
    """What happened on a day (activity view): entries into a stage and ends."""

    day = models.DateField()
    stage_kind = models.CharField(max_length=20)
    # "entered", "rejected", "withdrawn" or "hired".
    event = models.CharField(max_length=10)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [fact_key("activity", "day", "stage_kind", "event")]
        indexes = [models.Index(fields=["day"], name="analytics_activity_day")]


class DurationFact(Bucket):
    """How many of a bucket's applications took exactly `minutes` for a metric, by the
    day the metric's end happened."""

    # "ttf:<start>><end>" (milestones), "hr_handling", "ai_to_feedback", "stage:<kind>".
    metric = models.CharField(max_length=40)
    end_day = models.DateField()
    minutes = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [fact_key("duration", "metric", "end_day", "minutes")]
        indexes = [
            # Covering: the timing tables read these columns only, so after the rebuild's
            # VACUUM the scans never touch the table (index-only).
            models.Index(
                fields=["metric", "end_day"],
                include=["minutes", "count", "job_id", "department_id", "source", "vendor"],
                name="analytics_duration_metric",
            ),
            models.Index(
                fields=["metric", "cohort_week"],
                include=["minutes", "count", "job_id", "department_id", "source", "vendor"],
                name="analytics_duration_cohort",
            ),
        ]


class DurationWeekFact(models.Model):
    """DurationFact summed over jobs, departments, sources and vendors: what a timing
    table reads when nothing narrows the figures (an HR admin's view, the common one).
    Kept by the refresh from DurationFact itself, week by week; a tenth of its rows."""

    cohort_week = models.DateField()
    metric = models.CharField(max_length=40)
    minutes = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["metric", "cohort_week"],
                include=["minutes", "count"],
                name="analytics_durweek_metric",
            ),
        ]
        # Also finds a week's rows (the refresh replaces whole weeks).
        constraints = [
            models.UniqueConstraint(
                fields=["cohort_week", "metric", "minutes"], name="analytics_durweek_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} week {self.cohort_week}"


class AiResultFact(Bucket):
    """AI results by the week they arrived, the stage and rule version that judged them."""

    result_week = models.DateField()
    stage_kind = models.CharField(max_length=20, blank=True)
    rule_version = models.CharField(max_length=140, blank=True)
    results = models.IntegerField(default=0)
    manual = models.IntegerField(default=0)
    judged = models.IntegerField(default=0)
    passed = models.IntegerField(default=0)

    class Meta:
        constraints = [fact_key("airesult", "result_week", "stage_kind", "rule_version")]
        indexes = [models.Index(fields=["result_week"], name="analytics_airesult_week")]


class SurveyFact(Bucket):
    """Survey answers (rating 1-5) and surveys due but not answered (rating 0), by moment,
    the furthest stage reached and how the application stands."""

    moment = models.CharField(max_length=20)
    furthest_kind = models.CharField(max_length=20, blank=True)
    outcome = models.CharField(max_length=10)
    answered_week = models.DateField(null=True)
    rating = models.PositiveSmallIntegerField()
    count = models.IntegerField(default=0)
    # Minutes from the AI result to the first feedback (moment after_ai_interview only),
    # summed over the row's `count` answers.
    feedback_minutes = models.BigIntegerField(default=0)
    # The same wait as a band ("under_1d", "1_3d", "3_7d", "over_7d"; "" none): a mean
    # rating per band needs each answer's own wait, which the sum above has lost.
    feedback_band = models.CharField(max_length=10, blank=True, default="")

    class Meta:
        constraints = [
            fact_key(
                "survey",
                "moment",
                "furthest_kind",
                "outcome",
                "answered_week",
                "rating",
                "feedback_band",
            )
        ]


class FairnessFact(Bucket):
    """Per stage and rule version, by the voluntary self-identification codes: how many
    reached the stage, how many the stage decided (moved on, or rejected there) and how
    many of them it selected (left it forward). Still in the stage, or withdrawn there:
    not decided, so neither selected nor not selected."""

    stage_kind = models.CharField(max_length=20)
    rule_version = models.CharField(max_length=140, blank=True)
    gender = models.CharField(max_length=20, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    ethnicity = models.CharField(max_length=20, blank=True)
    disability = models.CharField(max_length=20, blank=True)
    reached = models.IntegerField(default=0)
    decided = models.IntegerField(default=0)
    selected = models.IntegerField(default=0)

    class Meta:
        constraints = [
            fact_key(
                "fairness",
                "stage_kind",
                "rule_version",
                "gender",
                "age_band",
                "ethnicity",
                "disability",
            )
        ]


class ScoreFact(Bucket):
    """AI overall scores as counts per exact score and self-identification codes: the
    scoring rate of NYC Local Law 144 (share above the sample's median) needs the median
    of whatever sample the filters pick."""

    gender = models.CharField(max_length=20, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    ethnicity = models.CharField(max_length=20, blank=True)
    disability = models.CharField(max_length=20, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [fact_key("score", "gender", "age_band", "ethnicity", "disability", "score")]


class ValidityFact(models.Model):
    """Pairs of (predictor score, outcome value) among hires, as counts per exact pair.

    Predictor: an AI dimension's code or "overall"; outcome: "review_rating",
    "probation_passed", "retained_12m" or "kpi:<metric>". Kept per job, vendor, model
    version and job family, by the month of hire.
    """

    job_id = models.BigIntegerField(null=True)
    department_id = models.BigIntegerField(null=True)
    source = models.CharField(max_length=60, blank=True)
    vendor = models.CharField(max_length=120, blank=True)
    model_version = models.CharField(max_length=80, blank=True)
    job_family = models.CharField(max_length=80, blank=True)
    hired_month = models.DateField()
    predictor = models.CharField(max_length=40)
    outcome = models.CharField(max_length=60)
    x = models.DecimalField(max_digits=7, decimal_places=2)
    y = models.DecimalField(max_digits=12, decimal_places=4)
    count = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["predictor", "outcome"], name="analytics_validity_pair")]

    def __str__(self) -> str:
        return f"{self.predictor} x {self.outcome}: ({self.x}, {self.y}) x {self.count}"


class SourceOutcomeFact(Bucket):
    """What became of the hires of a bucket (the bucket of the application they were
    hired through): how many stayed six months, among those for whom that is known, and
    their first review ratings. Rebuilt whole with the validity facts."""

    hires = models.IntegerField(default=0)
    retained_known = models.IntegerField(default=0)
    retained = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    rating_sum = models.IntegerField(default=0)

    class Meta:
        indexes = [bucket_index("sourceoutcome")]


class ApplicantScoreFact(Bucket):
    """Every applicant's AI scores as counts, sums and sums of squares per predictor: the
    applicant pool's standard deviation, which the range-restriction correction needs
    (only hires have outcomes)."""

    predictor = models.CharField(max_length=40)
    n = models.IntegerField(default=0)
    total = models.FloatField(default=0)
    total_squares = models.FloatField(default=0)

    class Meta:
        constraints = [fact_key("applicant", "predictor")]


class ApplicationContribution(models.Model):
    """What one application added to the recruiting fact tables when it was last
    counted: its bucket and its rows, so that the next refresh can take exactly that
    away and add what the application adds now, instead of counting its whole bucket
    again (docs/ANALYTICS.md, "Refresh").

    Not a report table: nothing reads it but the refresh. It holds what recruiting
    itself holds about the application, in counted form, and no self-identification:
    only a keyed digest of the codes, so a change of them is noticed (the bucket is then
    counted again, since the rows to take away are unknown). Rows of applications that
    were merged are removed when their change is counted; of applications deleted,
    at the next full rebuild.
    """

    application_id = models.BigIntegerField(primary_key=True)
    job_id = models.BigIntegerField()
    department_id = models.BigIntegerField(null=True)
    cohort_week = models.DateField()
    source = models.CharField(max_length=60, blank=True)
    vendor = models.CharField(max_length=80, blank=True)
    groups_digest = models.CharField(max_length=16)
    # zlib-compressed JSON: [[table, key without the bucket and the group codes,
    # values], ...] (analytics.facts.contributions).
    rows = models.BinaryField()

    def __str__(self) -> str:
        return f"application {self.application_id}"


class RefreshState(models.Model):
    """Where the incremental refresh stands: everything written before `watermark` is
    in the facts."""

    name = models.CharField(max_length=40, unique=True)
    watermark = models.DateTimeField(null=True)
    refreshed_at = models.DateTimeField(null=True)
    full_at = models.DateTimeField(null=True)
    buckets = models.IntegerField(default=0)
    seconds = models.FloatField(default=0)
    # Whether every counted application's contribution is stored (a full rebuild makes
    # it so); until then an incremental refresh rebuilds in full.
    contributions_ready = models.BooleanField(default=False)
    # The sources and vendors the facts hold, for the filters' choices.
    sources = models.JSONField(default=list)
    vendors = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.name}: {self.watermark}"


class ReportSettings(models.Model):
    """The company's choices for its reports (one row)."""

    go_live_on = models.DateField(
        _("went live with hrflow"),
        null=True,
        blank=True,
        help_text=_(
            "The before/after report compares the months before this day (the baseline) "
            "with the latest months. Empty: the day the first AI result arrived from a "
            "vendor by itself."
        ),
    )
    compare_months = models.PositiveSmallIntegerField(
        _("months compared"), default=6, help_text=_("Length of each period compared.")
    )
    bounce_minutes = models.PositiveSmallIntegerField(
        _("ignore moves undone within (minutes)"), default=10
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")
        # The reports' own permissions (roles get them in analytics/role_grants.py).
        permissions = [
            ("view_reports", _("Can see the recruiting reports")),
            ("view_validity", _("Can see whether the AI scores predicted performance")),
            ("view_fairness", _("Can see the fairness audit")),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
