"""Pre-boarding: the new hire's own pages before day one, opened by a one-time link.

HR sends the link (e-mail and text through the outbox, to the personal address
and phone). The link is a random secret of which only a hash is stored; it
signs in once, within HRFLOW_PREBOARDING_LINK_DAYS, and the session it opens
(employees.preboarding.session) goes on. Every write here is the new hire's
own, audited; ID number, bank account and emergency contacts are encrypted
fields and each write of one also logs a SensitiveAccess row ("change").

Never asked, on purpose: marriage, pregnancy or childbearing (asking is
discrimination under the Law on the Protection of Women's Rights, art. 43) and
health data (PIPL art. 28-29: its own consent, not part of this form).
"""

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from employees.lock_objects import employee_lock
from employees.models import (
    Employee,
    EmployeeConsent,
    EmployeeDocument,
    OnboardingPlan,
    Policy,
    PreboardingLink,
    SensitiveAccess,
)
from employees.selectors.preboarding import preboarding_missing
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from hrflow.core.file_guard import file_written
from hrflow.core.upload_checks import document_kind_check
from hrflow.notifications.events import event_for
from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.rendering import render, templates_loaded
from hrflow.notifications.services import outbox_enqueue
from hrflow.notifications.staff import staff_notify
from hrflow.org.selectors import company_current

INVITE_EVENT = "preboarding_invitation"
# What the new hire may upload here; anything HR did not mark required is optional.
UPLOAD_KINDS = (
    EmployeeDocument.Kind.ID_DOCUMENT,
    EmployeeDocument.Kind.DEGREE,
    EmployeeDocument.Kind.EMPLOYMENT,
    EmployeeDocument.Kind.BANK,
    EmployeeDocument.Kind.PHOTO,
)
MAX_PRIOR_SERVICE_MONTHS = 600  # fifty years
MAX_EMERGENCY_CONTACTS = 3


