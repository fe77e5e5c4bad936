"""Catalogue writes: HR adds and edits courses (with what they build) and their sessions."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from employees.models import Course, CourseCompetency, CourseSession
from hrflow.accounts.models import User
from hrflow.competencies.models import Competency
from hrflow.core.audit import audit_record, diff_fields
from hrflow.core.errors import ApplicationError

COURSE_FIELDS = (
    "code", "title_zh", "title_en", "description", "delivery", "provider", "provider_name",
    "hours", "certificate_name", "certificate_months", "is_active",
)  # fmt: skip


@transaction.atomic
def course_save(
    *,
    course: Course | None,
    fields: dict[str, Any],
    builds: Sequence[tuple[Competency, int]],
    actor: User | None,
) -> Course:
    """Add a course (`course` None) or change one; `builds` replaces what it builds."""
    if len({competency.pk for competency, _level in builds}) != len(builds):
        raise ApplicationError(_("Name each competency once."), extra={"field": "builds"})
    for competency, level in builds:
        if not 1 <= level <= competency.levels:
            raise ApplicationError(
                _("%(competency)s is rated 1 to %(levels)s.")
                % {"competency": competency, "levels": competency.levels},
                extra={"field": "builds"},
            )
    if fields.get("certificate_months") and not fields.get("certificate_name"):
        raise ApplicationError(
            _("Name the certificate that lapses."), extra={"field": "certificate_name"}
        )
    target = Course() if course is None else Course.objects.select_for_update().get(pk=course.pk)
    changes = diff_fields(target, {name: fields[name] for name in COURSE_FIELDS if name in fields})
    for name in COURSE_FIELDS:
        if name in fields:
            setattr(target, name, fields[name])
    target.full_clean()
    target.save()
    old_builds = sorted(target.builds.values_list("competency__code", "level"))
    target.builds.all().delete()
    CourseCompetency.objects.bulk_create(
        CourseCompetency(course=target, competency=competency, level=level)
        for competency, level in builds
    )
    new_builds = sorted((competency.code, level) for competency, level in builds)
    if old_builds != new_builds:
        changes["builds"] = [old_builds, new_builds]
    audit_record(
        actor=actor,
        action="employees.course_create" if course is None else "employees.course_update",
        target=target,
        changes=changes,
    )
    return target


@transaction.atomic
def session_create(
    *,
    course: Course,
    starts_at: datetime,
    ends_at: datetime,
    seats: int,
    place: str = "",
    trainer: str = "",
    actor: User | None,
) -> CourseSession:
    if ends_at <= starts_at:
        raise ApplicationError(_("A session ends after it starts."), extra={"field": "ends_at"})
    session = CourseSession(
        course=course, starts_at=starts_at, ends_at=ends_at, seats=seats,
        place=place.strip(), trainer=trainer.strip(),
    )  # fmt: skip
    session.full_clean()
    session.save()
    audit_record(
        actor=actor,
        action="employees.session_create",
        target=course,
        changes={"session": session.pk, "starts_at": starts_at.isoformat(), "seats": seats},
    )
    return session
