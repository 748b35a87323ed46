"""Traceability data: trade items (GTINs), batches (lots), serialised QR stamps
with their jobs and audit trail, supply-chain events (EPCIS 2.0) and scans.

Rows change only through the services (``traceability.services``); the
invariants that matter are database constraints.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.core.models import TimestampedModel


class TradeItem(TimestampedModel):
    """The GS1 identity of a product variant: its GTIN, stored as 14 digits.

    A variant without a GTIN of its own gets an internal one (``is_internal``):
    a GS1 restricted-circulation number, prefix 29 + the variant id on ten
    digits + check digit, so its Digital Links stay syntactically valid."""

    variant = models.OneToOneField("product.ProductVariant", on_delete=models.CASCADE, related_name="trade_item")
    gtin = models.CharField("GTIN", max_length=14, unique=True)
    is_internal = models.BooleanField(_("mã nội bộ"), default=False)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(gtin__regex=r"^[0-9]{14}$"), name="trade_item_gtin_14")]

    def __str__(self) -> str:
        return self.gtin


class BatchUnit(models.TextChoices):
    """Units a cooperative counts a lot in; ``UNECE_CODES`` gives each one's
    UN/CEFACT Recommendation 20 code for EPCIS quantities."""

    KG = "kg", _("kg")
    G = "g", _("g")
    TONNE = "tan", _("tấn")
    LITRE = "l", _("lít")
    ML = "ml", _("ml")
    BOX = "hop", _("hộp")
    BOTTLE = "chai", _("chai")
    PACKET = "goi", _("gói")
    BAG = "tui", _("túi")
    PIECE = "cai", _("cái")
    FRUIT = "qua", _("quả")
    BUNDLE = "bo", _("bó")
    JAR = "hu", _("hũ")
    CAN = "lon", _("lon")


UNECE_CODES: dict[str, str] = {
    BatchUnit.KG: "KGM",
    BatchUnit.G: "GRM",
    BatchUnit.TONNE: "TNE",
    BatchUnit.LITRE: "LTR",
    BatchUnit.ML: "MLT",
    BatchUnit.BOX: "BX",
    BatchUnit.BOTTLE: "BO",
    BatchUnit.PACKET: "PA",
    BatchUnit.BAG: "BG",
    BatchUnit.PIECE: "H87",
    BatchUnit.FRUIT: "H87",
    BatchUnit.BUNDLE: "BE",
    BatchUnit.JAR: "JR",
    BatchUnit.CAN: "CA",
}


class BatchStatus(models.TextChoices):
    ACTIVE = "active", _("Đang lưu hành")
    RECALLED = "recalled", _("Đã thu hồi")


class Batch(TimestampedModel):
    """A lot of one variant made by one seller: where and when it was grown
    and made, by which member producer, under which standards and certificates.

    Recalling a batch (status ``recalled``) changes the verification answer of
    every stamp bound to it at once: stamps keep their own status."""

    seller = models.ForeignKey("seller.Seller", on_delete=models.CASCADE, related_name="batches")
    variant = models.ForeignKey("product.ProductVariant", on_delete=models.PROTECT, related_name="batches")
    lot_code = models.CharField(_("mã lô"), max_length=20)
    harvest_start = models.DateField(_("ngày thu hoạch"), null=True, blank=True)
    harvest_end = models.DateField(_("ngày kết thúc thu hoạch"), null=True, blank=True)
    production_date = models.DateField(_("ngày sản xuất"), null=True, blank=True)
    expiry_date = models.DateField(_("hạn sử dụng"), null=True, blank=True)
    quantity = models.DecimalField(_("số lượng"), max_digits=14, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("đơn vị tính"), max_length=8, choices=BatchUnit.choices, default=BatchUnit.KG)
    origin_province = models.ForeignKey(
        "geography.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    origin_commune = models.ForeignKey(
        "geography.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    farm_plot = models.CharField(_("thửa, lô, vườn"), max_length=200, blank=True)
    producer = models.ForeignKey(
        "seller.ProducerMember", on_delete=models.PROTECT, null=True, blank=True, related_name="batches"
    )
    applied_standards = models.CharField(_("tiêu chuẩn áp dụng"), max_length=300, blank=True)
    certificates = models.ManyToManyField("product.OcopCertificate", blank=True, related_name="batches")
    notes = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.ACTIVE, db_index=True)
    recall_reason = models.TextField(blank=True)
    recalled_at = models.DateTimeField(null=True, blank=True)
    recalled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "batches"
        constraints = [
            models.UniqueConstraint(fields=["variant", "lot_code"], name="batch_lot_code_unique_per_variant"),
            models.CheckConstraint(
                condition=Q(harvest_end__isnull=True) | Q(harvest_start__lte=F("harvest_end")),
                name="batch_harvest_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True)
                | Q(production_date__isnull=True)
                | Q(production_date__lte=F("expiry_date")),
                name="batch_expiry_after_production",
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=0), name="batch_quantity_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["seller", "-created_at"], name="batch_seller_recent")]

    def __str__(self) -> str:
        return self.lot_code

    @property
    def is_recalled(self) -> bool:
        return self.status == BatchStatus.RECALLED


class StampStatus(models.TextChoices):
    """A stamp's own lifecycle. "Recalled" is not stored: it is read from the
    stamp's batch (see ``Stamp.effective_status``)."""

    GENERATED = "generated", _("Đã tạo")
    PRINTED = "printed", _("Đã in")
    ACTIVATED = "activated", _("Đã kích hoạt")
    VOIDED = "voided", _("Đã hủy")


