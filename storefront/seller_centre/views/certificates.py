"""The OCOP certificate a product carries: pick one of the seller's or enter
a new one (number, issuing body, decision date, stars, group)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError
from marketplace.product import services as catalogue
from marketplace.product.permissions import get_certificate_for_user, get_product_for_user
from marketplace.product.selectors import seller_certificates
from marketplace.seller.models import Seller
from storefront.seller_centre.access import centre_context, fetch, object_page
from storefront.seller_centre.forms import add_service_errors
from storefront.seller_centre.product_forms import CertificateForm, certificate_label


@object_page
def product_certificate(request: HttpRequest, seller: Seller, product_id: int) -> HttpResponse:
    product = fetch(get_product_for_user, user=request.user, product_id=product_id)
    centre_context(request, product.seller)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = CertificateForm(request.POST if action == "create" else None)
    if action == "attach":
        raw = request.POST.get("certificate", "")
        if raw and not raw.isdigit():
            raise Http404("malformed certificate id")
        certificate = fetch(get_certificate_for_user, user=request.user, certificate_id=int(raw)) if raw else None
        try:
            catalogue.attach_ocop_certificate(product=product, actor=request.user, certificate=certificate)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Đã gắn giấy chứng nhận OCOP.") if certificate else _("Đã bỏ giấy chứng nhận OCOP.")
            )
            return redirect("seller_centre:product_edit", product_id=product.pk)
    elif action == "create" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                certificate = catalogue.create_ocop_certificate(
                    seller=product.seller,
                    actor=request.user,
                    number=data["number"],
                    issuing_body=data["issuing_body"],
                    decision_date=data["decision_date"],
                    star_rating=data["star_rating"],
                    product_group=data["product_group"],
                )
                catalogue.attach_ocop_certificate(product=product, actor=request.user, certificate=certificate)
        except DomainError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm và gắn giấy chứng nhận OCOP."))
            return redirect("seller_centre:product_edit", product_id=product.pk)
    certificates = [(c, certificate_label(c)) for c in seller_certificates(seller=product.seller)]
    return render(
        request,
        "seller_centre/certificate.html",
        {"product": product, "certificates": certificates, "form": form},
    )
