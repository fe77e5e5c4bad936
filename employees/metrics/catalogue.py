"""The metrics a company starts with, installed by a data migration.

HR edits and adds metrics in the app; reinstalling (tests after a flush,
`install_metrics`) only adds a code that is missing and never overwrites HR's edits.
"""

from typing import Any

# (code, Chinese name, English name, unit, direction, aggregation)
DEFAULT_METRICS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("safety_incidents", "安全事故次数", "Safety incidents", "次", "lower", "sum"),
    ("output_units", "产量", "Output", "件", "higher", "sum"),
    ("quality_defects", "质量缺陷数", "Quality defects", "件", "lower", "sum"),
    ("customer_satisfaction", "客户满意度", "Customer satisfaction", "分", "higher", "mean"),
    ("attendance_rate", "出勤率", "Attendance rate", "%", "higher", "mean"),
)


def install_metrics(apps: Any) -> None:
    """Add each shipped metric whose code is missing; safe to call again."""
    metric = apps.get_model("employees", "Metric")
    # One query when nothing is missing: the tests reinstall this before each of them.
    present = set(metric.objects.values_list("code", flat=True))
    metric.objects.bulk_create(
        metric(
            code=code,
            name_zh=name_zh,
            name_en=name_en,
            unit=unit,
            direction=direction,
            aggregation=aggregation,
        )
        for code, name_zh, name_en, unit, direction, aggregation in DEFAULT_METRICS
        if code not in present
    )