RECALLED = "recalled"


class StampJobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Lỗi")


class StampJob(models.Model):
    """One request for serialised stamps, generated in the background; ``done``
    grows as chunks are stored so a progress bar can poll it."""

    seller = models.ForeignKey("seller.Seller", on_delete=models.CASCADE, related_name="stamp_jobs")
    trade_item = models.ForeignKey(TradeItem, on_delete=models.PROTECT, related_name="stamp_jobs")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, null=True, blank=True, related_name="stamp_jobs")
    requested = models.PositiveIntegerField()
    done = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=StampJobState.choices, default=StampJobState.QUEUED)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(done__lte=F("requested")), name="stamp_job_done_lte_requested")
        ]

    def __str__(self) -> str:
        return f"#{self.pk}: {self.done}/{self.requested}"

    @property
    def progress(self) -> float:
        """0.0–1.0, for a progress bar."""
        return self.done / self.requested if self.requested else 1.0


class Stamp(models.Model):
    """One serialised QR stamp: a GTIN plus a random 16-character serial.

    ``lot_code`` is the lot printed in the stamp's URI when the stamp was
    generated for a known batch (blank otherwise); ``batch`` is set when the
    stamp is activated at packing. ``suspicious_since`` is set once scans
    look like a copied stamp, so the warning persists."""

    trade_item = models.ForeignKey(TradeItem, on_delete=models.PROTECT, related_name="stamps")
    serial = models.CharField(max_length=20)
    lot_code = models.CharField(max_length=20, blank=True)
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, null=True, blank=True, related_name="stamps")
    job = models.ForeignKey(StampJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="stamps")
    status = models.CharField(max_length=10, choices=StampStatus.choices, default=StampStatus.GENERATED)
    generated_at = models.DateTimeField()
    printed_at = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.TextField(blank=True)
    suspicious_since = models.DateTimeField(null=True, blank=True)
    suspicious_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["trade_item", "serial"], name="stamp_serial_unique_per_gtin"),
            models.CheckConstraint(
                condition=~Q(status=StampStatus.ACTIVATED) | Q(batch__isnull=False), name="stamp_activated_has_batch"
            ),
        ]
        indexes = [
            models.Index(fields=["job", "status"], name="stamp_job_status"),
            models.Index(fields=["trade_item", "status"], name="stamp_trade_item_status"),
            models.Index(fields=["batch", "status"], name="stamp_batch_status"),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def effective_status(self) -> str:
        """The status a shopper is told: ``recalled`` for an activated stamp of
        a recalled batch, else the stored status. Reads ``batch`` (select it)."""
        if self.status == StampStatus.ACTIVATED and self.batch is not None and self.batch.is_recalled:
            return RECALLED
        return self.status


class StampAction(models.TextChoices):
    GENERATE = "generate", _("Tạo tem")
    PRINT = "print", _("In tem")
    ACTIVATE = "activate", _("Kích hoạt")
    VOID = "void", _("Hủy tem")


class StampEvent(models.Model):
    """One step of a stamp's lifecycle: who, when, from, to, why. Bulk-written
    by the stamp services only; never updated or deleted."""

    stamp = models.ForeignKey(Stamp, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=StampAction.choices)
    from_status = models.CharField(max_length=10, choices=StampStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=StampStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    job = models.ForeignKey(StampJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["stamp", "at"], name="stamp_event_stamp_at")]

    def __str__(self) -> str:
        return f"{self.stamp_id}: {self.from_status or '-'} -> {self.to_status}"


class EventKind(models.TextChoices):
    """What a supply-chain event records, with the Vietnamese label the batch
    timeline shows. The EPCIS shape of each is in ``traceability.epcis``."""

    HARVEST = "harvest", _("Thu hoạch")
    PROCESSING = "processing", _("Sơ chế, chế biến")
    PACKING = "packing", _("Đóng gói")
    SHIPPING = "shipping", _("Xuất hàng")
    RECEIVING = "receiving", _("Nhận hàng")
    INSPECTION = "inspection", _("Kiểm tra chất lượng")
    STAMP_PRINTING = "stamp_printing", _("In tem truy xuất")
    STAMP_ACTIVATION = "stamp_activation", _("Kích hoạt tem")
    STAMP_VOID = "stamp_void", _("Hủy tem")
    RECALL = "recall", _("Thu hồi lô hàng")


# Kinds a cooperative records by hand; the others follow from stamp and
# recall services.
PRODUCTION_KINDS = (
    EventKind.HARVEST,
    EventKind.PROCESSING,
    EventKind.PACKING,
    EventKind.SHIPPING,
    EventKind.RECEIVING,
    EventKind.INSPECTION,
)
STAMP_KINDS = (EventKind.STAMP_PRINTING, EventKind.STAMP_ACTIVATION, EventKind.STAMP_VOID)


class EpcisEvent(models.Model):
    """A supply-chain event as GS1 EPCIS 2.0 JSON-LD (``document``, validated
    against GS1's schema before it is stored), plus the columns the batch
    timeline reads without parsing JSON."""

    seller = models.ForeignKey("seller.Seller", on_delete=models.CASCADE, related_name="epcis_events")
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    event_id = models.CharField(max_length=200, unique=True)
    event_type = models.CharField(max_length=32)
    biz_step = models.CharField(max_length=40, blank=True)
    disposition = models.CharField(max_length=40, blank=True)
    event_time = models.DateTimeField()
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    province = models.ForeignKey(
        "geography.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    commune = models.ForeignKey("geography.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(_("ghi chú"), blank=True)
    epc_count = models.PositiveIntegerField(default=0)
    document = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event_time", "pk"]
        indexes = [
            models.Index(fields=["batch", "event_time"], name="epcis_event_batch_time"),
            models.Index(fields=["seller", "-event_time"], name="epcis_event_seller_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.event_time:%Y-%m-%d %H:%M}"


class ScanLog(models.Model):
    """One scan of a stamp (or of a batch code). No personal data: a coarse
    province from the request and a salted hash of the client, never an IP."""

    # Every scan inserts a row, and every index is one more write per scan:
    # the two (owner, time) indexes serve every lookup, so the foreign keys
    # get none of their own (provinces are never deleted, nothing filters by one).
    stamp = models.ForeignKey(
        Stamp, on_delete=models.CASCADE, null=True, blank=True, related_name="scans", db_index=False
    )
    batch = models.ForeignKey(
        Batch, on_delete=models.CASCADE, null=True, blank=True, related_name="code_scans", db_index=False
    )
    scanned_at = models.DateTimeField()
    province = models.ForeignKey(
        "geography.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    device_key = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["scanned_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stamp__isnull=False, batch__isnull=True) | Q(stamp__isnull=True, batch__isnull=False),
                name="scan_log_stamp_xor_batch",
            )
        ]
        indexes = [
            models.Index(fields=["stamp", "scanned_at"], name="scan_log_stamp_time"),
            models.Index(fields=["batch", "scanned_at"], name="scan_log_batch_time"),
        ]
