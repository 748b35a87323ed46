"""Emails to the shopper and to each seller when an order is placed and at
each step of a sub-order. Called only by ``marketplace.order.tasks`` after
the transaction commits, so nothing is sent for a change rolled back.

The shopper's emails carry a signed link to the order, the only way back for
a guest (``marketplace.order.access.order_access_token``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.core.money import Money, format_money
from marketplace.order.access import order_access_token
from marketplace.order.models import Order, OrderAction, OrderEvent, OrderStatus, SellerOrder, SellerOrderStatus
from marketplace.order.selectors import order_detail, seller_order_buyer_view
from marketplace.seller.emails import decision_recipients


def _absolute(path: str) -> str:
    return settings.PUBLIC_URL.rstrip("/") + path


def order_status_url(order: Order) -> str:
    """The shopper's link to follow ``order`` (works for guests: signed)."""
    token = order_access_token(order)
    try:
        path = reverse("storefront:order_by_token", kwargs={"token": token})
    except NoReverseMatch:
        path = f"/don-hang/{token}/"
    return _absolute(path)


def seller_order_url(seller_order: SellerOrder) -> str:
    """The seller centre's page of ``seller_order``."""
    try:
        path = reverse("seller_centre:order", kwargs={"pk": seller_order.pk})
    except NoReverseMatch:
        path = "/kenh-nguoi-ban/"
    return _absolute(path)


def _seller_recipients(seller: object) -> list[tuple[str, str]]:
    recipients = decision_recipients(seller.pk)
    if seller.email and seller.email.lower() not in dict(recipients):
        recipients.append((seller.email.lower(), settings.LANGUAGE_CODE))
    return recipients


def _send(*, template: str, subject: str, context: dict, recipient: str, language: str) -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {**context, "subject": subject}
        text = render_to_string(f"order/emails/{template}.txt", context)
        html = render_to_string(f"order/emails/{template}.html", context)
        send_mail(str(subject), text, None, [recipient], html_message=html)


def _money(amount: int, currency: str, language: str) -> str:
    return format_money(Money(amount, currency), language)


def send_placed_emails(*, order_id: str) -> None:
    """The shopper's confirmation and each seller's "new order" email."""
    order = order_detail(Order(pk=order_id))
    language = order.language_code or settings.LANGUAGE_CODE
    seller_orders = list(order.seller_orders.all())
    with translation.override(language):
        groups = [
            {
                "seller_order": so,
                "lines": [
                    {
                        "line": line,
                        "unit": _money(line.unit_price_amount, line.currency, language),
                        "total": _money(line.total_price_amount, line.currency, language),
                    }
                    for line in so.lines.all()
                ],
                "shipping": _money(so.shipping_amount, so.currency, language),
                "total": _money(so.total_amount, so.currency, language),
            }
            for so in seller_orders
        ]
        _send(
            template="placed_buyer",
            subject=_("Chợ OCOP đã nhận đơn hàng %(number)s") % {"number": order.number},
            context={
                "order": order,
                "groups": groups,
                "subtotal": _money(order.subtotal_amount, order.currency, language),
                "shipping": _money(order.shipping_amount, order.currency, language),
                "total": _money(order.total_amount, order.currency, language),
                "is_cod": order.payment_gateway == "cod",
                "address_lines": order.shipping_address.lines() if order.shipping_address else [],
                "order_url": order_status_url(order),
            },
            recipient=order.user_email,
            language=language,
        )
    for so in seller_orders:
        buyer = seller_order_buyer_view(so)
        for email, seller_language in _seller_recipients(so.seller):
            with translation.override(seller_language or settings.LANGUAGE_CODE):
                _send(
                    template="placed_seller",
                    subject=_("Đơn hàng mới %(number)s trên Chợ OCOP") % {"number": so.number},
                    context={
                        "seller_order": so,
                        "buyer": buyer,
                        "lines": [
                            {"line": line, "total": _money(line.total_price_amount, line.currency, seller_language)}
                            for line in buyer.lines
                        ],
                        "total": _money(so.total_amount, so.currency, seller_language),
                        "is_cod": order.payment_gateway == "cod",
                        "seller_order_url": seller_order_url(so),
                    },
                    recipient=email,
                    language=seller_language,
                )


def send_status_emails(*, event_id: int) -> None:
    """One step of a sub-order: the shopper and the seller are told."""
    event = OrderEvent.objects.select_related("order", "seller_order", "seller_order__seller").get(pk=event_id)
    order, so = event.order, event.seller_order
    if so is None:
        return
    language = order.language_code or settings.LANGUAGE_CODE
    context = {
        "order": order,
        "seller_order": so,
        "event": event,
        "action": event.action,
        "is_shipped": event.action == OrderAction.SHIP,
        "is_cancelled": event.action == OrderAction.CANCEL,
        "restocked": bool(event.data.get("restock")),
    }
    with translation.override(language):
        status = SellerOrderStatus(event.to_status).label
        _send(
            template="status_buyer",
            subject=_("Đơn hàng %(number)s: %(status)s") % {"number": so.number, "status": status},
            context={
                **context,
                "status": status,
                "order_status": OrderStatus(order.status).label,
                "order_url": order_status_url(order),
            },
            recipient=order.user_email,
            language=language,
        )
    for email, seller_language in _seller_recipients(so.seller):
        with translation.override(seller_language or settings.LANGUAGE_CODE):
            status = SellerOrderStatus(event.to_status).label
            _send(
                template="status_seller",
                subject=_("Đơn hàng %(number)s: %(status)s") % {"number": so.number, "status": status},
                context={**context, "status": status, "seller_order_url": seller_order_url(so)},
                recipient=email,
                language=seller_language,
            )
