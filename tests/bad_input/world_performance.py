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
        "api:review-cycle-detail": cycle,
        "api:review-detail": review,
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
    }
