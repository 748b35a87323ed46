"""Variants (sizes, packagings) of a product with their price, stock per
warehouse, and the seller's warehouses."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.core.errors import DomainError
from marketplace.product import services as catalogue
from marketplace.product.models import Product, ProductVariant
from marketplace.product.permissions import get_product_for_user, get_variant_for_user, get_warehouse_for_user
from marketplace.product.selectors import get_channel, seller_warehouses
from marketplace.seller.models import Seller
from marketplace.warehouse.models import Warehouse
from storefront.seller_centre.access import centre_context, fetch, object_page, seller_page
from storefront.seller_centre.forms import add_service_errors
from storefront.seller_centre.product_forms import VariantForm, WarehouseForm, plain_number

# Stock inputs are named "kho-<warehouse id>".
STOCK_FIELD = re.compile(r"kho-([0-9]{1,18})")


def posted_stocks(request: HttpRequest) -> list[tuple[Warehouse, str]]:
    """(warehouse, quantity as typed) for each stock input filled in; each
    warehouse is fetched with the user's permission (another seller's: 404)."""
    stocks = []
    for key, value in request.POST.items():
        match = STOCK_FIELD.fullmatch(key)
        if match and value.strip() != "":
            warehouse = fetch(get_warehouse_for_user, user=request.user, warehouse_id=int(match.group(1)))
            stocks.append((warehouse, plain_number(value)))
    return stocks


def stock_rows(warehouses: list[Warehouse], variant: ProductVariant | None, request: HttpRequest) -> list[dict]:
    """One row per warehouse: its current quantity and what was typed."""
    held = {}
    if variant is not None:
        held = {stock.warehouse_id: stock for stock in variant.stocks.all()}
    rows = []
    for warehouse in warehouses:
        stock = held.get(warehouse.pk)
        typed = request.POST.get(f"kho-{warehouse.pk}") if request.method == "POST" else None
        rows.append(
            {
                "warehouse": warehouse,
                "name": f"kho-{warehouse.pk}",
                "value": typed if typed is not None else (stock.quantity if stock else ""),
                "allocated": stock.quantity_allocated if stock else 0,
            }
        )
    return rows


def _product_page(product: Product, anchor: str = "phan-loai") -> HttpResponse:
    return redirect(reverse("seller_centre:product_edit", kwargs={"product_id": product.pk}) + f"#{anchor}")


@object_page
def variant_create(request: HttpRequest, seller: Seller, product_id: int) -> HttpResponse:
    product = fetch(get_product_for_user, user=request.user, product_id=product_id)
    centre_context(request, product.seller)
    warehouses = list(seller_warehouses(seller=product.seller))
    form = VariantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stocks = posted_stocks(request)
        try:
            catalogue.create_variant(
                product=product,
                actor=request.user,
                sku=data["sku"],
                name=data["name"],
                price=data["price"],
                weight_grams=data["weight_grams"] or None,
                stocks=stocks or None,
            )
        except DomainError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm phân loại “%(name)s”.") % {"name": data["name"]})
            return _product_page(product)
    return render(
        request,
        "seller_centre/variant.html",
        {"product": product, "variant": None, "form": form, "stocks": stock_rows(warehouses, None, request)},
    )


@object_page
def variant_edit(request: HttpRequest, seller: Seller, variant_id: int) -> HttpResponse:
    """The variant's details and price (``action=save``) and its stock per
    warehouse (``action=stock``), as two forms on one page."""
    variant = fetch(get_variant_for_user, user=request.user, variant_id=variant_id)
    product = variant.product
    centre_context(request, product.seller)
    channel = get_channel()
    listing = variant.channel_listings.filter(channel=channel).first() if channel else None
    initial = {
        "name": variant.name,
        "sku": variant.sku,
        "price": listing.price_amount if listing else "",
        "weight_grams": variant.weight_grams or "",
    }
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = VariantForm(request.POST if action == "save" else None, initial=initial)
    stock_error = ""
    if action == "save" and form.is_valid():
        data = form.cleaned_data
        try:
            catalogue.update_variant(
                variant=variant,
                actor=request.user,
                sku=data["sku"],
                name=data["name"],
                price=data["price"],
                weight_grams=data["weight_grams"] or None,
            )
        except DomainError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu phân loại."))
            return _product_page(product)
    elif action == "stock":
        try:
            catalogue.update_variant_stocks(variant=variant, actor=request.user, stocks=posted_stocks(request))
        except DomainError as error:
            stock_error = error.message
        else:
            messages.success(request, _("Đã cập nhật tồn kho."))
            return _product_page(product)
    warehouses = list(seller_warehouses(seller=product.seller))
    return render(
        request,
        "seller_centre/variant.html",
        {
            "product": product,
            "variant": variant,
            "form": form,
            "stocks": stock_rows(warehouses, variant, request),
            "stock_error": stock_error,
        },
    )


@require_POST
@object_page
def variant_delete(request: HttpRequest, seller: Seller, variant_id: int) -> HttpResponse:
    variant = fetch(get_variant_for_user, user=request.user, variant_id=variant_id)
    product = variant.product
    try:
        catalogue.delete_variant(variant=variant, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xóa phân loại."))
    return _product_page(product)


@seller_page
def warehouses(request: HttpRequest, seller: Seller) -> HttpResponse:
    form = WarehouseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            catalogue.create_warehouse(
                seller=seller,
                actor=request.user,
                name=form.cleaned_data["name"],
                street_address=form.cleaned_data["street_address"],
            )
        except DomainError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm kho “%(name)s”.") % {"name": form.cleaned_data["name"]})
            return redirect("seller_centre:warehouses")
    return render(
        request, "seller_centre/warehouses.html", {"form": form, "warehouses": list(seller_warehouses(seller=seller))}
    )
