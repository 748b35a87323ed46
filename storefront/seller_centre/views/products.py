"""Products in the seller centre: the list, the one-screen listing, the edit
page (details, publication) and deletion. Photos, variants, stock and the
OCOP certificate have their own modules; every object is fetched through
``marketplace.product.permissions`` (anyone else's: 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import EmptyPage, Page, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.core.errors import DomainError
from marketplace.product import services as catalogue
from marketplace.product.models import Category, Product, ProductStatus
from marketplace.product.permissions import get_product_for_user
from marketplace.product.selectors import (
    category_tree,
    get_channel,
    seller_certificates,
    seller_product_detail,
    seller_products,
)
from marketplace.seller.models import Seller, SellerStatus
from storefront.seller_centre.access import centre_context, fetch, object_page, seller_page
from storefront.seller_centre.forms import add_service_errors
from storefront.seller_centre.product_forms import ProductCreateForm, ProductEditForm

PAGE_SIZE = 20


def publish_block(seller: Seller, product: Product | None = None) -> str:
    """Why "Đăng bán" is disabled for this seller (and product), or ""."""
    if seller.status == SellerStatus.SUSPENDED:
        return _("Cơ sở đang bị tạm khóa nên không thể đăng bán.")
    if seller.status != SellerStatus.APPROVED:
        return _("Cơ sở chưa được duyệt nên chưa thể đăng bán. Hãy hoàn thiện hồ sơ và gửi xét duyệt.")
    if product is not None and product.status == ProductStatus.UNLISTED_BY_OPERATOR:
        return _("Bị gỡ: %(reason)s") % {"reason": product.moderation_reason}
    return ""


def _categories() -> list[Category]:
    return list(category_tree(language=get_language()).values())


def _page(request: HttpRequest, products: QuerySet[Product]) -> Page:
    raw = request.GET.get("page") or "1"
    if not raw.isdigit() or len(raw) > 6:
        raise Http404("malformed page number")
    try:
        page = Paginator(products, PAGE_SIZE).page(int(raw))
    except EmptyPage as exc:
        raise Http404("page out of range") from exc
    page.object_list = list(page.object_list)
    return page


@seller_page
def product_list(request: HttpRequest, seller: Seller) -> HttpResponse:
    """The seller's products, 20 a page, in a fixed number of queries."""
    page = _page(request, seller_products(seller=seller))
    return render(
        request,
        "seller_centre/products.html",
        {"page": page, "publish_block": publish_block(seller)},
    )


@seller_page
def product_create(request: HttpRequest, seller: Seller) -> HttpResponse:
    """The one-screen listing; "Đăng bán ngay" publishes it on save."""
    block = publish_block(seller)
    certificates = list(seller_certificates(seller=seller))
    form = ProductCreateForm(
        request.POST or None,
        request.FILES or None,
        categories=_categories(),
        certificates=certificates,
        can_publish=not block,
    )
    if request.method == "POST" and form.is_valid():
        product = _create(request, seller, form, certificates)
        if product is not None:
            if form.cleaned_data["publish"] and not block:
                _publish(request, product, created=True)
            else:
                messages.success(request, _("Đã lưu sản phẩm “%(name)s”.") % {"name": product.name})
            return redirect("seller_centre:product_edit", product_id=product.pk)
    return render(request, "seller_centre/product_create.html", {"form": form, "publish_block": block})


def _create(request: HttpRequest, seller: Seller, form: ProductCreateForm, certificates: list) -> Product | None:
    """The product and its photo, both or neither; errors go on ``form``."""
    data = form.cleaned_data
    certificate = next((c for c in certificates if str(c.pk) == data["ocop_certificate"]), None)
    photo = data["photo"]
    try:
        with transaction.atomic():
            product = catalogue.create_product(
                seller=seller,
                actor=request.user,
                name=data["name"],
                category=Category.objects.filter(pk=data["category"]).first(),
                price=data["price"],
                stock=data["stock"],
                sku=data["sku"] or None,
                description=data["description"],
                weight_grams=data["weight_grams"] or None,
                variant_name=data["variant_name"],
                ocop_certificate=certificate,
            )
            catalogue.add_product_media(product=product, upload=photo, filename=photo.name or "anh", actor=request.user)
    except DomainError as error:
        add_service_errors(form, error, {"image": "photo", "ocop_certificate": "ocop_certificate"})
        return None
    return product


def _publish(request: HttpRequest, product: Product, *, created: bool = False) -> None:
    try:
        catalogue.publish_product(product=product, actor=request.user)
    except DomainError as error:
        if created:
            messages.warning(request, _("Đã lưu sản phẩm nhưng chưa đăng bán được: %(why)s") % {"why": error.message})
        else:
            messages.error(request, error.message)
    else:
        messages.success(request, _("Đã đăng bán “%(name)s”.") % {"name": product.name})


@object_page
def product_edit(request: HttpRequest, seller: Seller, product_id: int) -> HttpResponse:
    product = fetch(get_product_for_user, user=request.user, product_id=product_id)
    centre_context(request, product.seller)
    form = ProductEditForm(
        request.POST or None,
        categories=_categories(),
        initial={
            "name": product.name,
            "category": product.category_id or "",
            "description": product.description,
            "weight_grams": product.weight_grams or "",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            catalogue.update_product(
                product=product,
                actor=request.user,
                name=data["name"],
                category=Category.objects.filter(pk=data["category"]).first(),
                description=data["description"],
                weight_grams=data["weight_grams"] or None,
            )
        except DomainError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("seller_centre:product_edit", product_id=product.pk)
    detail = seller_product_detail(product=product)
    channel = get_channel()
    listing = next((item for item in detail.channel_listings.all() if channel and item.channel_id == channel.pk), None)
    return render(
        request,
        "seller_centre/product_edit.html",
        {
            "product": detail,
            "form": form,
            "publish_block": publish_block(product.seller, product),
            "channel": channel,
            "listing": listing,
            "shop_url": reverse("storefront:product", kwargs={"slug": product.slug}),
        },
    )


@require_POST
@object_page
def product_publish(request: HttpRequest, seller: Seller, product_id: int) -> HttpResponse:
    product = fetch(get_product_for_user, user=request.user, product_id=product_id)
    if request.POST.get("action") == "unpublish":
        try:
            catalogue.unpublish_product(product=product, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã ngừng bán “%(name)s”.") % {"name": product.name})
    else:
        _publish(request, product)
    return redirect("seller_centre:product_edit", product_id=product.pk)


@require_POST
@object_page
def product_delete(request: HttpRequest, seller: Seller, product_id: int) -> HttpResponse:
    product = fetch(get_product_for_user, user=request.user, product_id=product_id)
    try:
        catalogue.delete_product(product=product, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("seller_centre:product_edit", product_id=product.pk)
    messages.success(request, _("Đã xóa sản phẩm “%(name)s”.") % {"name": product.name})
    return redirect("seller_centre:products")
