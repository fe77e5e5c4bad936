"""The candidate's offer in the portal: read the terms and the letter, then answer.

Every lookup starts from the signed-in candidate (offer_for_candidate), so
another candidate's offer id answers 404 on all three pages.
"""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrflow.core.client_ip import client_ip
from hrflow.core.errors import ApplicationError
from hrflow.org.selectors import company_current
from portal.session import candidate_required, portal_context
from recruiting.downloads import offer_letter_download
from recruiting.models import Candidate, Offer
from recruiting.offers.forms import AnswerForm
from recruiting.offers.services import offer_answer, offer_answer_problem
from recruiting.selectors.portal import offer_for_candidate


def _offer_or_404(candidate: Candidate, pk: int) -> Offer:
    offer = offer_for_candidate(candidate=candidate, pk=pk)
    if offer is None:
        raise Http404
    return offer


def _offer_page(
    request: HttpRequest, candidate: Candidate, offer: Offer, form: AnswerForm
) -> HttpResponse:
    company = company_current()
    problem = offer_answer_problem(offer) if offer.status == Offer.Status.SENT else ""
    context: dict[str, Any] = portal_context(candidate) | {
        "offer": offer,
        "form": form,
        "problem": problem,
        "answerable": offer.status == Offer.Status.SENT and not problem,
    }
    # Dates and times as the company states them (the answer-by day ends at its midnight).
    with timezone.override(company.zone):
        return render(request, "portal/offer.html", context)


@candidate_required
@require_GET
def offer_view(request: HttpRequest, candidate: Candidate, pk: int) -> HttpResponse:
    offer = _offer_or_404(candidate, pk)
    return _offer_page(request, candidate, offer, AnswerForm())


@candidate_required
@require_GET
def letter_view(request: HttpRequest, candidate: Candidate, pk: int) -> FileResponse:
    """The letter, shown in the browser's own PDF viewer (or saved with ?download=1).

    Inline is safe because the bytes were checked to be a PDF when HR sent it,
    and the sandbox policy keeps the document from running anything in our origin.
    """
    offer = _offer_or_404(candidate, pk)
    return offer_letter_download(offer, inline=request.GET.get("download") != "1")


@candidate_required
@require_POST
def answer_view(request: HttpRequest, candidate: Candidate, pk: int) -> HttpResponse:
    offer = _offer_or_404(candidate, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _offer_page(request, candidate, offer, form)
    try:
        offer_answer(
            offer=offer,
            candidate=candidate,
            accept=form.accepts,
            signature_name=form.cleaned_data["signature_name"],
            decline_reason=form.cleaned_data["decline_reason"],
            ip=client_ip(request),
        )
    except ApplicationError as error:
        fields = error.extra.get("fields") or {}
        if not fields:
            # The offer's state refused it (answered in another tab, withdrawn,
            # too late): the page itself shows what stands now.
            messages.error(request, error.message)
            return redirect("portal:offer", pk=offer.pk)
        for name, message in fields.items():
            form.add_error(name if name in form.fields else None, message)
        return _offer_page(request, candidate, offer, form)
    if form.accepts:
        messages.success(request, _("Thank you! You accepted the offer; we have told the team."))
    else:
        messages.success(request, _("Your answer is recorded: you declined the offer."))
    return redirect("portal:offer", pk=offer.pk)
