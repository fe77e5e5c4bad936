"""HR's notification pages: the wording of each event, the sending policy, the outbox log."""

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped, scoped_ids_or_404
from hrflow.core.errors import ApplicationError
from hrflow.notifications.events import EVENTS, SAMPLE_VALUES, Event, event_for
from hrflow.notifications.forms import SettingsForm, TemplateForm
from hrflow.notifications.management_services import (
    LANGUAGES,
    notification_settings_save,
    notification_template_reset,
    notification_template_save,
    outbox_resend,
    template_channels,
)
from hrflow.notifications.models import NotificationTemplate, OutboxMessage
from hrflow.notifications.people import people_named
from hrflow.notifications.rendering import Wording, default_wording, template_problems
from hrflow.notifications.rendering import render as render_message
from hrflow.notifications.timing import settings_current
from hrflow.org.selectors import company_current

OUTBOX_PAGE = 50


@permission_view("notifications.change_notificationtemplate")
def template_list_view(request: HttpRequest) -> HttpResponse:
    customised = set(NotificationTemplate.objects.values_list("event", "channel", "language"))
    rows = [
        {
            "event": event,
            "cells": [
                {
                    "channel": channel,
                    "language": language,
                    "customised": (event.code, channel, language) in customised,
                }
                for channel in template_channels(event.code)
                for language in LANGUAGES
            ],
        }
        for event in EVENTS.values()
    ]
    return render(request, "notifications/template_list.html", {"rows": rows})


@permission_view("notifications.change_notificationtemplate")
@require_http_methods(["GET", "POST"])
def template_edit_view(
    request: HttpRequest, event: str, channel: str, language: str
) -> HttpResponse:
    spec = _event_or_404(event, channel, language)
    user = cast(User, request.user)
    stored = NotificationTemplate.objects.filter(
        event=event, channel=channel, language=language
    ).first()
    if request.method == "POST" and "reset" in request.POST:
        notification_template_reset(event=event, channel=channel, language=language, actor=user)
        messages.success(request, _("The built-in text is used again."))
        return redirect("notifications:template-edit", event, channel, language)
    wording = (
        Wording(subject=stored.subject, body=stored.body)
        if stored
        else default_wording(spec, channel, language)
    )
    form = TemplateForm(
        request.POST or None, initial={"subject": wording.subject, "body": wording.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            notification_template_save(
                event=event,
                channel=channel,
                language=language,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                actor=user,
            )
        except ApplicationError as error:
            for problem in error.extra.get("problems", [error.message]):
                form.add_error(None, problem)
        else:
            messages.success(request, _("Saved. New messages use this text."))
            return redirect("notifications:template-edit", event, channel, language)
    preview = render_message(
        spec, channel, language, _preview_values(), {(event, channel, language): wording}
    )
    context = {
        "spec": spec,
        "channel": channel,
        "language": language,
        "form": form,
        "customised": stored is not None,
        "stored": stored,
        "preview": preview,
        "variables": spec.variables,
    }
    return render(request, "notifications/template_edit.html", context)


@permission_view("notifications.change_notificationtemplate")
@require_POST
def template_preview_view(
    request: HttpRequest, event: str, channel: str, language: str
) -> HttpResponse:
    """The unsaved text filled with sample values (htmx, as HR types); saves nothing."""
    spec = _event_or_404(event, channel, language)
    subject, body = request.POST.get("subject", ""), request.POST.get("body", "")
    problems = template_problems(spec, subject) + template_problems(spec, body)
    preview = render_message(
        spec,
        channel,
        language,
        _preview_values(),
        {(event, channel, language): Wording(subject, body)},
    )
    return render(
        request,
        "notifications/_preview.html",
        {"preview": preview, "problems": list(dict.fromkeys(problems)), "channel": channel},
    )


@permission_view("notifications.change_notificationsettings")
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    policy = settings_current()
    initial = {
        "quiet_hours_start": policy.quiet_hours_start,
        "quiet_hours_end": policy.quiet_hours_end,
        "rejection_delay_hours": policy.rejection_delay_hours,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notification_settings_save(**form.cleaned_data, actor=cast(User, request.user))
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Sending policy saved."))
            return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@permission_view("notifications.view_outboxmessage")
@require_http_methods(["GET", "POST"])
def outbox_view(request: HttpRequest) -> HttpResponse:
    """Every message sent or waiting, newest first; failed and uncertain ones can go again."""
    if request.method == "POST":
        ids = scoped_ids_or_404(
            OutboxMessage.objects.all(), request.user, request.POST.getlist("message")
        )
        resent = outbox_resend(message_ids=ids, actor=cast(User, request.user))
        messages.success(request, _("%(count)s messages queued again.") % {"count": resent})
        return redirect(request.get_full_path())
    status = request.GET.get("status", "")
    rows = scoped(OutboxMessage.objects.all(), request.user).order_by("-created_at", "-pk")
    if status in OutboxMessage.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, OUTBOX_PAGE).get_page(request.GET.get("page"))
    people = people_named(
        {m.candidate_ref for m in page.object_list if m.candidate_ref}, cast(User, request.user)
    )
    for message in page.object_list:
        known = EVENTS.get(message.event)
        message.event_label = known.label if known else message.event  # type: ignore[attr-defined]
        message.person = people.get(message.candidate_ref or 0)  # type: ignore[attr-defined]
    statuses = [{"value": value, "label": label} for value, label in OutboxMessage.Status.choices]
    return render(
        request,
        "notifications/outbox.html",
        {"page": page, "status": status, "statuses": statuses},
    )


def _preview_values() -> dict[str, str]:
    """The sample values, signed with the company's own name as real messages are."""
    return SAMPLE_VALUES | {"company_name": company_current().company_name}


def _event_or_404(event: str, channel: str, language: str) -> Event:
    try:
        spec = event_for(event)
    except ValueError:
        raise Http404 from None
    if channel not in template_channels(event) or language not in LANGUAGES:
        raise Http404
    return spec
