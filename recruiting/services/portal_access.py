"""Passwordless sign-in to the candidate portal: a one-time link sent through the outbox.

Why not django-sesame: it signs in `AUTH_USER_MODEL` users through
django.contrib.auth, and candidates are not staff users. A candidate signed in
through auth would share the staff session machinery (axes lockouts, MFA, staff
roles) and one browser could not hold a recruiter and a candidate apart. The
portal keeps its own session key instead (portal.session), and the
link is a random secret of which only a hash is stored: reading the table signs
nobody in.

A link works once, within LINK_LIFETIME. Asking for one answers the same
whether the address is known or not (no account enumeration), and costs the
same: the request checks its limits and queues a message request
(hrflow.notifications.requests); a worker finds the candidate, makes the link
and queues the e-mail (portal_link_send). The limits count per address and
per client, so the form cannot be used to flood an inbox or the mail server.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hrflow.core.errors import ApplicationError
from hrflow.core.rate_limits import Limit, rate_limit_enforce
from hrflow.notifications.events import event_for
from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.rendering import render, templates_loaded
from hrflow.notifications.requests import message_request_queue
from hrflow.notifications.services import outbox_enqueue
from hrflow.org.selectors import company_current
from recruiting.models import Candidate, PortalLoginLink
from recruiting.normalize import normalize_email
from recruiting.services.resumes import resumes_confirm_by_sign_in

LINK_LIFETIME = timedelta(minutes=15)
LINK_REQUEST_KIND = "portal_link"
# Per address: enough for a lost e-mail and a retry; per client: a family's shared Wi-Fi.
PER_ADDRESS = Limit(
    "portal-link-email",
    3,
    15 * 60,
    gettext_lazy("Too many sign-in links were asked for this address. Try again later."),
)
PER_CLIENT = Limit(
    "portal-link-ip",
    10,
    10 * 60,
    gettext_lazy("Too many sign-in requests from your network. Try again later."),
)


class LinkRefused(ApplicationError):
    """The link cannot sign anyone in; `reason` is unknown, expired or used."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message, extra={"reason": reason})
        self.reason = reason


@dataclass(frozen=True)
class LinkInfo:
    """What the sign-in page may say about a link before it is used."""

    link: PortalLoginLink
    other_device: bool  # opened in another browser than the one that asked for it


def portal_link_request(*, email: str, ip: str | None, session_key: str) -> None:
    """Queue a sign-in link for `email`, if a candidate holds it; tell the caller nothing.

    Raises TooManyRequests over either limit. Both count every request,
    whether or not anyone holds the address, so neither refusal tells
    anything about it.
    """
    rate_limit_enforce(PER_CLIENT, ip or "?")
    address = normalize_email(email)
    if not address:
        return
    rate_limit_enforce(PER_ADDRESS, address)
    message_request_queue(
        kind=LINK_REQUEST_KIND,
        payload={"address": address, "session": session_fingerprint(session_key)},
    )


def portal_link_send(payload: dict[str, Any], key: str) -> None:
    """Make a link and queue its e-mail, if a candidate holds the address.

    The worker's half of portal_link_request (a message request handler,
    registered in RecruitingConfig); the link and its e-mail are written in
    the transaction that settles the request, so each request sends at most one.
    """
    candidate = _candidate_for(payload.get("address", ""))
    if candidate is not None:
        _send_link(candidate, payload.get("session", ""))


def _candidate_for(address: str) -> Candidate | None:
    """The live record with this address: the one with the latest application, if several."""
    return (
        Candidate.objects.live()
        .filter(email=address, erased_at__isnull=True)
        .order_by("-applications__applied_at", "-pk")
        .first()
    )


@transaction.atomic
def _send_link(candidate: Candidate, session: str) -> PortalLoginLink:
    """`session` is the asking browser's session fingerprint (session_fingerprint)."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = PortalLoginLink.objects.create(
        candidate=candidate,
        token_hash=token_hash(token),
        expires_at=now + LINK_LIFETIME,
        requested_by_session=session,
    )
    event = event_for("magic_link")
    language = candidate.language or Candidate.Language.ZH_HANS
    variables = {
        "candidate_name": candidate.full_name,
        "company_name": company_current().company_name,
        "login_link": public_url(reverse("portal:link", kwargs={"token": token})),
        "expires_minutes": str(int(LINK_LIFETIME.total_seconds() // 60)),
    }
    wording = render(
        event, OutboxMessage.Channel.EMAIL, language, variables, templates_loaded([event.code])
    )
    outbox_enqueue(
        idempotency_key=f"magic_link:{link.pk}:email",
        channel=OutboxMessage.Channel.EMAIL,
        event=event.code,
        recipient=candidate.email,
        subject=wording.subject,
        body=wording.body,
        language=language,
        candidate_ref=candidate.pk,
        # The secret stays in the body only, which staff pages never show.
        variables={"company_name": variables["company_name"]},
    )
    return link


def portal_link_inspect(*, token: str, session_key: str) -> LinkInfo:
    """Check a link without using it (the page a mail scanner may open must not spend it)."""
    link = _usable(PortalLoginLink.objects.select_related("candidate"), token)
    return LinkInfo(
        link=link,
        other_device=link.requested_by_session != session_fingerprint(session_key),
    )


@transaction.atomic
def portal_link_redeem(*, token: str) -> Candidate:
    """Spend the link and return its candidate; a second use, however close, is refused."""
    link = _usable(PortalLoginLink.objects.select_for_update().select_related("candidate"), token)
    now = timezone.now()
    link.used_at = now
    link.save(update_fields=["used_at"])
    # Older links still in someone's inbox die with this sign-in.
    PortalLoginLink.objects.filter(candidate=link.candidate, used_at__isnull=True).update(
        used_at=now
    )
    # Only the holder of the address gets the link: files sent under it are theirs.
    resumes_confirm_by_sign_in(candidate=link.candidate)
    return link.candidate


def _usable(links, token: str) -> PortalLoginLink:  # type: ignore[no-untyped-def]
    link = links.filter(token_hash=token_hash(token)).first() if token else None
    if link is None or link.candidate.erased_at is not None or link.candidate.merged_into_id:
        raise LinkRefused(
            _("This sign-in link is not valid. Ask for a new one below."), reason="unknown"
        )
    if link.used_at is not None:
        raise LinkRefused(
            _("This sign-in link was already used. Each link works once; ask for a new one."),
            reason="used",
        )
    if link.expires_at <= timezone.now():
        raise LinkRefused(
            _("This sign-in link has expired. Ask for a new one below."), reason="expired"
        )
    return link


def public_url(path: str) -> str:
    return settings.HRFLOW_PUBLIC_URL.rstrip("/") + path


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_fingerprint(session_key: str) -> str:
    if not session_key:
        return ""
    return salted_hmac("recruiting.portal.session", session_key).hexdigest()[:64]
