"""The portal's satisfaction survey: rate one moment of an application from 1 to 5."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hrflow.core.errors import ApplicationError
from portal.session import candidate_required, portal_context
from portal.survey_forms import SurveyForm
from recruiting.models import Candidate, SurveyResponse
from recruiting.selectors.portal import portal_application_get
from recruiting.selectors.surveys import survey_answer_get, survey_is_due
from recruiting.services.surveys import survey_answer


@candidate_required
@require_http_methods(["GET", "POST"])
def survey_view(request: HttpRequest, candidate: Candidate, pk: int, moment: str) -> HttpResponse:
    application = portal_application_get(candidate, pk)
    if application is None or moment not in SurveyResponse.Moment.values:
        raise Http404
    if survey_answer_get(application=application, moment=moment) is not None:
        messages.info(request, _("You have already answered this survey. Thank you!"))
        return redirect("portal:application", pk=application.pk)
    due = survey_is_due(application=application, moment=moment)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and due and form.is_valid():
        try:
            survey_answer(
                application=application,
                candidate=candidate,
                moment=moment,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you! Your answer helps us treat candidates better."))
            return redirect("portal:application", pk=application.pk)
    context = portal_context(candidate) | {
        "application": application,
        "moment_label": SurveyResponse.Moment(moment).label,
        "due": due,
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/survey.html", context, status=status)
