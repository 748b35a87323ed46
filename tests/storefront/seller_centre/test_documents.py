"""Documents through the pages: camera upload, refusals in Vietnamese beside
the field, and the private download (members and operators only)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from marketplace.seller.models import SellerDocument
from tests.factories import SellerMemberFactory, UserFactory
from tests.marketplace.seller import files
from tests.storefront.seller_centre.conftest import client_for, field_errors, flash

pytestmark = pytest.mark.django_db
DOCUMENTS = "/kenh-nguoi-ban/giay-to/"
NEXT_YEAR = (timezone.localdate() + datetime.timedelta(days=365)).isoformat()


def send(client, kind: str, content: bytes, name: str, expires_on: str = ""):
    return client.post(
        DOCUMENTS,
        {"kind": kind, f"{kind}-file": files.upload(content, name, "image/jpeg"), f"{kind}-expires_on": expires_on},
    )


def test_the_page_opens_the_phone_camera_for_each_document(draft_seller, farmer):
    page = client_for(farmer).get(DOCUMENTS).content.decode()

    assert page.count('accept="image/*,application/pdf" capture="environment"') == 4  # 2 required + 2 optional
    assert 'id="citizen_id"' in page and 'id="household_registration"' in page
    assert 'type="date"' in page


def test_an_uploaded_photo_waits_for_review_and_can_be_viewed(draft_seller, farmer):
    client = client_for(farmer)

    response = send(client, "citizen_id", files.png_bytes(), "cccd.jpg", NEXT_YEAR)

    assert response.status_code == 302 and response["Location"] == f"{DOCUMENTS}#citizen_id"
    document = SellerDocument.objects.get(seller=draft_seller, kind="citizen_id")
    page = client.get(DOCUMENTS).content.decode()
    assert "Đã tải lên: Căn cước công dân của người đại diện. Giấy tờ đang chờ kiểm tra." in flash(page)
    assert '<span class="pill pending">Chờ kiểm tra</span>' in page
    assert f'href="/kenh-nguoi-ban/tai-lieu/{document.pk}/"' in page
    assert "Gửi bản thay thế" in page


@pytest.mark.parametrize(
    "content, name, message",
    [
        (files.PHP_SHELL, "anh-cccd.jpg", "Chỉ nhận tệp PDF hoặc ảnh JPEG, PNG, WebP."),
        (
            files.pdf_with_open_action_javascript(),
            "giay-to.pdf",
            "Tệp PDF chứa mã lệnh, tệp đính kèm hoặc thao tác tự động nên không được nhận.",
        ),
        (files.png_bomb(), "bom.png", "Ảnh có kích thước quá lớn (quá nhiều điểm ảnh)."),
    ],
    ids=["php named jpg", "pdf with javascript", "decompression bomb"],
)
def test_hostile_files_are_refused_beside_the_field(draft_seller, farmer, content, name, message):
    page = send(client_for(farmer), "citizen_id", content, name).content.decode()

    assert field_errors(page, "citizen_id-file") == [message]
    assert not SellerDocument.objects.exists()
    assert not [path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()]


def test_an_oversized_file_is_refused(draft_seller, farmer, settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 1024 * 1024

    page = send(client_for(farmer), "citizen_id", b"\xff" * (1024 * 1024 + 1), "to.jpg").content.decode()

    assert field_errors(page, "citizen_id-file") == ["Tệp quá lớn (tối đa 1 MB)."]
    assert not SellerDocument.objects.exists()


def test_a_certificate_needs_a_valid_expiry_date(draft_seller, farmer):
    client = client_for(farmer)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    missing = send(client, "ocop_certificate", files.png_bytes(), "ocop.png").content.decode()
    expired = send(client, "ocop_certificate", files.png_bytes(), "ocop.png", yesterday).content.decode()
    garbled = send(client, "ocop_certificate", files.png_bytes(), "ocop.png", "31/02/2030").content.decode()

    assert field_errors(missing, "ocop_certificate-expires_on") == ["Vui lòng nhập ngày hết hạn của giấy chứng nhận."]
    assert field_errors(expired, "ocop_certificate-expires_on") == [
        "Giấy tờ đã hết hạn, vui lòng gửi bản còn hiệu lực."
    ]
    assert field_errors(garbled, "ocop_certificate-expires_on") == ["Ngày không hợp lệ (ngày/tháng/năm)."]
    assert not SellerDocument.objects.exists()


def test_documents_are_locked_while_under_review(seller_in_review, farmer):
    client = client_for(farmer)
    page = client.get(DOCUMENTS).content.decode()
    assert "Hồ sơ đang được xét duyệt nên tạm thời không thay đổi giấy tờ được." in page
    assert 'type="file"' not in page

    page = send(client, "citizen_id", files.png_bytes(), "cccd.png").content.decode()

    assert "Không thể thay đổi giấy tờ ở trạng thái hiện tại." in page
    assert SellerDocument.objects.filter(seller=seller_in_review).count() == 2  # the two from before


def test_the_download_is_private_inline_and_never_sniffed(ready_seller, farmer):
    document = SellerDocument.objects.filter(seller=ready_seller).first()

    response = client_for(farmer).get(f"/kenh-nguoi-ban/tai-lieu/{document.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(document.file.path).read_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'inline; filename="{document.original_filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # the operators' page shows it in a frame
    path = Path(document.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def test_only_members_and_operators_download_a_document(
    ready_seller, farmer, operator, shopper, seller_b, owner_b, client
):
    document = SellerDocument.objects.filter(seller=ready_seller).first()
    url = f"/kenh-nguoi-ban/tai-lieu/{document.pk}/"
    staff = UserFactory(email="nv@example.vn")
    SellerMemberFactory(seller=ready_seller, user=staff, role="staff")

    assert client_for(staff).get(url).status_code == 200
    assert client_for(operator).get(url).status_code == 200
    assert client_for(owner_b).get(url).status_code == 404
    assert client_for(shopper).get(url).status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/dang-nhap/?next=")
    # Nor is it anywhere under the public media address.
    relative = document.file.name
    assert client.get(f"{settings.MEDIA_URL}{relative}").status_code == 404
    assert client_for(farmer).get(f"/kenh-nguoi-ban/tai-lieu/{document.pk + 1000}/").status_code == 404
