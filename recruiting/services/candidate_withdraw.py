"""A candidate withdraws an application from the portal, and the recruiters hear of it."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from hrflow.notifications.staff import staff_notify
from recruiting.models import Application
from recruiting.services.applications import application_withdraw
from recruiting.services.portal_access import public_url
from recruiting.services.staff_notices import recruiters_of


@transaction.atomic
def candidate_withdraw(*, application: Application, reason: str = "") -> Application:
    """End the application as withdrawn (interviews cancelled, the candidate's own notice
    queued) and tell the job's recruiters, with the reason the candidate gave."""
    application = application_withdraw(application=application, actor=None, note=reason)
    profile = public_url(reverse("recruiting:candidate-detail", args=[application.candidate_id]))
    staff_notify(
        people=recruiters_of([application.job_id]),
        event="application_withdrawn",
        key=f"application_withdrawn:{application.pk}",
        values=lambda: {
            "candidate_name": application.candidate.full_name,
            "job_title": application.job.title,
            "reason": reason.strip() or _("(none given)"),
            "profile_link": profile,
        },
    )
    return application
