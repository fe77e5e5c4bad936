"""Sign-in, sign-out, password change and reset for staff, and the language switch."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrflow.accounts.forms import LoginForm
from hrflow.accounts.language_cookie import language_cookie_set
from hrflow.accounts.password_reset import password_reset_request
from hrflow.accounts.services import user_set_language
from hrflow.accounts.sign_in_language import (
    language_pick_forget,
    language_pick_read,
    language_pick_remember,
    sign_in_language,
)
from hrflow.core.client_ip import client_ip
from hrflow.core.rate_limits import TooManyRequests


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # The sign-in page's language, unless the user picked one since (see the module).
        language = sign_in_language(
            user=form.get_user(),
            page_language=translation.get_language(),
            pick=language_pick_read(self.request.COOKIES),
        )
        language_cookie_set(response, language)
        language_pick_forget(response)
        return response


class LogoutView(auth_views.LogoutView):
    # Django's LogoutView accepts POST only, so a link cannot sign anyone out.
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password, keep the session, and say so on the next page."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("web:dashboard")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Queue the reset and answer the same for any address (no account enumeration).

    The e-mail is found and sent by a worker (hrflow.accounts.password_reset),
    not here as Django's view would, so a known address costs the request no
    more than an unknown one.
    """

    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            password_reset_request(email=form.cleaned_data["email"], ip=client_ip(self.request))
        except TooManyRequests as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the UI language, remembering it on the account when signed in."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language and check_for_language(language):
        if request.user.is_authenticated:
            user_set_language(
                user=request.user,  # type: ignore[arg-type]
                language=language,
                chosen_at=timezone.now(),
            )
        else:
            language_pick_remember(response)
        language_cookie_set(response, language)
    return response
