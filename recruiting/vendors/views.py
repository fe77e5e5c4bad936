"""The integration pages: health per connection, its mapping, held payloads, the lookup.

HR admins only (the connection permissions); everyone else gets 404. Every
button is a POST to one service function, answered with a flash message.
"""

from typing import Any, cast

from celery import current_app
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped
from hrflow.core.errors import ApplicationError
from hrflow.web.htmx import HtmxHttpRequest
from integrations.connections import connection_mapping
from integrations.errors import MalformedPayload
from integrations.models import DeadLetter, HeldPayload, VendorConnection
from integrations.wire import readable_json, strict_json
from recruiting.models import Application, Assessment
from recruiting.task_names import CONNECTION_SYNC
from recruiting.vendors.connections import (
    connection_create,
    connection_pause,
    connection_resume,
    connection_resync_from,
    connection_retire_old_secret,
    connection_rotate_webhook_secret,
    connection_set_credentials,
    connection_test,
    connection_update_mapping,
    dead_letter_retry,
    held_payload_discard,
    held_payload_match,
    held_payload_replay,
    mapping_preview,
    webhook_url,
)
from recruiting.vendors.forms import (
    ConnectionForm,
    CredentialsForm,
    DiscardForm,
    MappingForm,
    MatchForm,
    ResyncForm,
)
from recruiting.vendors.lookup_answer import lookup_answer, trace_outcome_label
from recruiting.vendors.selectors import (
    connection_health,
    connections_health,
    open_dead_letters,
    open_holds,
    recent_runs,
    sync_lookup,
)
from recruiting.views.access import report_error, workspace_view

VIEW = "integrations.view_vendorconnection"
CHANGE = "integrations.change_vendorconnection"
ADD = "integrations.add_vendorconnection"


def _live(pk: int) -> VendorConnection:
    return get_object_or_404(VendorConnection, pk=pk, deleted_at__isnull=True)


@workspace_view(VIEW)
@require_GET
def integration_list_view(request: HttpRequest) -> HttpResponse:
    context = {"rows": connections_health(), "form": ConnectionForm()}
    return render(request, "recruiting/integrations/list.html", context)


@workspace_view(ADD)
@require_http_methods(["GET", "POST"])
def integration_create_view(request: HttpRequest) -> HttpResponse:
    form = ConnectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            connection = connection_create(
                **form.service_arguments(), actor=cast(User, request.user)
            )
        except ApplicationError as error:
            field = error.extra.get("field")
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(request, _("Connection created. Give the vendor its webhook URL."))
            return redirect("recruiting:integration-detail", pk=connection.pk)
    return render(request, "recruiting/integrations/new.html", {"form": form})


@workspace_view(VIEW)
@require_GET
def integration_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    connection = _live(pk)
    context = {
        "connection": connection,
        "health": connection_health(connection),
        "runs": list(recent_runs(connection)),
        "holds": list(open_holds(connection)),
        "letters": list(open_dead_letters(connection)),
        "webhook_url": webhook_url(connection),
        "secret_count": len(connection.webhook_secrets),
        "resync_form": ResyncForm(),
        "credentials_form": CredentialsForm(),
    }
    return render(request, "recruiting/integrations/detail.html", context)


@workspace_view(CHANGE)
@require_POST
def integration_action_view(request: HttpRequest, pk: int) -> HttpResponse:
    connection = _live(pk)
    user = cast(User, request.user)
    action = request.POST.get("action", "")
    try:
        _act(request, connection, user, action)
    except ApplicationError as error:
        report_error(request, error)
    return redirect("recruiting:integration-detail", pk=connection.pk)


def _act(request: HttpRequest, connection: VendorConnection, user: User, action: str) -> None:
    if action == "test":
        health = connection_test(connection=connection)
        (messages.success if health.ok else messages.error)(request, health.message)
    elif action == "pause":
        connection_pause(connection=connection, actor=user, reason=_("Paused by %s") % user)
        messages.success(request, _("Paused: no syncing until resumed."))
    elif action == "resume":
        connection_resume(connection=connection, actor=user)
        messages.success(request, _("Resumed."))
    elif action == "sync":
        # Queued, not run here: a long backlog must not hold a web worker.
        transaction.on_commit(
            lambda: current_app.send_task(CONNECTION_SYNC, args=[connection.pk, "manual"])
        )
        messages.success(request, _("A sync has been queued; its run appears below."))
    elif action == "resync":
        resync = ResyncForm(request.POST)
        if not resync.is_valid():
            raise ApplicationError(_("Choose the date to re-sync from."))
        connection_resync_from(
            connection=connection, since=resync.cleaned_data["since"], actor=user
        )
        messages.success(request, _("A re-sync has been queued."))
    elif action == "rotate":
        secret = connection_rotate_webhook_secret(connection=connection, actor=user)
        messages.success(
            request,
            _("New webhook secret (shown once; give it to the vendor): %(secret)s")
            % {"secret": secret},
        )
    elif action == "retire":
        connection_retire_old_secret(connection=connection, actor=user)
        messages.success(request, _("Only the newest webhook secret is accepted now."))
    elif action == "credentials":
        form = CredentialsForm(request.POST)
        if not form.is_valid():
            raise ApplicationError(_("Give both the key and the secret."))
        health = connection_set_credentials(
            connection=connection, credentials=form.credentials(connection.vendor), actor=user
        )
        (messages.success if health.ok else messages.error)(request, health.message)
    else:
        raise Http404


