"""The packing slip of one sub-order: an A5 page (more when the parcel has
many lines) the seller prints and puts in or on the parcel.

It shows the shop (name, address, phone), the sub-order's number in large
type and as a QR code (a phone scans it to open the order), where the parcel
goes (only what ``seller_order_buyer_view`` lets a seller see), the lines
(name, variant, SKU, quantity: no prices, the slip travels with the goods),
the cash the courier must collect for a cash-on-delivery order, and the
buyer's note. Text is DejaVu Sans embedded as a subset (the label font of
``traceability.labels``): the PDF base fonts have no Vietnamese letters.

Reads only; the caller fetched ``seller_order`` through a permission fetcher.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from marketplace.core.money import Money, format_money
from marketplace.order.models import OrderLine, SellerOrder
from marketplace.order.selectors import BuyerView, seller_order_buyer_view
from marketplace.seller.models import Seller
from traceability.labels.fonts import register_label_font
from traceability.labels.qr import QUIET_ZONE_MODULES, qr_matrix

COD_GATEWAY = "cod"  # payments.gateways.cod.CashOnDelivery.id (the order area does not import payments)
MARGIN = 9 * mm
QR_SIZE = 28 * mm


@dataclass(frozen=True)
class PackingSlip:
    """Everything printed on the slip, already in words."""

    number: str
    order_number: str
    placed_on: str
    shipping_method: str
    shop_name: str
    shop_lines: list[str]
    buyer: BuyerView
    lines: list[OrderLine]
    cod_amount: str  # "" when nothing is collected at the door


def packing_slip_of(seller_order: SellerOrder) -> PackingSlip:
    """The slip's content for ``seller_order`` (loaded with ``order`` and
    ``seller``): three queries (the seller's place, the buyer view's two)."""
    seller = Seller.objects.select_related("province", "commune").get(pk=seller_order.seller_id)
    buyer = seller_order_buyer_view(seller_order)
    order = seller_order.order
    is_cod = order.payment_gateway == COD_GATEWAY
    placed = timezone.localtime(seller_order.created_at)
    return PackingSlip(
        number=seller_order.number,
        order_number=order.number,
        placed_on=placed.strftime("%d/%m/%Y %H:%M"),
        shipping_method=seller_order.shipping_method_name,
        shop_name=seller.name,
        shop_lines=_shop_lines(seller),
        buyer=buyer,
        lines=buyer.lines,
        cod_amount=format_money(Money(seller_order.total_amount, seller_order.currency), "vi") if is_cod else "",
    )


def _shop_lines(seller: Seller) -> list[str]:
    commune = seller.commune.name if seller.commune else ""
    province = seller.province.full_name if seller.province else ""
    address = ", ".join(part for part in (seller.street_address, commune, province) if part)
    return [line for line in (address, seller.phone) if line]


def render_packing_slip(seller_order: SellerOrder) -> bytes:
    """The slip of ``seller_order`` as PDF bytes. Raises
    ``traceability.labels.errors.LabelFontMissing`` without DejaVu Sans."""
    return render_slip_pdf(packing_slip_of(seller_order))


# --- drawing ------------------------------------------------------------------------


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=9, leading=11.5)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#444444")),
        "title": ParagraphStyle("title", parent=base, fontSize=10, leading=13, textColor=colors.HexColor("#444444")),
        "number": ParagraphStyle("number", parent=base, fontSize=16, leading=20),
        "heading": ParagraphStyle("heading", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#555555")),
        "name": ParagraphStyle("name", parent=base, fontSize=11, leading=14),
        "cod": ParagraphStyle("cod", parent=base, fontSize=13, leading=17),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class QrCode(Flowable):
    """The QR symbol of ``data`` (error correction M), drawn as vector
    rectangles with its quiet zone, ``size`` points wide."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.matrix = qr_matrix(data)
        self.width = self.height = size

    def draw(self) -> None:
        modules = self.matrix.size + 2 * QUIET_ZONE_MODULES
        module = self.width / modules
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.black)
        top = self.height - QUIET_ZONE_MODULES * module
        for row, col, length in self.matrix.runs():
            x = (QUIET_ZONE_MODULES + col) * module
            y = top - (row + 1) * module
            canvas.rect(x, y, length * module, module, stroke=0, fill=1)
        canvas.restoreState()


