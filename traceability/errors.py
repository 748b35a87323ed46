"""The one error type of the traceability area, its stable codes and their
Vietnamese messages (English through gettext), in one place.

Every traceability service raises ``TraceError`` and changes nothing when it
does. The GraphQL layer maps ``code`` to its ``TraceErrorCode`` enum; pages
show ``message``. ``details`` carries machine-readable extras (for example
``{"serials": [...]}`` for the stamps that blocked a transition).

Codes:

- ``NOT_FOUND``: no such batch/stamp/job/variant/producer/certificate *for this
  user or seller* (also when it exists but belongs to someone else);
- ``REQUIRED``, ``INVALID``: input (``field`` names it);
- ``INVALID_GTIN``: not a GTIN-8/12/13/14 with a valid check digit (the
  message gives the reason), or a number in GS1's restricted range that we
  reserve for internal identifiers;
- ``UNIQUE``: the GTIN belongs to another variant, or the lot code is already
  used for this variant;
- ``GTIN_IN_USE``: the variant's stamps are already printed with its current
  identifier, so it can no longer change;
- ``INVALID_LOT_CODE``: not 1–20 characters of GS1's character set 82;
- ``INVALID_DATES``: harvest end before start, expiry before production, a date
  in the future where that cannot be;
- ``INVALID_QUANTITY``, ``INVALID_UNIT``: a batch's quantity or unit;
- ``NOT_A_COOPERATIVE``: member producers are for cooperatives only;
- ``INVALID_COUNT``: a stamp request outside 1–100,000;
- ``INVALID_TRANSITION``: the stamp or batch lifecycle does not allow this step
  from the current status (``details["serials"]`` lists up to 20 stamps);
- ``TRADE_ITEM_MISMATCH``: stamps of another product or lot than the batch;
- ``BATCH_RECALLED``: the batch is recalled; nothing more may happen to it;
- ``REASON_REQUIRED``: voiding or recalling needs a reason;
- ``INVALID_EVENT``: a supply-chain event that does not validate against
  GS1's EPCIS 2.0 schema (``details["errors"]`` has the schema's words);
- ``INVALID_DIGITAL_LINK``: raised by ``traceability.gs1`` for a bad URI.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError

MESSAGES: dict[str, Promise] = {
    "NOT_FOUND": _("Không tìm thấy."),
    "REQUIRED": _("Vui lòng nhập thông tin này."),
    "INVALID": _("Giá trị không hợp lệ."),
    "INVALID_GTIN": _("Mã GTIN không hợp lệ."),
    "UNIQUE": _("Giá trị này đã được dùng."),
    "GTIN_IN_USE": _("Tem của sản phẩm này đã được in với mã hiện tại nên không thể đổi mã."),
    "INVALID_LOT_CODE": _("Mã lô phải có từ 1 đến 20 ký tự: chữ không dấu, số và các dấu - . / _."),
    "INVALID_DATES": _("Ngày tháng không hợp lệ."),
    "INVALID_QUANTITY": _("Số lượng phải là số không âm."),
    "INVALID_UNIT": _("Đơn vị tính không hợp lệ."),
    "NOT_A_COOPERATIVE": _("Chỉ hợp tác xã mới ghi nhận được thành viên sản xuất."),
    "INVALID_COUNT": _("Số tem mỗi lần tạo phải từ 1 đến 100.000."),
    "INVALID_TRANSITION": _("Không thể thực hiện thao tác này ở trạng thái hiện tại."),
    "TRADE_ITEM_MISMATCH": _("Tem không thuộc sản phẩm hoặc lô hàng này."),
    "BATCH_RECALLED": _("Lô hàng đã bị thu hồi."),
    "REASON_REQUIRED": _("Vui lòng nhập lý do."),
    "INVALID_EVENT": _("Sự kiện truy xuất không hợp lệ theo chuẩn EPCIS 2.0."),
}


class TraceError(DomainError):
    """A traceability rule said no; nothing was changed.

    ``message`` defaults to the code's Vietnamese message from ``MESSAGES``."""

    def __init__(
        self,
        code: str,
        message: str | Promise = "",
        *,
        field: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(code, str(message or MESSAGES.get(code, code)), field=field)
        self.details = details or {}
