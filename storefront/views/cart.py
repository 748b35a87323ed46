"""The cart: "Thêm vào giỏ" from a product page, the cart page grouped by
seller, changing quantities and removing lines. Plain forms (POST + CSRF),
no JavaScript needed. Every change is a checkout service; a refusal changes
nothing and is shown in Vietnamese beside the line it concerns."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from marketplace.checkout.errors import CheckoutError
from marketplace.checkout.lines import as_id
from marketplace.checkout.models import Checkout
from marketplace.checkout.selectors import checkout_summary
from marketplace.checkout.services import add_lines, create_checkout, delete_lines, update_lines
from storefront.views.current_cart import current_checkout, remember_checkout, shop_channel

# Longest quantity a form may send: anything longer is not a quantity anyone means.
MAX_QUANTITY_DIGITS = 6
PROBLEM_MESSAGES = {
    "SELLER_UNAVAILABLE": gettext_lazy("Người bán này đang tạm ngừng bán hàng; vui lòng bỏ sản phẩm khỏi giỏ."),
    "PRODUCT_NOT_PUBLISHED": gettext_lazy("Sản phẩm này không còn được bày bán; vui lòng bỏ khỏi giỏ."),
    "UNAVAILABLE_VARIANT_IN_CHANNEL": gettext_lazy("Phân loại này chưa có giá bán; vui lòng bỏ khỏi giỏ."),
    "PRODUCT_UNAVAILABLE_FOR_PURCHASE": gettext_lazy("Sản phẩm này chưa mở bán."),
    "QUANTITY_GREATER_THAN_LIMIT": gettext_lazy("Số lượng vượt quá mức cho phép; vui lòng giảm bớt."),
}


def parse_quantity(raw: object) -> int:
    """A whole number typed in a form (signs allowed: the service refuses
    zero and negatives with its own message). Raises ``CheckoutError("INVALID")``."""
    text = str(raw if raw is not None else "").strip()
    digits = text.lstrip("+-")
    if not digits.isdigit() or len(digits) > MAX_QUANTITY_DIGITS or not digits.isascii():
        raise CheckoutError("INVALID", _("Số lượng phải là số nguyên."), field="quantity")
    return int(text)


def _back_to_product(request: HttpRequest) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("storefront:cart")


def render_cart(
    request: HttpRequest,
    checkout: Checkout | None,
    *,
    line_errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    summary = checkout_summary(checkout) if checkout is not None else None
    groups = []
    if summary is not None:
        for group in summary.groups:
            lines = [
                {
                    "item": item,
                    "key": str(item.line.pk),
                    "quantity": (typed or {}).get(str(item.line.pk), item.line.quantity),
                    "error": (line_errors or {}).get(str(item.line.pk), ""),
                    "problem": PROBLEM_MESSAGES.get(item.problem or "", ""),
                }
                for item in group.lines
            ]
            groups.append({"group": group, "lines": lines})
    shown = {line["key"] for group in groups for line in group["lines"]}
    unplaced = [message for key, message in (line_errors or {}).items() if key not in shown]
    return render(
        request,
        "storefront/cart/cart.html",
        {
            "summary": summary,
            "groups": groups,
            "errors": unplaced,
            "cart_count": summary.quantity if summary else 0,
            "currency": summary.checkout.currency if summary else "VND",
        },
        status=status,
    )


@never_cache
@require_GET
def cart(request: HttpRequest) -> HttpResponse:
    return render_cart(request, current_checkout(request, shop_channel()))


@never_cache
@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    """Add ``quantity`` units of ``variant``; a new cart when there is none."""
    channel = shop_channel()
    checkout = current_checkout(request, channel)
    try:
        variant_id = as_id(request.POST.get("variant"))
        if variant_id is None:
            raise CheckoutError("NOT_FOUND", _("Vui lòng chọn phân loại sản phẩm."), field="variant_id")
        quantity = parse_quantity(request.POST.get("quantity", "1"))
        if checkout is None:
            user = request.user if request.user.is_authenticated else None
            checkout = create_checkout(
                channel=channel, user=user, lines=[(variant_id, quantity)], language_code=get_language() or "vi"
            )
            remember_checkout(request, checkout)
        else:
            add_lines(checkout=checkout, lines=[(variant_id, quantity)])
    except CheckoutError as error:
        messages.error(request, _("Chưa thêm được vào giỏ: %(reason)s") % {"reason": error.message})
        return redirect(_back_to_product(request))
    messages.success(request, _("Đã thêm vào giỏ hàng."))
    return redirect("storefront:cart")


def _lines_of_error(error: CheckoutError, checkout: Checkout, wanted: list[tuple[str, int]]) -> list[str]:
    """The cart lines an error concerns: by the variants it names, else the
    quantities it refuses (below zero), else the only line sent."""
    if error.variants:
        found = checkout.lines.filter(variant_id__in=error.variants).values_list("pk", flat=True)
        return [str(pk) for pk in found]
    if error.code == "ZERO_QUANTITY":
        return [key for key, quantity in wanted if quantity < 0]
    return [wanted[0][0]] if len(wanted) == 1 else []


@never_cache
@require_POST
def cart_update(request: HttpRequest) -> HttpResponse:
    """The cart form: ``remove`` names a line to drop; otherwise every
    ``qty-<line id>`` field sets that line's quantity (0 removes it)."""
    checkout = current_checkout(request, shop_channel())
    if checkout is None:
        return redirect("storefront:cart")
    removed = request.POST.get("remove")
    try:
        if removed:
            delete_lines(checkout=checkout, line_ids=[removed])
            messages.success(request, _("Đã bỏ sản phẩm khỏi giỏ."))
            return redirect("storefront:cart")
    except CheckoutError as error:
        messages.error(request, error.message)
        return redirect("storefront:cart")
    typed = {key[4:]: value for key, value in request.POST.items() if key.startswith("qty-")}
    line_errors: dict[str, str] = {}
    wanted = []
    for key, raw in typed.items():
        try:
            wanted.append((key, parse_quantity(raw)))
        except CheckoutError as error:
            line_errors[key] = error.message
    if not line_errors and wanted:
        try:
            update_lines(checkout=checkout, lines=wanted)
        except CheckoutError as error:
            lines = [key for key in _lines_of_error(error, checkout, wanted) if key in typed]
            if not lines:
                messages.error(request, error.message)
                return redirect("storefront:cart")
            line_errors.update(dict.fromkeys(lines, error.message))
    if line_errors:
        return render_cart(request, checkout, line_errors=line_errors, typed=typed, status=400)
    messages.success(request, _("Đã cập nhật giỏ hàng."))
    return redirect("storefront:cart")