def _lines_table(slip: PackingSlip, styles: dict[str, ParagraphStyle], width: float) -> Table:
    cell = styles["cell"]
    rows = [[_p(text, styles["heading"]) for text in ("#", "Sản phẩm", "Phân loại", "SKU", "SL")]]
    for index, line in enumerate(slip.lines, start=1):
        rows.append(
            [
                _p(str(index), cell),
                _p(line.product_name, cell),
                _p(line.variant_name or "—", cell),
                _p(line.product_sku or "—", cell),
                _p(str(line.quantity), styles["name"]),
            ]
        )
    widths = [7 * mm, None, 26 * mm, 24 * mm, 11 * mm]
    fixed = sum(w for w in widths if w is not None)
    widths[1] = width - fixed
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#999999")),
                ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _boxed(content: list, width: float, *, thick: bool = False) -> Table:
    table = Table([[content]], colWidths=[width])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.4 if thick else 0.6, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _story(slip: PackingSlip, font: str, width: float) -> list:
    styles = _styles(font)
    buyer = slip.buyer
    head = [
        _p("PHIẾU ĐÓNG GÓI", styles["title"]),
        _p(slip.number, styles["number"]),
        _p(f"Đơn hàng {slip.order_number} · đặt lúc {slip.placed_on}", styles["small"]),
    ]
    if slip.shipping_method:
        head.append(_p(f"Vận chuyển: {slip.shipping_method}", styles["small"]))
    head += [Spacer(1, 2 * mm), _p("Người gửi", styles["heading"]), _p(slip.shop_name, styles["name"])]
    head += [_p(line, styles["small"]) for line in slip.shop_lines]
    header = Table([[head, QrCode(slip.number, QR_SIZE)]], colWidths=[width - QR_SIZE - 2 * mm, QR_SIZE + 2 * mm])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))

    ship_to = [_p("Người nhận", styles["heading"])]
    if buyer.recipient_name:
        ship_to.append(_p(buyer.recipient_name, styles["name"]))
    if buyer.phone_national:
        ship_to.append(_p(f"Điện thoại: {buyer.phone_national}", styles["base"]))
    for part in (buyer.street_address, f"{buyer.commune_name}, {buyer.province_name}".strip(", ")):
        if part:
            ship_to.append(_p(part, styles["base"]))

    if slip.cod_amount:
        payment = [_p(f"Thu hộ (COD): {slip.cod_amount}", styles["cod"])]
    else:
        payment = [_p("Đã thanh toán trực tuyến: không thu tiền khi giao.", styles["base"])]

    total_units = sum(line.quantity for line in slip.lines)
    story = [
        header,
        Spacer(1, 2 * mm),
        _boxed(ship_to, width),
        Spacer(1, 2 * mm),
        _boxed(payment, width, thick=bool(slip.cod_amount)),
        Spacer(1, 3 * mm),
        _lines_table(slip, styles, width),
        Spacer(1, 1.5 * mm),
        _p(f"Tổng số lượng: {total_units}", styles["base"]),
    ]
    if buyer.customer_note:
        note = [_p("Ghi chú của người mua", styles["heading"]), _p(buyer.customer_note, styles["base"])]
        story += [Spacer(1, 2 * mm), KeepTogether(note)]
    return story


def render_slip_pdf(slip: PackingSlip) -> bytes:
    """Lay ``slip`` out on A5 pages (the lines' table continues on the next
    page, its header repeated) and return the PDF."""
    font = register_label_font()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A5,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 3 * mm,
        title=f"Phiếu đóng gói {slip.number}",
        author="Chợ OCOP",
        creator="Chợ OCOP",
    )

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.drawString(MARGIN, MARGIN, f"{slip.number} · trang {doc.page}")
        canvas.drawRightString(A5[0] - MARGIN, MARGIN, "Chợ OCOP")
        canvas.restoreState()

    document.build(_story(slip, font, document.width), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
