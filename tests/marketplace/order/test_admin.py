"""Operators read orders and payments in the admin, and cannot change them there."""

from __future__ import annotations

from django.urls import reverse

from marketplace.order.services import mark_packed


def test_an_operator_reads_an_order_with_its_audit_trail(admin_client, order, sub_a, owner_a):
    mark_packed(seller_order=sub_a, actor=owner_a)
    page = admin_client.get(reverse("admin:order_order_change", args=[order.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert order.number in html and sub_a.number in html and "chu.htx.a@example.vn" in html
    assert admin_client.get(reverse("admin:order_order_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:order_order_add")).status_code == 403
    tx = order.transactions.get()
    assert admin_client.get(reverse("admin:payments_transaction_change", args=[tx.pk])).status_code == 200
