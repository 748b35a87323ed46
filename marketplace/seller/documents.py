"""Seller documents: upload (checked by content), replacement with history,
and an operator's verdict on one document."""

from __future__ import annotations

import datetime
import os
import secrets
from typing import IO

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.account.models import User
from marketplace.core.images import ALLOWED_IMAGE_MIME_TYPES, InvalidImage, validate_image
from marketplace.seller.errors import SellerError
from marketplace.seller.models import Seller, SellerDocument, SellerDocumentKind, SellerDocumentStatus
from marketplace.seller.onboarding import EDITABLE_STATUSES, lock_seller
from marketplace.seller.pdf import inspect_pdf
from marketplace.seller.permissions import require_member, require_operator

PDF_MIME = "application/pdf"
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", PDF_MIME: "pdf"}
# Certificates are only worth something while valid: their expiry is required.
EXPIRY_REQUIRED_KINDS = frozenset({SellerDocumentKind.OCOP_CERTIFICATE, SellerDocumentKind.FOOD_SAFETY_CERTIFICATE})

_PDF_MESSAGES = {
    "UNSAFE_PDF": gettext_lazy("Tệp PDF chứa mã lệnh, tệp đính kèm hoặc thao tác tự động nên không được nhận."),
    "ENCRYPTED_PDF": gettext_lazy("Tệp PDF có mật khẩu hoặc bị mã hóa; vui lòng gửi bản không khóa."),
    "INVALID_PDF": gettext_lazy("Tệp PDF bị lỗi hoặc không đọc được."),
    "DECOMPRESSION_BOMB": gettext_lazy("Tệp PDF có nội dung nén bất thường nên không được nhận."),
}


def _unsupported() -> SellerError:
    return SellerError("UNSUPPORTED_FILE_TYPE", _("Chỉ nhận tệp PDF hoặc ảnh JPEG, PNG, WebP."), field="file")


def validate_document_file(upload: IO[bytes]) -> tuple[bytes, str]:
    """Read and check an uploaded document by its content (never its name).

    Returns ``(content, mime type)``. Raises ``SellerError`` with
    ``FILE_TOO_LARGE``, ``EMPTY_FILE``, ``UNSUPPORTED_FILE_TYPE``,
    ``IMAGE_TOO_LARGE`` (a decompression bomb image), ``INVALID_IMAGE``,
    ``INVALID_PDF``, ``UNSAFE_PDF``, ``ENCRYPTED_PDF`` or ``DECOMPRESSION_BOMB``.
    """
    limit = settings.MAX_DOCUMENT_UPLOAD_BYTES
    upload.seek(0, os.SEEK_END)
    size = upload.tell()
    upload.seek(0)
    if size > limit:
        raise SellerError(
            "FILE_TOO_LARGE", _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": limit // (1024 * 1024)}, field="file"
        )
    if size == 0:
        raise SellerError("EMPTY_FILE", _("Tệp trống."), field="file")
    content = upload.read()
    upload.seek(0)
    kind = filetype.guess(content[:261])
    mime = kind.mime if kind else ""
    if mime in ALLOWED_IMAGE_MIME_TYPES:
        try:
            validate_image(ContentFile(content), field="file")
        except InvalidImage as exc:
            raise SellerError(exc.code, exc.message, field="file") from exc
        return content, mime
    if mime == PDF_MIME:
        problem = inspect_pdf(content)
        if problem is not None:
            raise SellerError(problem.code, str(_PDF_MESSAGES[problem.code]), field="file")
        return content, mime
    raise _unsupported()


def upload_seller_document(
    *,
    seller: Seller,
    actor: User,
    kind: str,
    upload: IO[bytes],
    expires_on: datetime.date | None = None,
    filename: str | None = None,
) -> SellerDocument:
    """Store a document for ``seller`` (any member), replacing the current one
    of the same ``kind``; the replaced one stays in the history
    (``is_current=False``, ``replaced_by`` set). The new one waits for review.

    Refused in submitted/in review/rejected status (``NOT_EDITABLE``), for an
    unknown kind (``INVALID``), an expiry date in the past
    (``DOCUMENT_EXPIRED``) or missing on a certificate (``EXPIRY_REQUIRED``),
    and for any problem ``validate_document_file`` finds. Nothing is stored then.
    """
    if kind not in SellerDocumentKind.values:
        raise SellerError("INVALID", _("Loại giấy tờ không hợp lệ."), field="kind")
    if expires_on is None and kind in EXPIRY_REQUIRED_KINDS:
        raise SellerError("EXPIRY_REQUIRED", _("Vui lòng nhập ngày hết hạn của giấy chứng nhận."), field="expires_on")
    if expires_on is not None and expires_on < timezone.localdate():
        raise SellerError(
            "DOCUMENT_EXPIRED", _("Giấy tờ đã hết hạn, vui lòng gửi bản còn hiệu lực."), field="expires_on"
        )
    original_name = os.path.basename((filename or getattr(upload, "name", "") or "").replace("\\", "/"))[:255]
    with transaction.atomic():
        locked = lock_seller(seller)
        require_member(user=actor, seller=locked)
        if locked.status not in EDITABLE_STATUSES:
            raise SellerError("NOT_EDITABLE", _("Không thể thay đổi giấy tờ ở trạng thái hiện tại."))
        content, mime = validate_document_file(upload)
        previous = list(SellerDocument.objects.select_for_update().filter(seller=locked, kind=kind, is_current=True))
        for old in previous:
            old.is_current = False
            old.save(update_fields=["is_current"])
        document = SellerDocument(
            seller=locked,
            kind=kind,
            original_filename=original_name,
            content_type=mime,
            size=len(content),
            expires_on=expires_on,
            uploaded_by=actor,
        )
        stored_name = f"{kind}-{secrets.token_hex(8)}.{EXTENSIONS[mime]}"
        document.file.save(stored_name, ContentFile(content), save=False)
        try:
            document.save()
            for old in previous:
                old.replaced_by = document
                old.save(update_fields=["replaced_by"])
        except Exception:
            document.file.delete(save=False)
            raise
    return document


def review_document(*, document: SellerDocument, actor: User, accepted: bool, note: str = "") -> SellerDocument:
    """An operator marks one current document accepted, or needing replacement
    (``note`` required then, shown to the seller). Raises ``PERMISSION_DENIED``,
    ``INVALID`` (a replaced document) or ``REASON_REQUIRED``."""
    note = (note or "").strip()
    with transaction.atomic():
        locked_seller = lock_seller(document.seller)
        require_operator(user=actor, seller=locked_seller)
        locked = SellerDocument.objects.select_for_update().get(pk=document.pk)
        if not locked.is_current:
            raise SellerError("INVALID", _("Giấy tờ này đã được thay bằng bản mới."))
        if not accepted and not note:
            raise SellerError("REASON_REQUIRED", _("Vui lòng ghi rõ lý do cần thay giấy tờ."), field="note")
        locked.status = SellerDocumentStatus.ACCEPTED if accepted else SellerDocumentStatus.NEEDS_REPLACEMENT
        locked.review_note = note
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    return locked