class LinkRefused(ApplicationError):
    """The link cannot sign in; `reason` is unknown, expired or used."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message, extra={"reason": reason})
        self.reason = reason


@dataclass(frozen=True)
class Invitation:
    link: PreboardingLink
    url: str  # holds the secret: shown to nobody, only sent


def link_lifetime() -> timedelta:
    return timedelta(days=settings.HRFLOW_PREBOARDING_LINK_DAYS)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def preboarding_invite(
    *, employee: Employee, actor: User, required_documents: Sequence[str] = ()
) -> Invitation:
    """Send the new hire a fresh link (older unused ones stop working) by e-mail and text."""
    # The employee row is the lock: two invitations at once would each stop only the
    # older links and leave both new ones working.
    employee = employee_lock(employee.pk)
    if employee.hire_date < timezone.localdate():
        # Pre-boarding is before day one: after it, the person's details change through
        # HR and self-service, where the roster's fields are audited as HR's.
        raise ApplicationError(_("This person has started; pre-boarding is over."))
    if not employee.personal_email and not employee.phone:
        raise ApplicationError(
            _("Add a personal e-mail or phone number first: the link is sent there.")
        )
    if employee.left_on is not None:
        raise ApplicationError(_("This person has left; pre-boarding is closed."))
    unknown = set(required_documents) - set(UPLOAD_KINDS)
    if unknown:
        raise ApplicationError(_("Unknown document kind."), extra={"field": "required_documents"})
    plan = OnboardingPlan.objects.filter(employee=employee).first()
    if plan is not None and list(required_documents) != plan.required_documents:
        plan.required_documents = list(dict.fromkeys(required_documents))
        plan.save(update_fields=["required_documents", "updated_at"])
    now = timezone.now()
    PreboardingLink.objects.filter(employee=employee, used_at__isnull=True).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    link = PreboardingLink.objects.create(
        employee=employee,
        token_hash=token_hash(token),
        expires_at=now + link_lifetime(),
        sent_by=actor,
    )
    url = settings.HRFLOW_PUBLIC_URL.rstrip("/") + reverse(
        "employees:welcome-link", kwargs={"token": token}
    )
    _send(employee, link, url)
    audit_record(
        actor=actor,
        action="employees.preboarding_invite",
        target=employee,
        changes={"link": link.pk, "required_documents": list(required_documents)},
    )
    return Invitation(link=link, url=url)


def _send(employee: Employee, link: PreboardingLink, url: str) -> None:
    event = event_for(INVITE_EVENT)
    wordings = templates_loaded([event.code])
    language = "zh-hans"
    with translation.override(language):
        variables = {
            "employee_name": employee.shown_name,
            "company_name": company_current().company_name,
            "start_date": employee.hire_date.isoformat(),
            "preboarding_link": url,
            "expires_days": str(settings.HRFLOW_PREBOARDING_LINK_DAYS),
        }
    for channel, address in (
        (OutboxMessage.Channel.EMAIL, employee.personal_email),
        (OutboxMessage.Channel.SMS, employee.phone),
    ):
        if not address:
            continue
        wording = render(event, channel, language, variables, wordings)
        outbox_enqueue(
            idempotency_key=f"{INVITE_EVENT}:{link.pk}:{channel}",
            channel=channel,
            event=event.code,
            recipient=address,
            subject=wording.subject,
            body=wording.body,
            language=language,
            # The secret stays in the body only, which staff pages never show.
            variables={"company_name": variables["company_name"]},
        )


def preboarding_link_check(*, token: str) -> PreboardingLink:
    """The link if it can still sign in; else LinkRefused saying why. Spends nothing."""
    link = (
        PreboardingLink.objects.select_related("employee")
        .filter(token_hash=token_hash(token))
        .first()
        if token
        else None
    )
    return _usable(link)


def _usable(link: PreboardingLink | None) -> PreboardingLink:
    if link is None or link.employee.left_on is not None:
        raise LinkRefused(_("This link is not valid."), reason="unknown")
    if link.used_at is not None:
        raise LinkRefused(
            _("This link was already used: each link signs in once. Ask HR for a new one."),
            reason="used",
        )
    if link.expires_at <= timezone.now():
        raise LinkRefused(
            _("This link has expired. Ask HR to send you a new one."), reason="expired"
        )
    return link


@transaction.atomic
def preboarding_link_redeem(*, token: str) -> Employee:
    """Spend the link and return its new hire; a second use is refused."""
    found = (
        PreboardingLink.objects.select_for_update().filter(token_hash=token_hash(token)).first()
        if token
        else None
    )
    link = _usable(found)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    audit_record(
        actor=None,
        action="employees.preboarding_sign_in",
        target=link.employee,
        changes={"link": link.pk},
    )
    return link.employee


def _audit(employee: Employee, action: str, changes: dict) -> None:  # type: ignore[type-arg]
    audit_record(
        actor=None,
        action=f"employees.preboarding_{action}",
        target=employee,
        changes={"by": "new hire (pre-boarding)", **changes},
    )


def _sensitive_changed(employee: Employee, field: str) -> None:
    SensitiveAccess.objects.create(
        employee=employee,
        field=field,
        actor=None,
        actor_label=_("%(name)s (pre-boarding)") % {"name": employee.full_name},
        reason="pre-boarding",
        action="change",
    )


PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,19}$")


@transaction.atomic
def preboarding_details_save(
    *,
    employee: Employee,
    full_name: str,
    sex: str,
    address: str,
    personal_email: str,
    phone: str,
) -> Employee:
    """Confirm or correct the personal details the roster needs."""
    values = {
        "full_name": full_name.strip(),
        "sex": sex,
        "address": address.strip(),
        "personal_email": personal_email.strip(),
        "phone": phone.strip(),
    }
    if not values["full_name"]:
        raise ApplicationError(_("Enter your full name."), extra={"field": "full_name"})
    if values["phone"] and not PHONE.match(values["phone"]):
        raise ApplicationError(_("Enter a valid phone number."), extra={"field": "phone"})
    if values["personal_email"]:
        try:
            validate_email(values["personal_email"])
        except ValidationError as error:
            raise ApplicationError(
                _("Enter a valid e-mail address."), extra={"field": "personal_email"}
            ) from error
    changed = {key: value for key, value in values.items() if getattr(employee, key) != value}
    for key, value in values.items():
        setattr(employee, key, value)
    employee.full_clean(exclude=["user"])
    employee.save(update_fields=[*values, "updated_at"])
    _audit(employee, "details", {"fields": sorted(changed)})
    return employee


def resident_id_valid(number: str) -> bool:
    """GB 11643-1999: 17 digits and a check character (0-9 or X) from their weighted sum."""
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17]


@transaction.atomic
def preboarding_identity_save(*, employee: Employee, document_type: str, number: str) -> Employee:
    """Store the ID document's type and number (encrypted; only its last four in clear)."""
    number = re.sub(r"\s+", "", number).upper()
    if document_type not in Employee.IdDocument.values:
        raise ApplicationError(
            _("Choose the kind of ID document."), extra={"field": "document_type"}
        )
    if document_type == Employee.IdDocument.RESIDENT_ID:
        if not resident_id_valid(number):
            raise ApplicationError(
                _("This is not a valid resident identity card number."), extra={"field": "number"}
            )
    elif not re.fullmatch(r"[A-Z0-9]{5,30}", number):
        raise ApplicationError(_("Enter the document number."), extra={"field": "number"})
    employee.id_document_type = document_type
    employee.id_number = number
    employee.id_number_tail = number[-4:]
    employee.save(update_fields=["id_document_type", "id_number", "id_number_tail", "updated_at"])
    _sensitive_changed(employee, SensitiveAccess.Field.ID_NUMBER)
    _audit(employee, "identity", {"id_document_type": document_type, "id_number": "****"})
    return employee