@workspace_view(CHANGE)
@require_http_methods(["GET", "POST"])
def integration_mapping_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    connection = _live(pk)
    stored = connection.mapping or connection_mapping(connection).to_json()
    initial, rows = MappingForm.initial_from(stored)
    samples = _samples(connection)
    if request.method == "POST":
        posted_rows = sum(1 for key in request.POST if key.startswith("vendor_"))
        form = MappingForm(request.POST, rows=max(0, posted_rows - 3))
        if form.is_valid():
            if "preview" in request.POST:
                body = _sample_body(samples, request.POST.get("sample", ""))
                preview = (
                    mapping_preview(connection=connection, mapping=form.mapping(), body=body)
                    if body is not None
                    else {"ok": False, "error": _("No stored payload to preview.")}
                )
                template = "recruiting/integrations/_preview.html"
                if not request.htmx:
                    template = "recruiting/integrations/mapping.html"
                return render(
                    request,
                    template,
                    {
                        "connection": connection,
                        "form": form,
                        "samples": samples,
                        "preview": preview,
                    },
                )
            try:
                connection_update_mapping(
                    connection=connection, mapping=form.mapping(), actor=cast(User, request.user)
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Mapping saved. Replay held payloads to apply it to them.")
                )
                return redirect("recruiting:integration-detail", pk=connection.pk)
    else:
        form = MappingForm(initial=initial, rows=rows)
    return render(
        request,
        "recruiting/integrations/mapping.html",
        {"connection": connection, "form": form, "samples": samples},
    )


def _samples(connection: VendorConnection) -> list[dict[str, Any]]:
    """Stored payloads to preview a mapping on: open holds first, then recent results."""
    samples: list[dict[str, Any]] = []
    for held in connection.held.filter(status=HeldPayload.Status.OPEN).exclude(
        kind=HeldPayload.Kind.UNREADABLE
    )[:10]:
        samples.append(
            {
                "key": f"held:{held.pk}",
                "label": f"⚠ {held.external_result_id} — {held.get_kind_display()}",
                "held": held,
            }
        )
    for assessment in (
        Assessment.objects.filter(source=connection.source_key)
        .exclude(raw={})
        .order_by("-updated_at")[:5]
    ):
        samples.append(
            {
                "key": f"result:{assessment.pk}",
                "label": f"{assessment.external_id}",
                "assessment": assessment,
            }
        )
    return samples


def _sample_body(samples: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
    chosen = next((s for s in samples if s["key"] == key), samples[0] if samples else None)
    if chosen is None:
        return None
    if "held" in chosen:
        try:
            body = strict_json(chosen["held"].raw, what="held payload")
        except MalformedPayload:
            return None
        return body if isinstance(body, dict) else None
    return chosen["assessment"].raw


@workspace_view(VIEW)
@require_GET
def held_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    held = get_object_or_404(HeldPayload.objects.select_related("connection"), pk=pk)
    context = {
        "held": held,
        "raw": readable_json(held.raw),
        "size": len(held.raw),
        "match_form": MatchForm(),
        "discard_form": DiscardForm(),
    }
    return render(request, "recruiting/integrations/held.html", context)


@workspace_view(CHANGE)
@require_POST
def held_action_view(request: HttpRequest, pk: int) -> HttpResponse:
    held = get_object_or_404(HeldPayload.objects.select_related("connection"), pk=pk)
    user = cast(User, request.user)
    action = request.POST.get("action", "")
    try:
        if action == "replay":
            outcome = held_payload_replay(held=held, actor=user)
            messages.success(request, _("Replayed: %(outcome)s.") % {"outcome": outcome})
        elif action == "match":
            form = MatchForm(request.POST)
            # A number HR typed: one they may not see reads like one that does not exist.
            application = (
                scoped(Application.objects.all(), user)
                .filter(pk=form.cleaned_data["application"])
                .first()
                if form.is_valid()
                else None
            )
            if application is None:
                raise ApplicationError(_("No application with that number."))
            outcome = held_payload_match(held=held, application=application, actor=user)
            messages.success(request, _("Matched: %(outcome)s.") % {"outcome": outcome})
        elif action == "discard":
            discard = DiscardForm(request.POST)
            reason = discard.cleaned_data["reason"] if discard.is_valid() else ""
            held_payload_discard(held=held, actor=user, reason=reason)
            messages.success(request, _("Discarded."))
        else:
            raise Http404
    except ApplicationError as error:
        report_error(request, error)
        return redirect("recruiting:held-detail", pk=held.pk)
    return redirect("recruiting:integration-detail", pk=held.connection_id)


@workspace_view(CHANGE)
@require_POST
def dead_letter_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(DeadLetter, pk=pk)
    try:
        dead_letter_retry(letter=letter, actor=cast(User, request.user))
        messages.success(request, _("Queued again."))
    except ApplicationError as error:
        report_error(request, error)
    return redirect("recruiting:integration-detail", pk=letter.connection_id)


@workspace_view(VIEW)
@require_GET
def sync_lookup_view(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    found = sync_lookup(q) if q else None
    for trace in found.traces if found else []:
        trace.outcome_label = trace_outcome_label(trace.outcome)  # type: ignore[attr-defined]
    return render(
        request,
        "recruiting/integrations/lookup.html",
        {
            "q": q,
            "found": found,
            "answer": lookup_answer(found) if found and found.found else None,
        },
    )
