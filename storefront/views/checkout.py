"""Checkout at /dat-hang/ in two light pages that work without JavaScript:

1. ``checkout`` — the email (guests) and the shipping address: a saved one
   (signed-in shoppers) or a new one, province then commune;
2. ``checkout_delivery`` — one delivery group per seller with that seller's
   shipping methods and fees, the payment method, a note for the sellers,
   and "Đặt hàng".

Each change is a checkout service; a page's changes are made in one
transaction, so any refusal leaves the cart as it was and is shown beside
its field. Placing the order sends a one-time key: a double submit finds
the first order instead of making a second.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from marketplace.account.addresses import AddressError, addresses_of, create_address, get_address_for_user
from marketplace.account.models import Address
from marketplace.checkout.errors import CheckoutError, CheckoutValidationFailed
from marketplace.checkout.models import Checkout
from marketplace.checkout.selectors import CheckoutSummary, checkout_summary
from marketplace.checkout.services import (
    complete_checkout,
    set_customer_note,
    set_delivery_method,
    set_email,
    set_shipping_address,
)
from marketplace.order.access import order_access_token
from marketplace.order.models import Order
from payments.gateways.base import PaymentGateway
from payments.registry import available_gateways
from storefront.forms_checkout import (
    CheckoutAddressForm,
    add_domain_errors,
    address_initial,
    posted_province,
    posted_text,
)
from storefront.views.current_cart import current_checkout, forget_checkout, shop_channel

# The order just placed in this session: its confirmation banner, and the
# answer to a second submit of the same form.
PLACED_SESSION_KEY = "storefront_placed_order"
NEW_ADDRESS = "new"


def _gone_checkout_order(request: HttpRequest, *, token: str, key: str) -> Order | None:
    """The order an earlier submit of this form already placed: the checkout
    ``token`` it came from (a guest's order: the token was the proof; an
    account's: only for that account), or the one recorded in this session
    under the same one-time ``key``."""
    placed = request.session.get(PLACED_SESSION_KEY) or {}
    order = None
    if key and placed.get("key") == key:
        order = Order.objects.filter(pk=placed.get("order")).first()
    if order is None and token:
        try:
            order = Order.objects.filter(checkout_token=uuid.UUID(token)).first()
        except ValueError:
            order = None
    if order is None:
        return None
    if order.user_id is not None and order.user_id != request.user.pk:
        return None
    return order


def order_page_url(order: Order) -> str:
    return reverse("storefront:order_by_token", kwargs={"token": order_access_token(order)})


def after_placing_url(order: Order) -> str:
    """The payment page for gateways that take money now (when the payments
    app offers one), else the order page."""
    if order.payment_gateway != "cod":
        try:
            return reverse("payments:pay", kwargs={"token": order_access_token(order)})
        except NoReverseMatch:
            pass
    return order_page_url(order)


# --- step 1: email and address -------------------------------------------------------


def _address_form(request: HttpRequest, checkout: Checkout, saved: list[Address]) -> tuple[CheckoutAddressForm, str]:
    guest = not request.user.is_authenticated
    if request.method == "POST":
        province = posted_province(request.POST)
        form = CheckoutAddressForm(request.POST, guest=guest, province_code=province)
        return form, posted_text(request.POST, "saved") or NEW_ADDRESS
    current = Address.objects.filter(pk=checkout.shipping_address_id).first() if checkout.shipping_address_id else None
    default = next((a for a in saved if a.is_default_shipping), saved[0] if saved else None)
    initial = address_initial(current or default)
    if guest:
        initial["email"] = checkout.email
    choice = str(default.pk) if default is not None and current is None else NEW_ADDRESS
    return CheckoutAddressForm(initial=initial, guest=guest, province_code=initial.get("province", "")), choice


def _save_address_step(request: HttpRequest, checkout: Checkout, form: CheckoutAddressForm, choice: str) -> None:
    """Email, address (and the address book) in one transaction: any error
    is added to ``form`` and nothing is kept."""
    form.is_valid()
    with transaction.atomic():
        try:
            if "email" in form.fields:
                set_email(checkout=checkout, email=form.cleaned_data.get("email", ""))
            elif not checkout.email:  # an account's cart always has the account's email
                set_email(checkout=checkout, email=request.user.email)
        except CheckoutError as error:
            add_domain_errors(form, error)
        try:
            if choice != NEW_ADDRESS:
                set_shipping_address(checkout=checkout, data=get_address_for_user(user=request.user, address_id=choice))
            else:
                data = form.address_input()
                set_shipping_address(checkout=checkout, data=data)
                if form.cleaned_data.get("save_to_book"):
                    create_address(user=request.user, data=data)
        except (CheckoutValidationFailed, CheckoutError, AddressError) as error:
            add_domain_errors(form, error)
        if form.errors:
            transaction.set_rollback(True)


@never_cache
def checkout_address(request: HttpRequest) -> HttpResponse:
    checkout = current_checkout(request, shop_channel())
    if checkout is None or not checkout.lines.exists():
        return redirect("storefront:cart")
    saved = addresses_of(user=request.user) if request.user.is_authenticated else []
    form, choice = _address_form(request, checkout, saved)
    if request.method == "POST" and "choose_province" not in request.POST:
        _save_address_step(request, checkout, form, choice)
        if not form.errors:
            return redirect("storefront:checkout_delivery")
    return render(
        request,
        "storefront/checkout/address.html",
        {"form": form, "saved": saved, "choice": choice, "new_address": NEW_ADDRESS},
        status=400 if form.errors else 200,
    )


# --- step 2: delivery, payment, place the order --------------------------------------------


@dataclass
class DeliveryErrors:
    groups: dict[int, str] = field(default_factory=dict)
    payment: str = ""
    note: str = ""
    general: list[str] = field(default_factory=list)
    # Where the general errors can be fixed: the cart or the address step.
    fix_url: str = ""
    checkout_gone: bool = False

    def __bool__(self) -> bool:
        return bool(self.groups or self.payment or self.note or self.general or self.checkout_gone)

    def add(self, error: CheckoutError, *, seller_id: int | None = None) -> None:
        if error.code == "NOT_FOUND" and error.field == "id":
            self.checkout_gone = True
        elif seller_id is not None:
            self.groups[seller_id] = error.message
        elif error.field == "payment_gateway":
            self.payment = error.message
        elif error.field == "note":
            self.note = error.message
        else:
            self.general.append(error.message)
            if error.field in ("email", "shipping_address"):
                self.fix_url = reverse("storefront:checkout")
            elif error.field == "lines":
                self.fix_url = reverse("storefront:cart")


def _delivery_context(
    summary: CheckoutSummary,
    gateways: list[PaymentGateway],
    *,
    posted: dict[str, str] | None = None,
    errors: DeliveryErrors | None = None,
) -> dict[str, object]:
    posted = posted or {}
    errors = errors or DeliveryErrors()
    groups = []
    shipping = 0
    for group in summary.groups:
        default = group.chosen.method_id if group.chosen else (group.quotes[0].method_id if group.quotes else None)
        selected = posted.get(f"method-{group.seller.pk}") or str(default or "")
        chosen = next((q for q in group.quotes if str(q.method_id) == selected), None)
        shipping += chosen.fee if chosen else 0
        groups.append(
            {
                "group": group,
                "selected": selected,
                "error": errors.groups.get(group.seller.pk, ""),
                "fee": chosen.fee if chosen else None,
            }
        )
    payment = posted.get("payment") or (gateways[0].id if gateways else "")
    checkout = summary.checkout
    return {
        "summary": summary,
        "groups": groups,
        "address": summary.shipping_address,
        "gateways": gateways,
        "payment": payment,
        "note": posted.get("note", checkout.customer_note),
        "shipping": shipping,
        "total": summary.subtotal.amount + shipping,
        "currency": checkout.currency,
        "errors": errors,
        "idempotency_key": posted.get("idempotency_key") or uuid.uuid4().hex,
        "checkout_token": str(checkout.pk),
        "cart_count": summary.quantity,
    }


def _apply_delivery(
    request: HttpRequest, checkout: Checkout, summary: CheckoutSummary, *, place: bool
) -> tuple[DeliveryErrors, Order | None]:
    """Save the delivery choices and the note, and place the order when
    ``place``: all in one transaction, rolled back on any error."""
    errors = DeliveryErrors()
    order = None
    post = request.POST
    gateway_id = posted_text(post, "payment")
    with transaction.atomic():
        for group in summary.groups:
            try:
                set_delivery_method(
                    checkout=checkout, seller=group.seller, method_id=posted_text(post, f"method-{group.seller.pk}")
                )
            except CheckoutError as error:
                errors.add(error, seller_id=None if error.field == "id" else group.seller.pk)
        try:
            set_customer_note(checkout=checkout, note=posted_text(post, "note"))
        except CheckoutError as error:
            errors.add(error)
        if place and not gateway_id:
            errors.payment = _("Vui lòng chọn cách thanh toán.")
        if place and not errors:
            try:
                order = complete_checkout(
                    checkout=checkout,
                    user=request.user,
                    payment_gateway=gateway_id,
                    idempotency_key=posted_text(post, "idempotency_key"),
                )
            except CheckoutError as error:
                errors.add(error)
        if errors:
            transaction.set_rollback(True)
            order = None
    return errors, order


def _placed(request: HttpRequest, order: Order, key: str) -> HttpResponse:
    forget_checkout(request)
    request.session[PLACED_SESSION_KEY] = {"order": str(order.pk), "key": key}
    return redirect(after_placing_url(order))


@never_cache
def checkout_delivery(request: HttpRequest) -> HttpResponse:
    channel = shop_channel()
    checkout = current_checkout(request, channel)
    key = posted_text(request.POST, "idempotency_key")
    if checkout is None:
        earlier = request.method == "POST" and _gone_checkout_order(
            request, token=posted_text(request.POST, "checkout"), key=key
        )
        return _placed(request, earlier, key) if earlier else redirect("storefront:cart")
    summary = checkout_summary(checkout)
    if not summary.groups:
        return redirect("storefront:cart")
    if summary.shipping_address is None or not checkout.email:
        return redirect("storefront:checkout")
    gateways = available_gateways(checkout.currency)
    if request.method != "POST":
        return render(request, "storefront/checkout/delivery.html", _delivery_context(summary, gateways))
    errors, order = _apply_delivery(request, checkout, summary, place="recalc" not in request.POST)
    if order is not None:
        return _placed(request, order, key)
    if errors.checkout_gone:
        earlier = _gone_checkout_order(request, token=str(checkout.pk), key=key)
        return _placed(request, earlier, key) if earlier else redirect("storefront:cart")
    if not errors:
        return redirect("storefront:checkout_delivery")
    summary = checkout_summary(checkout)
    posted = {name: posted_text(request.POST, name) for name in request.POST}
    context = _delivery_context(summary, gateways, posted=posted, errors=errors)
    return render(request, "storefront/checkout/delivery.html", context, status=400)
