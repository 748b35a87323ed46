"""Joining as a seller: sign-up, the dashboard with the onboarding checklist,
the profile (province then commune), submitting the application, and
switching between sellers for someone who works for several."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from marketplace.account.services import register_account
from marketplace.core.errors import ValidationFailed
from marketplace.product.selectors import get_channel
from marketplace.seller import services
from marketplace.seller.errors import SellerError
from marketplace.seller.models import Seller, SellerAction, SellerDocumentKind, SellerStatus
from marketplace.seller.onboarding import PROFILE_EDITABLE_STATUSES
from marketplace.seller.permissions import get_seller_for_user
from marketplace.seller.selectors import (
    ChecklistItem,
    missing_items,
    onboarding_checklist,
    requested_changes,
    seller_notice,
)
from storefront.seller_centre.access import (
    centre_context,
    current_seller,
    fetch,
    private,
    remember_seller,
    seller_page,
    signed_in,
)
from storefront.seller_centre.forms import ProfileForm, SellerSignUpForm, add_service_errors, commune_choices
from storefront.seller_centre.queries import memberships_of, product_stats

PROVINCE_CODE = re.compile(r"[0-9]{2}")
# Statuses whose dashboard shows the application checklist.
APPLYING_STATUSES = frozenset(
    {SellerStatus.DRAFT, SellerStatus.CHANGES_REQUESTED, SellerStatus.SUBMITTED, SellerStatus.IN_REVIEW}
)


@csrf_protect
def sign_up(request: HttpRequest) -> HttpResponse:
    """Join as a seller on one screen: the account too when not signed in."""
    with_account = not request.user.is_authenticated
    form = SellerSignUpForm(request.POST or None, with_account=with_account)
    if request.method == "POST" and form.is_valid():
        seller = _register(request, form)
        if seller is not None:
            remember_seller(request, seller)
            messages.success(
                request, _("Đã tạo cơ sở “%(name)s”. Bước tiếp theo: hoàn thiện hồ sơ.") % {"name": seller.name}
            )
            return private(redirect("seller_centre:dashboard"))
    existing = current_seller(request) if not with_account else None
    centre_context(request, existing)
    return private(render(request, "seller_centre/signup.html", {"form": form, "existing": existing}))


def _register(request: HttpRequest, form: SellerSignUpForm) -> Seller | None:
    """Create the account (if needed) and the seller in one transaction, then
    sign in. Errors go on ``form``; nothing is created then."""
    data = form.cleaned_data
    try:
        with transaction.atomic():
            user = request.user
            if not user.is_authenticated:
                user = register_account(email=data["email"], password=data["password"], language_code=get_language())
            seller = services.register_seller(user=user, name=data["name"], kind=data["kind"])
    except SellerError as error:
        add_service_errors(form, error, form.service_fields)
        return None
    except ValidationFailed as error:  # the account's
        add_service_errors(form, error, form.service_fields, account=True)
        return None
    if not request.user.is_authenticated:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return seller


def checklist_link(item: ChecklistItem) -> str:
    """Where the seller fixes a checklist item."""
    if item.key in SellerDocumentKind.values:
        return f"{reverse('seller_centre:documents')}#{item.key}"
    if item.key == "producers":
        return reverse("seller_centre:producers")
    return f"{reverse('seller_centre:profile')}#id_{item.key}"


@seller_page(not_seller_status=200)
def dashboard(request: HttpRequest, seller: Seller) -> HttpResponse:
    checklist = onboarding_checklist(seller)
    missing = missing_items(checklist)
    context = {
        "notice": seller_notice(seller),
        "checklist": [(item, checklist_link(item)) for item in checklist],
        "missing": missing,
        "can_submit": SellerAction.SUBMIT in services.allowed_actions(seller.status),
        "applying": seller.status in APPLYING_STATUSES,
        "memberships": list(memberships_of(request.user)),
        "stats": None,
    }
    if seller.status in (SellerStatus.APPROVED, SellerStatus.SUSPENDED):
        channel = get_channel()
        context["stats"] = product_stats(seller, channel_id=channel.pk if channel else None)
    return render(request, "seller_centre/dashboard.html", context)


@require_POST
@seller_page
def submit(request: HttpRequest, seller: Seller) -> HttpResponse:
    try:
        services.submit_application(seller=seller, actor=request.user)
    except SellerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã gửi hồ sơ. Ban quản lý sẽ xét duyệt và báo kết quả qua email."))
    return redirect("seller_centre:dashboard")


@require_POST
@signed_in
def switch_seller(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("seller", "")
    if not raw.isdigit():
        raise Http404("no seller chosen")
    seller = fetch(get_seller_for_user, user=request.user, seller_id=int(raw))
    remember_seller(request, seller)
    return redirect("seller_centre:dashboard")


PROFILE_FIELDS = ("name", "phone", "email", "province", "commune", "street_address", "tax_code", "description")


@seller_page
def profile(request: HttpRequest, seller: Seller) -> HttpResponse:
    """The profile form. Locked (shown, not editable) while an operator reviews
    the application; the service refuses a change then anyway."""
    editable = seller.status in PROFILE_EDITABLE_STATUSES
    initial = _profile_initial(seller)
    if request.method != "POST":
        form = ProfileForm(initial=initial, province_code=seller.province_id, editable=editable)
    elif "choose_province" in request.POST:
        # The two-step form without JavaScript: show this province's communes, save nothing.
        posted = {key: request.POST.get(key, "") for key in PROFILE_FIELDS}
        form = ProfileForm(initial={**posted, "commune": ""}, province_code=posted["province"], editable=editable)
    else:
        province_code = request.POST.get("province", "") if editable else seller.province_id
        form = ProfileForm(request.POST, initial=initial, province_code=province_code, editable=editable)
        if form.is_valid():
            try:
                services.update_seller_profile(seller=seller, actor=request.user, **form.cleaned_data)
            except SellerError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu hồ sơ."))
                return redirect("seller_centre:dashboard")
    reasons = requested_changes(seller)
    return render(
        request,
        "seller_centre/profile.html",
        {"form": form, "fields": [(form[name], reasons.get(name, "")) for name in form.fields], "editable": editable},
    )


def _profile_initial(seller: Seller) -> dict[str, str]:
    initial = {key: getattr(seller, key) or "" for key in PROFILE_FIELDS if key not in ("province", "commune")}
    initial["province"] = seller.province_id or ""
    initial["commune"] = seller.commune_id or ""
    return initial


@signed_in
def communes(request: HttpRequest) -> HttpResponse:
    """The communes of one province, for the profile form's JavaScript:
    ``?tinh=22`` -> ``{"communes": [{"code": ..., "name": ...}]}``."""
    code = request.GET.get("tinh", "")
    if not PROVINCE_CODE.fullmatch(code):
        return JsonResponse({"communes": []}, status=400)
    found = [{"code": code, "name": name} for code, name in commune_choices(code)]
    return JsonResponse({"communes": found})
