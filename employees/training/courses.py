"""Catalogue writes: HR adds and edits courses (with what they build) and their sessions."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
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
def course_create(
    *, fields: dict[str, Any], builds: Sequence[tuple[Competency, int]], actor: User | None
) -> Course:
    """Add a course with the competencies it builds."""
    return _course_write(Course(), fields, builds, actor, action="employees.course_create")


@transaction.atomic
def course_update(
    *,
    course: Course,
    fields: dict[str, Any],
    builds: Sequence[tuple[Competency, int]] | None = None,
    actor: User | None,
) -> Course:
    """Change the fields given (the others stay); `builds`, when given, replaces what the
    course builds. The same rules as a new course, checked on the course as it would be."""
    target = Course.objects.select_for_update().get(pk=course.pk)
    return _course_write(target, fields, builds, actor, action="employees.course_update")


def _course_write(
    target: Course,
    fields: dict[str, Any],
    builds: Sequence[tuple[Competency, int]] | None,
    actor: User | None,
    *,
    action: str,
) -> Course:
    old_builds: list[tuple[str, int]] = []
    new_builds: list[tuple[str, int]] | None = None
    if builds is not None:
        _builds_check(builds)
        old_builds = (
            sorted(target.builds.values_list("competency__code", "level")) if target.pk else []
        )
        new_builds = sorted((competency.code, level) for competency, level in builds)
        if old_builds == new_builds:
            new_builds = None  # what it builds stays as it is
    given = {name: fields[name] for name in COURSE_FIELDS if name in fields}
    changes = diff_fields(target, given)
    if target.pk is not None and not changes and new_builds is None:
        return target  # nothing changes: no write, no audit row
    for name, value in given.items():
        setattr(target, name, value)
    # Checked on the course as it would be saved, not on the input: a PATCH of the
    # months alone must still find the certificate's name on the row.
    if target.hours is not None and not target.hours > 0:
        raise ApplicationError(_("A course lasts more than 0 hours."), extra={"field": "hours"})
    if target.certificate_months and not target.certificate_name:
        raise ApplicationError(
            _("Name the certificate that lapses."), extra={"field": "certificate_name"}
        )
    target.full_clean()
    _course_save(target)
    if builds is not None and new_builds is not None:
        target.builds.all().delete()
        CourseCompetency.objects.bulk_create(
            CourseCompetency(course=target, competency=competency, level=level)
            for competency, level in builds
        )
        changes["builds"] = [old_builds, new_builds]
    audit_record(actor=actor, action=action, target=target, changes=changes)
    return target


def _course_save(target: Course) -> None:
    """Save under a savepoint: a course given the same new code a moment ago passed
    full_clean's uniqueness check here too, and the database refuses it; that is the
    same refusal as the check's, not a 500."""
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError:
        if not Course.objects.filter(code=target.code).exclude(pk=target.pk).exists():
            raise
        taken = target.unique_error_message(Course, ("code",))
        raise ApplicationError(taken.messages[0], extra={"field": "code"}) from None


def _builds_check(builds: Sequence[tuple[Competency, int]]) -> None:
    if len({competency.pk for competency, _level in builds}) != len(builds):
        raise ApplicationError(_("Name each competency once."), extra={"field": "builds"})
    for competency, level in builds:
        if not 1 <= level <= competency.levels:
            raise ApplicationError(
                _("%(competency)s is rated 1 to %(levels)s.")
                % {"competency": competency, "levels": competency.levels},
                extra={"field": "builds"},
            )


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
