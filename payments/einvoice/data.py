"""An invoice's content as Decree 123/2020/NĐ-CP (Article 10) asks for it,
independent of any provider: the seller (name, address, tax code), the
buyer (name, address, tax code if a business), each line (name, unit,
quantity, unit price, amount before tax, VAT rate and amount), the totals
before tax, of VAT (per rate and overall) and to pay, in figures and words,
the currency and how it was paid. The invoice's own number, series and
signature come from the provider when it issues it; ``reference`` (the
sub-order number) is the key that makes issuing idempotent."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "cho-ocop/einvoice/1"


@dataclass(frozen=True)
class Party:
    name: str
    address: str = ""
    tax_code: str = ""  # mã số thuế (MST); empty for a consumer or a household without one
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class InvoiceLine:
    number: int  # STT, from 1
    name: str  # tên hàng hóa, dịch vụ
    unit: str  # đơn vị tính
    quantity: int
    unit_price: int  # đơn giá before tax (rounded; the line amounts are exact)
    amount_before_tax: int  # thành tiền chưa có thuế
    vat_rate: int  # thuế suất, whole percent
    vat_amount: int  # tiền thuế GTGT
    amount: int  # what the shopper paid for the line (VAT included)
    sku: str = ""
    kind: str = "goods"  # goods | shipping


@dataclass(frozen=True)
class VatSummary:
    """The totals of one VAT rate (required when an invoice has several)."""

    rate: int
    amount_before_tax: int
    vat_amount: int
    amount: int


@dataclass(frozen=True)
class Invoice:
    reference: str  # the sub-order number: one invoice per paid sub-order
    order_number: str
    issued_on: datetime.date  # when the sale was paid (booked in the ledger)
    seller: Party
    buyer: Party
    lines: tuple[InvoiceLine, ...]
    currency: str
    payment_method: str  # hình thức thanh toán: "TM" cash, "CK" transfer/card/e-wallet
    payment_method_name: str
    total_before_tax: int
    total_vat: int
    total: int  # tổng tiền thanh toán
    total_in_words: str
    vat_summary: tuple[VatSummary, ...] = field(default=())
    exchange_rate: int = 1

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat()
        data["schema"] = SCHEMA
        return data


@dataclass(frozen=True)
class IssuedInvoice:
    """What a provider returns: its own id of the invoice (or file path)."""

    reference: str
    provider: str
    provider_id: str
    created: bool  # False: it existed already (issuing is idempotent)