@transaction.atomic
def preboarding_bank_save(
    *, employee: Employee, bank: str, branch: str, account_number: str
) -> Employee:
    """Store the salary account (encrypted: bank, branch and number; the last four in clear)."""
    number = re.sub(r"[\s-]+", "", account_number)
    if not re.fullmatch(r"\d{8,30}", number):
        raise ApplicationError(
            _("Enter the account number: 8 to 30 digits."), extra={"field": "account_number"}
        )
    if not bank.strip():
        raise ApplicationError(_("Enter the bank."), extra={"field": "bank"})
    employee.bank_account = {
        "bank": bank.strip()[:100],
        "branch": branch.strip()[:100],
        "number": number,
    }
    employee.bank_account_tail = number[-4:]
    employee.save(update_fields=["bank_account", "bank_account_tail", "updated_at"])
    _sensitive_changed(employee, SensitiveAccess.Field.BANK_ACCOUNT)
    _audit(employee, "bank", {"bank_account": "****"})
    return employee


@transaction.atomic
def preboarding_emergency_save(*, employee: Employee, contacts: Sequence[dict]) -> Employee:  # type: ignore[type-arg]
    """Store up to three emergency contacts (name, relation, phone), encrypted."""
    kept = []
    for contact in contacts:
        name = str(contact.get("name", "")).strip()[:100]
        relation = str(contact.get("relation", "")).strip()[:40]
        phone = str(contact.get("phone", "")).strip()
        if not name and not phone:
            continue
        if not name or not PHONE.match(phone):
            raise ApplicationError(
                _("Each emergency contact needs a name and a valid phone number."),
                extra={"field": "contacts"},
            )
        kept.append({"name": name, "relation": relation, "phone": phone})
    if not kept:
        raise ApplicationError(
            _("Give at least one emergency contact."), extra={"field": "contacts"}
        )
    if len(kept) > MAX_EMERGENCY_CONTACTS:
        raise ApplicationError(_("At most three emergency contacts."), extra={"field": "contacts"})
    employee.emergency_contacts = kept
    employee.save(update_fields=["emergency_contacts", "updated_at"])
    _sensitive_changed(employee, SensitiveAccess.Field.EMERGENCY_CONTACTS)
    _audit(employee, "emergency_contacts", {"count": len(kept)})
    return employee


@transaction.atomic
def preboarding_service_save(*, employee: Employee, months: int) -> Employee:
    """Months worked before joining, for the statutory annual leave later."""
    if not 0 <= months <= MAX_PRIOR_SERVICE_MONTHS:
        raise ApplicationError(
            _("Enter the months worked before, between 0 and 600."), extra={"field": "months"}
        )
    old = employee.prior_service_months
    employee.prior_service_months = months
    employee.save(update_fields=["prior_service_months", "updated_at"])
    _audit(employee, "prior_service", {"prior_service_months": [old, months]})
    return employee


