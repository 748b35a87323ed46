"""Seller documents: checked by content, stored privately, replaced with history."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from marketplace.seller import services
from marketplace.seller.errors import SellerError
from marketplace.seller.models import SellerDocument, SellerDocumentKind, SellerDocumentStatus, SellerStatus
from marketplace.seller.permissions import get_document_for_user
from tests.factories import SellerMemberFactory, UserFactory
from tests.marketplace.seller import files

pytestmark = pytest.mark.django_db
NEXT_YEAR = timezone.localdate() + datetime.timedelta(days=365)


def send(seller, actor, content: bytes, name: str, kind: str = SellerDocumentKind.CITIZEN_ID, **kwargs):
    declared = "image/jpeg" if name.endswith(".jpg") else "application/octet-stream"
    return services.upload_seller_document(
        seller=seller, actor=actor, kind=kind, upload=files.upload(content, name, declared), **kwargs
    )


def refused(seller, actor, content: bytes, name: str, **kwargs) -> SellerError:
    with pytest.raises(SellerError) as excinfo:
        send(seller, actor, content, name, **kwargs)
    assert not SellerDocument.objects.filter(seller=seller).exists()
    assert not list(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.*"))  # nothing stored either
    return excinfo.value


def test_a_photo_and_a_clean_pdf_are_accepted_and_stored_privately(draft_seller, owner):
    photo = send(draft_seller, owner, files.jpeg_bytes(), "cccd-mat-truoc.jpg")
    pdf = send(draft_seller, owner, files.clean_pdf(), "giay-dang-ky.pdf", kind="business_registration")
    assert (photo.content_type, photo.original_filename, photo.status) == (
        "image/jpeg",
        "cccd-mat-truoc.jpg",
        SellerDocumentStatus.PENDING,
    )
    assert pdf.content_type == "application/pdf"
    assert pdf.size == len(files.clean_pdf())
    path = Path(pdf.file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert path.read_bytes() == files.clean_pdf()
    assert "giay-dang-ky" not in path.name  # the uploader's file name is kept apart, not used on disk
    with pytest.raises(ValueError):
        pdf.file.url  # noqa: B018 - no public URL exists for a private document


def test_a_scanned_pdf_is_accepted_whatever_its_name(draft_seller, owner):
    doc = send(draft_seller, owner, files.scanned_pdf(), "scan.jpg", kind="household_registration")
    assert (doc.content_type, doc.file.name.rsplit(".", 1)[1]) == ("application/pdf", "pdf")


def test_a_php_script_named_jpg_is_refused(draft_seller, owner):
    error = refused(draft_seller, owner, files.PHP_SHELL, "anh-cccd.jpg")
    assert error.code == "UNSUPPORTED_FILE_TYPE"
    assert error.message == "Chỉ nhận tệp PDF hoặc ảnh JPEG, PNG, WebP."
    assert error.field == "file"


@pytest.mark.parametrize(
    "make",
    [
        files.pdf_with_open_action_javascript,
        files.pdf_with_escaped_javascript_name,
        files.pdf_with_javascript_in_object_stream,
        files.pdf_with_embedded_file,
    ],
)
def test_a_pdf_that_can_run_code_or_carry_files_is_refused(make, draft_seller, owner):
    error = refused(draft_seller, owner, make(), "giay-chung-nhan.pdf")
    assert error.code == "UNSAFE_PDF"
    assert "không được nhận" in error.message


def test_a_pdf_compression_bomb_is_refused(draft_seller, owner):
    assert refused(draft_seller, owner, files.pdf_with_compression_bomb(), "bom.pdf").code == "DECOMPRESSION_BOMB"


def test_a_decompression_bomb_png_is_refused_without_being_decoded(draft_seller, owner):
    bomb = files.png_bomb()
    assert len(bomb) < 200_000  # small on disk, 900 million pixels once decoded
    error = refused(draft_seller, owner, bomb, "scan.png")
    assert error.code == "IMAGE_TOO_LARGE"


def test_an_oversized_file_is_refused(draft_seller, owner, settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 1024 * 1024
    big = files.clean_pdf() + b"%" + b"x" * (1024 * 1024)
    error = refused(draft_seller, owner, big, "lon.pdf")
    assert error.code == "FILE_TOO_LARGE"
    assert "tối đa 1 MB" in error.message


def test_empty_and_broken_files_are_refused(draft_seller, owner):
    assert refused(draft_seller, owner, b"", "rong.pdf").code == "EMPTY_FILE"
    assert refused(draft_seller, owner, files.png_bytes()[:60], "hong.png").code == "INVALID_IMAGE"


def test_expiry_is_checked(draft_seller, owner):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    error = refused(draft_seller, owner, files.png_bytes(), "cccd.png", expires_on=yesterday)
    assert error.code == "DOCUMENT_EXPIRED"
    error = refused(draft_seller, owner, files.clean_pdf(), "attp.pdf", kind="food_safety_certificate")
    assert error.code == "EXPIRY_REQUIRED"
    doc = send(draft_seller, owner, files.clean_pdf(), "attp.pdf", kind="food_safety_certificate", expires_on=NEXT_YEAR)
    assert doc.expires_on == NEXT_YEAR


def test_an_unknown_kind_is_refused(draft_seller, owner):
    assert refused(draft_seller, owner, files.png_bytes(), "a.png", kind="passport").code == "INVALID"


def test_a_replaced_document_stays_in_the_history(draft_seller, owner):
    first = send(draft_seller, owner, files.png_bytes(color="red"), "cccd-cu.png")
    second = send(draft_seller, owner, files.png_bytes(color="blue"), "cccd-moi.png")
    first.refresh_from_db()
    assert (first.is_current, first.replaced_by) == (False, second)
    assert second.is_current
    assert Path(first.file.path).exists()  # the old file is kept for the audit
    current = SellerDocument.objects.filter(seller=draft_seller, kind="citizen_id", is_current=True)
    assert list(current) == [second]
    assert SellerDocument.objects.filter(seller=draft_seller, kind="citizen_id").count() == 2


def test_documents_are_locked_while_under_review(seller_in_review, owner):
    with pytest.raises(SellerError) as excinfo:
        send(seller_in_review, owner, files.png_bytes(), "cccd.png")
    assert excinfo.value.code == "NOT_EDITABLE"
    assert SellerDocument.objects.filter(seller=seller_in_review).count() == 2


def test_only_members_upload(draft_seller):
    stranger = UserFactory()
    with pytest.raises(SellerError) as excinfo:
        send(draft_seller, stranger, files.png_bytes(), "cccd.png")
    assert excinfo.value.code == "NOT_FOUND"
    staff = SellerMemberFactory(seller=draft_seller, role="staff").user
    assert send(draft_seller, staff, files.png_bytes(), "cccd.png").uploaded_by == staff


def test_a_document_is_served_only_to_its_seller_and_operators(draft_seller, owner, operator):
    doc = send(draft_seller, owner, files.png_bytes(), "cccd.png")
    assert get_document_for_user(user=owner, document_id=doc.pk) == doc
    assert get_document_for_user(user=operator, document_id=doc.pk) == doc
    other_owner = SellerMemberFactory().user  # owner of another seller
    for outsider in (other_owner, UserFactory(), None):
        with pytest.raises(SellerError) as excinfo:
            get_document_for_user(user=outsider, document_id=doc.pk)
        assert excinfo.value.code == "NOT_FOUND"


def test_an_operator_reviews_one_document(draft_seller, owner, operator):
    doc = send(draft_seller, owner, files.png_bytes(), "cccd.png")
    with pytest.raises(SellerError) as excinfo:
        services.review_document(document=doc, actor=owner, accepted=True)
    assert excinfo.value.code == "PERMISSION_DENIED"
    with pytest.raises(SellerError) as excinfo:
        services.review_document(document=doc, actor=operator, accepted=False)
    assert excinfo.value.code == "REASON_REQUIRED"
    reviewed = services.review_document(document=doc, actor=operator, accepted=False, note="Ảnh bị lóa.")
    assert (reviewed.status, reviewed.review_note, reviewed.reviewed_by) == (
        SellerDocumentStatus.NEEDS_REPLACEMENT,
        "Ảnh bị lóa.",
        operator,
    )
    assert draft_seller.status == SellerStatus.DRAFT


def test_messages_have_an_english_translation(draft_seller, owner):
    from django.utils import translation

    with translation.override("en"), pytest.raises(SellerError) as excinfo:
        send(draft_seller, owner, files.PHP_SHELL, "anh.jpg")
    assert excinfo.value.message == "Only PDF files or JPEG, PNG, WebP images are accepted."
