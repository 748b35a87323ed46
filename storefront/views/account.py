"""Shopper sign-up, sign-in and sign-out."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from marketplace.account.services import register_account
from marketplace.core.errors import ValidationFailed
from storefront.forms import SignInForm, SignUpForm
from storefront.messages import error_message
from storefront.views.current_cart import merge_guest_cart, take_guest_cart_token


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@never_cache
@csrf_protect
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = register_account(
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                language_code=get_language(),
            )
        except ValidationFailed as failure:
            for error in failure.errors:
                form.add_error(SignUpForm.service_fields.get(error.field or ""), error_message(error))
        else:
            guest_cart = take_guest_cart_token(request)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            merge_guest_cart(request, token=guest_cart, user=user)
            return redirect(_safe_next(request))
    return render(request, "storefront/signup.html", {"form": form, "next": _safe_next(request)})


class SignInView(LoginView):
    template_name = "storefront/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:
        """Sign in, then fold the guest's cart into the account's."""
        guest_cart = take_guest_cart_token(self.request)
        response = super().form_valid(form)
        merge_guest_cart(self.request, token=guest_cart, user=form.get_user())
        return response


class SignOutView(LogoutView):
    """Sign-out is a POST (the header's button); a GET shows that button alone."""

    http_method_names = ["get", "post", "options"]
    next_page = settings.LOGIN_REDIRECT_URL

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        return render(request, "storefront/logout.html")