@transaction.atomic
def preboarding_document_upload(
    *, employee: Employee, kind: str, name: str, data: bytes
) -> EmployeeDocument:
    """Keep a document the new hire uploads, after checking what it really is."""
    if kind not in UPLOAD_KINDS:
        raise ApplicationError(_("Unknown document kind."), extra={"field": "kind"})
    checked = document_kind_check(name=name, data=data)
    document = EmployeeDocument(
        employee=employee,
        kind=kind,
        title=str(EmployeeDocument.Kind(kind).label),
        original_name=_safe_name(name, checked.extension),
        content_type=checked.content_type,
        extension=checked.extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        origin=EmployeeDocument.Origin.PREBOARDING,
    )
    document.file.save(f"upload{checked.extension}", ContentFile(data), save=False)
    file_written(document.file.name)
    try:
        document.full_clean(exclude=["employee", "uploaded_by", "file"])
        document.save()
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise
    _audit(employee, "upload", {"document": document.pk, "kind": kind, "size": len(data)})
    return document


def _safe_name(name: str, extension: str) -> str:
    """The uploaded name without folders or control and direction characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c) not in {"Cc", "Cf", "Cs"}).strip()
    return base[-200:] if base.strip(".") else f"document{extension}"


@transaction.atomic
def preboarding_policy_acknowledge(
    *, employee: Employee, policy: Policy, ip: str | None
) -> EmployeeConsent:
    """Record that the new hire read this version of the policy (once per version)."""
    if not policy.is_active:
        raise ApplicationError(_("This policy is no longer in force."))
    found = cast(
        EmployeeConsent | None,
        EmployeeConsent.objects.filter(
            employee=employee, kind=policy.consent_kind, notice_version=policy.version
        ).first(),
    )
    if found is not None:
        return found
    consent = EmployeeConsent(
        employee=employee,
        kind=policy.consent_kind,
        notice_version=policy.version,
        ip_hash=salted_hmac("employees.policy_ip", ip, algorithm="sha256").hexdigest()
        if ip
        else "",
    )
    consent.full_clean(exclude=["employee"])
    consent.save()
    _audit(employee, "policy_acknowledge", {"policy": policy.code, "version": policy.version})
    return consent


@transaction.atomic
def preboarding_finish(*, employee: Employee) -> OnboardingPlan:
    """Hand the pre-boarding in: refused while a required upload or a policy is missing."""
    plan = OnboardingPlan.objects.select_for_update().filter(employee=employee).first()
    if plan is None:
        raise ApplicationError(_("There is no onboarding plan for you yet; please ask HR."))
    missing = preboarding_missing(employee, plan)
    if missing:
        raise ApplicationError(
            _("Still missing: %(items)s.") % {"items": "、".join(str(item) for item in missing)}
        )
    plan.preboarding_done_at = timezone.now()
    plan.save(update_fields=["preboarding_done_at", "updated_at"])
    _audit(employee, "finish", {})
    return plan


RENEWAL_EVENT = "preboarding_link_renewal"


@transaction.atomic
def preboarding_link_renewal_ask(*, token: str) -> bool:
    """The new hire asks HR for a new link from a spent or expired one: HR admins are told
    once per link (the outbox key holds the link), so pressing again sends nothing more.
    Returns whether the link was one HR could renew (unknown links tell nothing)."""
    link = (
        PreboardingLink.objects.select_related("employee")
        .filter(token_hash=token_hash(token))
        .first()
        if token
        else None
    )
    if link is None or link.employee.left_on is not None:
        return False
    employee = link.employee
    hr = User.objects.filter(is_active=True, groups__name=Role.HR_ADMIN.value).exclude(email="")
    plan = OnboardingPlan.objects.filter(employee=employee).first()
    page = reverse("employees:onboarding-plan", kwargs={"pk": plan.pk}) if plan else "/"
    staff_notify(
        people=hr.distinct().order_by("pk"),
        event=RENEWAL_EVENT,
        key=f"{RENEWAL_EVENT}:{link.pk}",
        values=lambda: {
            "employee_name": employee.shown_name,
            "plan_link": settings.HRFLOW_PUBLIC_URL.rstrip("/") + page,
        },
    )
    _audit(employee, "renewal_ask", {"link": link.pk})
    return True
