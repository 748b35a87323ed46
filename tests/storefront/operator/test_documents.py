"""Seller documents on the operators' pages: shown inline from a protected
address that only operators can open."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from marketplace.seller import services
from marketplace.seller.models import SellerDocument, SellerDocumentKind
from tests.marketplace.seller.files import png_bytes, scanned_pdf, upload
from tests.storefront.operator.conftest import signed_in

pytestmark = pytest.mark.django_db


def document_of(seller, kind=SellerDocumentKind.CITIZEN_ID) -> SellerDocument:
    return SellerDocument.objects.get(seller=seller, kind=kind, is_current=True)


def file_url(document: SellerDocument) -> str:
    return f"/quan-ly/tai-lieu/{document.pk}/"


def test_operator_sees_the_image_inline_with_private_headers(operator_client, submitted_seller):
    document = document_of(submitted_seller)
    response = operator_client.get(file_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == document.file.open("rb").read()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # the application page frames it
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_pdf_is_served_as_pdf_and_can_be_downloaded(operator_client, owner, draft_seller):
    services.upload_seller_document(
        seller=draft_seller,
        actor=owner,
        kind=SellerDocumentKind.FOOD_SAFETY_CERTIFICATE,
        upload=upload(scanned_pdf(), "giay-atvstp.jpg", "image/jpeg"),
        expires_on=timezone.localdate() + datetime.timedelta(days=200),
    )
    document = document_of(draft_seller, SellerDocumentKind.FOOD_SAFETY_CERTIFICATE)
    inline = operator_client.get(file_url(document))
    download = operator_client.get(file_url(document), {"tai-ve": "1"})
    assert inline["Content-Type"] == "application/pdf"
    assert b"".join(inline.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment;")
    assert ".pdf" in download["Content-Disposition"]


def test_the_application_page_shows_images_inline_and_pdfs_in_an_object(operator_client, owner, draft_seller):
    services.upload_seller_document(
        seller=draft_seller,
        actor=owner,
        kind=SellerDocumentKind.BUSINESS_REGISTRATION,
        upload=upload(scanned_pdf(1), "dkkd.pdf", "application/pdf"),
    )
    services.upload_seller_document(
        seller=draft_seller, actor=owner, kind=SellerDocumentKind.CITIZEN_ID, upload=upload(png_bytes(), "cccd.png")
    )
    pdf, image = document_of(draft_seller, SellerDocumentKind.BUSINESS_REGISTRATION), document_of(draft_seller)
    html = operator_client.get(f"/quan-ly/ho-so/{draft_seller.pk}/").content.decode()
    assert f'<object data="{file_url(pdf)}" type="application/pdf"' in html
    assert f'<img src="{file_url(image)}"' in html


@pytest.mark.parametrize("who", ["shopper", "owner", "seller_staff"])
def test_anyone_but_an_operator_gets_not_found(request, submitted_seller, who):
    """Even the seller's own people use the seller centre's address, not this one."""
    user = request.getfixturevalue(who)
    response = signed_in(user).get(file_url(document_of(submitted_seller)))
    assert response.status_code == 404
    assert b"\x89PNG" not in response.content


def test_anonymous_is_sent_to_sign_in(client, submitted_seller):
    response = client.get(file_url(document_of(submitted_seller)))
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=/quan-ly/tai-lieu/")


def test_unknown_document_or_missing_file_is_not_found(operator_client, submitted_seller):
    assert operator_client.get("/quan-ly/tai-lieu/999999/").status_code == 404
    document = document_of(submitted_seller)
    document.file.delete(save=False)
    assert operator_client.get(file_url(document)).status_code == 404


def test_documents_are_stored_outside_the_public_media_folder(submitted_seller):
    path = document_of(submitted_seller).file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        document_of(submitted_seller).file.url  # noqa: B018 - no public address exists


def test_a_document_cannot_be_changed_through_its_address(operator_client, submitted_seller):
    assert operator_client.post(file_url(document_of(submitted_seller))).status_code == 405


def test_replaced_copies_stay_reachable_from_the_application(operator_client, owner, draft_seller):
    for color in ("red", "blue"):
        services.upload_seller_document(
            seller=draft_seller,
            actor=owner,
            kind=SellerDocumentKind.CITIZEN_ID,
            upload=upload(png_bytes(color=color), "cccd.png"),
        )
    old = SellerDocument.objects.get(seller=draft_seller, is_current=False)
    html = operator_client.get(f"/quan-ly/ho-so/{draft_seller.pk}/").content.decode()
    assert "1 bản cũ" in html
    assert f'href="{file_url(old)}"' in html
    assert operator_client.get(file_url(old)).status_code == 200
