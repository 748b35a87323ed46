"""The signed-in shopper's address book at /tai-khoan/dia-chi/: list, add,
edit, delete and choose the default delivery address, through
``marketplace.account.addresses`` (another shopper's address is a 404).
Also the public list of a province's communes for the address forms'
JavaScript (the forms work without it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from marketplace.account.addresses import (
    AddressError,
    addresses_of,
    communes_of,
    create_address,
    delete_address,
    get_address_for_user,
    set_default_address,
    update_address,
)
from marketplace.account.models import Address
from storefront.forms_checkout import AddressForm, add_domain_errors, address_initial, posted_province

COMMUNES_MAX_AGE = 60 * 60 * 24


def _own_address_or_404(request: HttpRequest, address_id: int) -> Address:
    try:
        return get_address_for_user(user=request.user, address_id=address_id)
    except AddressError as exc:
        raise Http404("not in this shopper's address book") from exc


@never_cache
@login_required
def address_list(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/account/addresses.html", {"addresses": addresses_of(user=request.user)})


def _address_form_page(request: HttpRequest, address: Address | None) -> HttpResponse:
    if request.method != "POST":
        initial = address_initial(address)
        form = AddressForm(initial=initial, province_code=initial.get("province", ""))
    else:
        form = AddressForm(request.POST, province_code=posted_province(request.POST))
        if "choose_province" not in request.POST and form.is_valid():
            try:
                if address is None:
                    create_address(user=request.user, data=form.address_input())
                else:
                    update_address(user=request.user, address=address, data=form.address_input())
            except AddressError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("Đã lưu địa chỉ."))
                return redirect("storefront:addresses")
    return render(
        request,
        "storefront/account/address_form.html",
        {"form": form, "address": address},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def address_create(request: HttpRequest) -> HttpResponse:
    return _address_form_page(request, None)


@never_cache
@login_required
def address_edit(request: HttpRequest, address_id: int) -> HttpResponse:
    return _address_form_page(request, _own_address_or_404(request, address_id))


@never_cache
@login_required
@require_POST
def address_delete(request: HttpRequest, address_id: int) -> HttpResponse:
    address = _own_address_or_404(request, address_id)
    try:
        delete_address(user=request.user, address=address)
    except AddressError as exc:  # deleted meanwhile
        raise Http404("not in this shopper's address book") from exc
    messages.success(request, _("Đã xóa địa chỉ."))
    return redirect("storefront:addresses")


@never_cache
@login_required
@require_POST
def address_set_default(request: HttpRequest, address_id: int) -> HttpResponse:
    address = _own_address_or_404(request, address_id)
    try:
        set_default_address(user=request.user, address=address, kind="SHIPPING")
    except AddressError as exc:
        raise Http404("not in this shopper's address book") from exc
    messages.success(request, _("Đã chọn địa chỉ giao hàng mặc định."))
    return redirect("storefront:addresses")


@require_GET
def communes(request: HttpRequest) -> JsonResponse:
    """``?tinh=22`` -> ``{"communes": [{"code": ..., "name": ...}]}`` (the
    same list the forms show after "Chọn tỉnh"). Public and cacheable."""
    code = posted_province(request.GET.get("tinh") and {"province": request.GET["tinh"]})
    if not code:
        return JsonResponse({"communes": []}, status=400)
    response = JsonResponse({"communes": [{"code": c.code, "name": c.name} for c in communes_of(code)]})
    patch_cache_control(response, public=True, max_age=COMMUNES_MAX_AGE)
    return response
