"""Demo traceability: batches with recorded supply-chain events and printed,
activated stamps for several cooperatives' and households' products, and one
recalled batch, so that ``make run`` shows real verification pages.

Everything goes through ``traceability.services`` acting as the system
(``actor=None``). Loading is idempotent: a batch is found by its variant and
lot code, and a batch that exists is left untouched. Dates come from
generators seeded by the product's slug; serials are random (as in real
life), so the verification URLs differ between databases: ``populatedb``
prints two of them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from marketplace.demo.entries import rng_for
from marketplace.product.models import Product, ProductVariant
from traceability import services as trace
from traceability.epcis import VIETNAM_TIME
from traceability.gs1.gtin import with_check_digit
from traceability.models import Batch, BatchUnit, EventKind, Stamp, StampStatus
from traceability.selectors import stamp_uri
from traceability.stamps import generate_stamps

# (seller slug, lot prefix, unit, farm/plot, applied standards)
TRACED_SELLERS: tuple[tuple[str, str, str, str, str], ...] = (
    ("ho-san-xuat-che-thanh-tam", "TC", BatchUnit.KG, "Đồi chè Nam Đồng, lô 2", "VietGAP; TCVN 3218:2012"),
    ("htx-duoc-lieu-ba-che", "BC", BatchUnit.KG, "Rừng trà hoa vàng thôn Pắc Chăn", "Dược liệu GACP-WHO"),
    ("htx-nuoc-mam-phuoc-hai", "PH", BatchUnit.LITRE, "Nhà thùng số 4, ấp Hải Tân", "TCVN 5107:2018"),
    ("htx-nong-nghiep-xuan-huong", "XH", BatchUnit.KG, "Vườn atiso Trại Mát", "VietGAP"),
    ("htx-dieu-bu-dang", "BD", BatchUnit.KG, "Vườn điều hữu cơ thôn 4", "TCVN 11041-2:2017 (hữu cơ)"),
)
# The seller whose second batch is recalled.
RECALLED_SELLER = "htx-mat-ong-dong-van"
RECALL_REASON = "Kiểm nghiệm định kỳ phát hiện độ ẩm mật ong vượt mức cho phép; thu hồi để kiểm tra lại."
# One variant carries a GTIN-13 of Vietnam's GS1 prefix 893; the others use internal codes.
DEMO_GTIN = with_check_digit("893860412345")
STAMPS_PER_BATCH = 50
RECALLED_STAMPS = 20


@dataclass
class TraceReport:
    batches: int = 0
    stamps: int = 0
    genuine_url: str = ""
    recalled_url: str = ""
    urls: list[str] = field(default_factory=list)


def _first_variant(seller_slug: str) -> ProductVariant | None:
    product = (
        Product.objects.filter(seller__slug=seller_slug, variants__isnull=False).order_by("slug").distinct().first()
    )
    return product.variants.select_related("product").order_by("pk").first() if product else None


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=VIETNAM_TIME)


def _ensure_batch(variant: ProductVariant, lot: str, unit: str, plot: str, standards: str, *, recalled: bool) -> bool:
    """Create the batch with its events and stamps unless it exists; True if created."""
    if Batch.objects.filter(variant=variant, lot_code=lot).exists():
        return False
    seller = variant.product.seller
    rng = rng_for(variant.product.slug, "trace", lot)
    today = timezone.localdate()
    harvested = today - datetime.timedelta(days=rng.randint(20, 60))
    produced = harvested + datetime.timedelta(days=2)
    batch = trace.create_batch(
        seller=seller,
        actor=None,
        variant=variant,
        lot_code=lot,
        harvest_start=harvested,
        harvest_end=harvested + datetime.timedelta(days=1),
        production_date=produced,
        expiry_date=produced + datetime.timedelta(days=rng.choice([180, 365, 540, 720])),
        quantity=rng.choice([120, 250, 400, 800]),
        unit=unit,
        farm_plot=plot,
        applied_standards=standards,
        certificates=list(variant.product.seller.ocop_certificates.filter(revoked=False)[:1]),
    )
    steps = (
        (EventKind.HARVEST, _at(harvested, 6, 30), "Thu hái buổi sáng, phân loại ngay tại vườn."),
        (EventKind.PROCESSING, _at(harvested + datetime.timedelta(days=1), 8), "Sơ chế, làm sạch và chế biến."),
        (EventKind.PACKING, _at(produced, 14, 15), "Đóng gói, dán tem truy xuất từng gói."),
        (EventKind.INSPECTION, _at(produced + datetime.timedelta(days=1), 9, 30), "Kiểm tra cảm quan và nhãn: đạt."),
    )
    for kind, when, note in steps:
        extra = {"passed": True} if kind == EventKind.INSPECTION else {}
        trace.record_event(batch=batch, actor=None, kind=kind, when=when, note=note, **extra)
    count = RECALLED_STAMPS if recalled else STAMPS_PER_BATCH
    job = trace.request_stamps(seller=seller, actor=None, variant=variant, count=count, batch=batch)
    generate_stamps(job_id=job.pk)  # here and now: the demo is loaded in one go
    trace.claim_stamps_for_printing(seller=seller, actor=None, count=count, job=job)
    trace.activate_stamps(seller=seller, actor=None, batch=batch, job=job)
    if recalled:
        trace.recall_batch(batch=batch, actor=None, reason=RECALL_REASON)
    return True


def _first_stamp_url(variant: ProductVariant, lot: str) -> str:
    stamp = (
        Stamp.objects.filter(batch__variant=variant, batch__lot_code=lot, status=StampStatus.ACTIVATED)
        .select_related("trade_item")
        .order_by("pk")
        .first()
    )
    return stamp_uri(stamp) if stamp else ""


def load_demo_traceability() -> TraceReport:
    """Batches, events and stamps for the demo sellers that have products."""
    report = TraceReport()
    year = timezone.localdate().year
    gtin_given = False
    for slug, prefix, unit, plot, standards in TRACED_SELLERS:
        variant = _first_variant(slug)
        if variant is None:
            continue
        if not gtin_given:
            trace.set_variant_gtin(variant=variant, actor=None, gtin=DEMO_GTIN)
            gtin_given = True
        lot = f"{prefix}-{year}-01"
        if _ensure_batch(variant, lot, unit, plot, standards, recalled=False):
            report.batches += 1
            report.stamps += STAMPS_PER_BATCH
        url = _first_stamp_url(variant, lot)
        report.urls.append(url)
        report.genuine_url = report.genuine_url or url
    variant = _first_variant(RECALLED_SELLER)
    if variant is not None:
        lot = f"DV-{year}-02"
        plot = "Đàn ong thôn Sảng Pả"
        if _ensure_batch(variant, lot, BatchUnit.LITRE, plot, "TCVN 12605:2019", recalled=True):
            report.batches += 1
            report.stamps += RECALLED_STAMPS
        report.recalled_url = _first_stamp_url(variant, lot)
    return report
