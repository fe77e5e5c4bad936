"""Punch corrections: a missing or wrong punch asked for with a reason; the manager (or
HR) approves and it becomes a punch of source `correction`, and the day is recomputed."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.attendance.locks import lock_check
from employees.attendance.notices import attendance_request_decided, attendance_request_waiting
from employees.attendance.permissions import may_ask_for, may_decide_for
from employees.attendance.recompute import daily_results_recompute
from employees.models import Employee, Punch, PunchCorrection, PunchSource, RequestStatus
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError

CORRECTION_DEVICE = "correction"


@transaction.atomic
def punch_correction_request(
    *, employee: Employee, day: date, at: datetime, reason: str, actor: User | None
) -> PunchCorrection:
    """Ask for a punch at `at` on the working day `day` (a night shift's clock-out is
    the next calendar morning, so the day is said, not derived)."""
    if actor is not None and not may_ask_for(actor, employee):
        raise ApplicationError(_("You may not ask for a correction for this employee."))
    if not reason.strip():
        raise ApplicationError(_("Say why the punch is corrected."), extra={"field": "reason"})
    if timezone.is_naive(at) or at > timezone.now():
        raise ApplicationError(
            _("A correction is for a time that has passed."), extra={"field": "at"}
        )
    if abs(timezone.localtime(at).date() - day) > timedelta(days=1):
        raise ApplicationError(
            _("The corrected time must fall on the day or the next morning."),
            extra={"field": "at"},
        )
    correction = PunchCorrection.objects.create(
        employee=employee, day=day, at=at, reason=reason.strip(), requested_by=actor
    )
    audit_record(
        actor=actor,
        action="attendance.correction_requested",
        target=correction,
        changes={"at": [None, at.isoformat()]},
    )
    attendance_request_waiting(correction)
    return correction


@transaction.atomic
def punch_correction_decide(
    *,
    correction: PunchCorrection,
    approve: bool,
    actor: User | None,
    note: str = "",
    override_reason: str = "",
) -> PunchCorrection:
    """Approve (store the punch, recompute the day) or decline with a note."""
    correction = PunchCorrection.objects.select_for_update().get(pk=correction.pk)
    if correction.status != RequestStatus.PENDING:
        raise ApplicationError(_("This correction is decided already."))
    if not may_decide_for(actor, correction.employee):
        raise ApplicationError(_("Only the employee's manager or HR may decide this correction."))
    if approve:
        lock_check(
            [(correction.employee_id, correction.day)],
            actor=actor,
            override_reason=override_reason,
            what="punch correction approved",
        )
        punch, _created = Punch.objects.get_or_create(
            employee_id=correction.employee_id,
            device=CORRECTION_DEVICE,
            at=correction.at,
            defaults={"source": PunchSource.CORRECTION},
        )
        correction.punch = punch
    correction.status = RequestStatus.APPROVED if approve else RequestStatus.DECLINED
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.decision_note = note.strip()
    correction.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "punch", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="attendance.correction_decided",
        target=correction,
        changes={"status": [RequestStatus.PENDING, correction.status]},
    )
    attendance_request_decided(correction)
    if approve:
        daily_results_recompute(
            employee_ids=[correction.employee_id],
            start=correction.day,
            end=correction.day,
            include_locked=bool(override_reason.strip()),
        )
    return correction
