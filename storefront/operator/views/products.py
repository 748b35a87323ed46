"""Listing moderation: find a product, take it off the shop with a reason the
seller sees, put it back; each decision is in the product's history."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.product import services as product_services
from marketplace.product.errors import ProductError
from marketplace.product.models import Product, ProductStatus
from marketplace.product.permissions import get_product_for_operator
from marketplace.product.selectors import get_channel, seller_product_detail, visible_products
from storefront.operator.access import operator_required
from storefront.operator.forms import ProductFilterForm, RelistForm, UnlistForm
from storefront.operator.listing import page_of, query_without_page, valid_filters
from storefront.operator.presenters import error_status
from storefront.operator.queries import filter_products, moderation_products


@operator_required
def product_list(request: HttpRequest) -> HttpResponse:
    form = ProductFilterForm(request.GET or None)
    products = filter_products(moderation_products(get_channel()), valid_filters(form))
    page = page_of(request, products)
    return render(request, "operator/products.html", {"form": form, "page": page, "query": query_without_page(request)})


def _product_or_404(request: HttpRequest, product_id: int) -> Product:
    try:
        return get_product_for_operator(user=request.user, product_id=product_id)
    except ProductError as exc:
        raise Http404("no such product") from exc


@operator_required
def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    """One product as the shop and the seller see it, its moderation history,
    and "take down" or "put back" depending on its status."""
    product = _product_or_404(request, product_id)
    unlist_form, relist_form = UnlistForm(auto_id="unlist-%s"), RelistForm(auto_id="relist-%s")
    error: ProductError | None = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "unlist":
                unlist_form = UnlistForm(request.POST, auto_id="unlist-%s")
                if unlist_form.is_valid():
                    product_services.unlist_product(
                        product=product, operator=request.user, reason=unlist_form.cleaned_data["reason"]
                    )
                    messages.success(request, _("Đã gỡ sản phẩm khỏi sàn. Người bán sẽ nhận email kèm lý do."))
                    return redirect(reverse("operator:product", kwargs={"product_id": product.pk}))
            elif action == "relist":
                relist_form = RelistForm(request.POST, auto_id="relist-%s")
                if relist_form.is_valid():
                    product_services.relist_product(
                        product=product, operator=request.user, note=relist_form.cleaned_data["note"]
                    )
                    messages.success(request, _("Đã cho sản phẩm bán lại."))
                    return redirect(reverse("operator:product", kwargs={"product_id": product.pk}))
            else:
                error = ProductError("INVALID", _("Thao tác không hợp lệ."))
        except ProductError as exc:
            error = exc
    return _render_product(request, product, unlist_form=unlist_form, relist_form=relist_form, error=error)


def _render_product(
    request: HttpRequest,
    product: Product,
    *,
    unlist_form: UnlistForm,
    relist_form: RelistForm,
    error: ProductError | None,
) -> HttpResponse:
    channel = get_channel()
    product = seller_product_detail(product=product)
    is_visible = channel is not None and visible_products(channel).filter(pk=product.pk).exists()
    status = 200 if error is None and not (unlist_form.errors or relist_form.errors) else 400
    if error is not None:
        status = error_status(error.code)
    return render(
        request,
        "operator/product.html",
        {
            "product": product,
            "is_unlisted": product.status == ProductStatus.UNLISTED_BY_OPERATOR,
            "is_visible": is_visible,
            "default_channel": channel.slug if channel else "",
            "history": product.moderation_events.all(),
            "unlist_form": unlist_form,
            "relist_form": relist_form,
            "error": error,
        },
        status=status,
    )
