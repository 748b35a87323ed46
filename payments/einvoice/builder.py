"""An invoice for one sold sub-order, from the order's snapshot (lines as
bought, shipping charged, buyer's billing or shipping address) and the
books (when the sale was paid)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import Address
from marketplace.geography.models import place_text
from marketplace.order.models import SellerOrder
from marketplace.seller.models import Seller
from payments.einvoice.data import Invoice, InvoiceLine, Party, VatSummary
from payments.einvoice.errors import EInvoiceError
from payments.einvoice.vat import category_rates, split_inclusive
from payments.einvoice.words import amount_in_words
from payments.ledger.models import EntryKind, JournalEntry
from payments.ledger.posting import COD_GATEWAY
from payments.registry import get_gateway

BOOKING_KINDS = (EntryKind.SALE, EntryKind.COD_COLLECTED)


def _seller_party(seller: Seller) -> Party:
    address = place_text(seller.street_address, commune=seller.commune, province=seller.province)
    return Party(name=seller.name, address=address, tax_code=seller.tax_code, email=seller.email, phone=seller.phone)


def _buyer_party(address: Address | None, email: str) -> Party:
    if address is None:
        return Party(name="", email=email)
    return Party(
        name=address.company_name or address.full_name,
        address=place_text(
            address.street_address_1, address.street_address_2, commune=address.commune, province=address.province
        ),
        email=email,
        phone=address.phone,
    )


def load_seller_order(seller_order_id: int) -> SellerOrder:
    return SellerOrder.objects.select_related(
        "seller__province",
        "seller__commune",
        "order__billing_address__province",
        "order__billing_address__commune",
        "order__shipping_address__province",
        "order__shipping_address__commune",
    ).get(pk=seller_order_id)


def build_invoice(seller_order: SellerOrder) -> Invoice:
    """The invoice of ``seller_order`` (loaded with ``load_seller_order``).
    Raises ``EInvoiceError``: ``NOT_PAID`` (no sale booked for it),
    ``TOTAL_MISMATCH`` (its lines and shipping do not make its total)."""
    booked = (
        JournalEntry.objects.filter(seller_order_id=seller_order.pk, kind__in=BOOKING_KINDS)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if booked is None:
        raise EInvoiceError("NOT_PAID", _("Đơn hàng chưa được thanh toán."))
    order = seller_order.order
    rows = list(
        seller_order.lines.order_by("sort_order", "pk").values_list(
            "product_name",
            "variant_name",
            "product_sku",
            "quantity",
            "unit_price_amount",
            "total_price_amount",
            "variant__product__category_id",
        )
    )
    rates = category_rates(category for *_, category in rows)
    unit = settings.EINVOICE_DEFAULT_UNIT
    lines: list[InvoiceLine] = []
    for number, (name, variant, sku, quantity, unit_price, amount, category) in enumerate(rows, start=1):
        rate = rates[category]
        before, vat = split_inclusive(amount, rate)
        lines.append(
            InvoiceLine(
                number=number,
                name=f"{name} ({variant})" if variant else name,
                unit=unit,
                quantity=quantity,
                unit_price=split_inclusive(unit_price, rate)[0],
                amount_before_tax=before,
                vat_rate=rate,
                vat_amount=vat,
                amount=amount,
                sku=sku,
            )
        )
    if seller_order.shipping_amount:
        rate = settings.EINVOICE_SHIPPING_VAT_RATE
        before, vat = split_inclusive(seller_order.shipping_amount, rate)
        lines.append(
            InvoiceLine(
                number=len(lines) + 1,
                name=_("Phí vận chuyển")
                + (f" ({seller_order.shipping_method_name})" if seller_order.shipping_method_name else ""),
                unit=_("Lần"),
                quantity=1,
                unit_price=before,
                amount_before_tax=before,
                vat_rate=rate,
                vat_amount=vat,
                amount=seller_order.shipping_amount,
                kind="shipping",
            )
        )
    total = sum(line.amount for line in lines)
    if total != seller_order.total_amount:
        raise EInvoiceError(
            "TOTAL_MISMATCH", f"lines make {total}, the sub-order's total is {seller_order.total_amount}"
        )
    summary: dict[int, list[int]] = {}
    for line in lines:
        figures = summary.setdefault(line.vat_rate, [0, 0, 0])
        figures[0] += line.amount_before_tax
        figures[1] += line.vat_amount
        figures[2] += line.amount
    gateway = get_gateway(order.payment_gateway)
    return Invoice(
        reference=seller_order.number,
        order_number=order.number,
        issued_on=timezone.localdate(booked),
        seller=_seller_party(seller_order.seller),
        buyer=_buyer_party(order.billing_address or order.shipping_address, order.user_email),
        lines=tuple(lines),
        currency=seller_order.currency,
        payment_method="TM" if order.payment_gateway == COD_GATEWAY else "CK",
        payment_method_name=str(gateway.name) if gateway is not None else order.payment_gateway,
        total_before_tax=sum(line.amount_before_tax for line in lines),
        total_vat=sum(line.vat_amount for line in lines),
        total=total,
        total_in_words=amount_in_words(total),
        vat_summary=tuple(VatSummary(rate, *figures) for rate, figures in sorted(summary.items())),
    )
