"""The operator admin shows sellers with their audit trail, read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from marketplace.seller.models import SellerTransition

pytestmark = pytest.mark.django_db


def test_the_seller_page_shows_the_transitions_read_only(admin_client, seller_in_review):
    page = admin_client.get(reverse("admin:seller_seller_change", args=[seller_in_review.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bắt đầu xét duyệt" in html  # the start_review step of the audit trail
    assert 'name="status"' not in html  # status changes only through the workflow
    assert admin_client.get(reverse("admin:seller_seller_changelist")).status_code == 200
    transition = SellerTransition.objects.filter(seller=seller_in_review).first()
    change = admin_client.post(reverse("admin:seller_sellertransition_delete", args=[transition.pk]), {"post": "yes"})
    assert change.status_code == 403
    assert SellerTransition.objects.filter(pk=transition.pk).exists()


@pytest.mark.parametrize("model", ["sellerdocument", "sellerinvitation", "producermember", "sellertransition"])
def test_every_seller_model_has_an_admin_list(admin_client, seller_in_review, model):
    assert admin_client.get(reverse(f"admin:seller_{model}_changelist")).status_code == 200
