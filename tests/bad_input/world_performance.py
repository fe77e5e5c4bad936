"""The review part of the walker's world: an open cycle with a review in it."""

from typing import Any


def performance_part(hr: Any) -> dict[str, Any]:
    """`hr` (the walker's account) is also asked for a peer view, so its page opens."""
    from employees.models import Review, ReviewerAssignment
    from tests.employees.performance.scene import cycle_open, scene_make

    scene = scene_make(people=1)
    cycle = cycle_open(scene, peer_review=True)
    review = Review.objects.get(cycle=cycle)
    return {
        "cycle": cycle,
        "review": review,
        "assignment": ReviewerAssignment.objects.create(review=review, reviewer=hr, kind="peer"),
        "metric": scene.metric,
        "department": scene.team,
        # The cycle's reviews use this one; the unused one is changed in place.
        "template": scene.template,
        "competency": scene.competency,
    }


def performance_kwargs(part: dict[str, Any]) -> dict[str, Any]:
    """URL name -> the object its pk names."""
    cycle, review = part["cycle"], part["review"]
    return {
        "employees:performance-cycle": cycle,
        "employees:performance-calibration": cycle,
        "employees:performance-calibration-start": cycle,
        "employees:performance-cycle-close": cycle,
        "employees:performance-review-calibrate": review,
        "employees:performance-review": review,
        "employees:performance-review-self": review,
        "employees:performance-review-manager": review,
        "employees:performance-review-acknowledge": review,
        "employees:performance-reviewer-assign": review,
        "employees:performance-reviewer-answer": part["assignment"],
        "employees:performance-template": part["template"],
        "api:review-cycle-detail": cycle,
        "api:review-detail": review,
        "api:review-cycle-calibration": cycle,
        "api:review-cycle-close": cycle,
        "api:review-self": review,
        "api:review-manager": review,
        "api:review-calibrate": review,
        "api:review-acknowledge": review,
    }


def performance_forms(part: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Valid forms, so the walker reaches the services behind the first field."""
    cycle = part["cycle"]
    return {
        "employees:performance-cycle-open": {
            "name": "walker",
            "kind": "quarterly",
            "period_start": cycle.period_start.isoformat(),
            "period_end": cycle.period_end.isoformat(),
            "department": str(part["department"].pk),
            "metric": str(part["metric"].pk),
            "target": "2",
            "bands": "2:100, 3:60",
        },
        "employees:performance-review-calibrate": {"rating": "3", "reason": "walker"},
        "employees:performance-template-create": _template_form(part),
        "employees:performance-template": _template_form(part),
    }


def _template_form(part: dict[str, Any]) -> dict[str, Any]:
    """A template the service takes: KPI 60 %, competencies 40 %, comments."""
    return {
        "name": "walker",
        "department": str(part["department"].pk),
        "kind_0": "kpi",
        "title_0": "KPI",
        "weight_0": "60",
        "kind_1": "competencies",
        "title_1": "能力",
        "weight_1": "40",
        "competencies_1": [str(part["competency"].pk)],
        "kind_2": "comments",
        "title_2": "评语",
        "weight_2": "0",
    }
