"""``python manage.py print_labels BATCH --format L7651 --count N --output labels.pdf``

Claims N stamps of the batch that are still GENERATED (they move to PRINTED,
so no serial is ever printed twice) and renders them as a print-ready PDF on
an A4 sheet or thermal roll format, or as ZPL for a Zebra printer
(``--format zpl-50x30-203``), with a progress bar.

BATCH is a batch id or a lot code (``--seller`` picks the seller when several
share the lot code). Run from the server it acts as the system; ``--user``
acts as a member of the batch's seller, with that member's permissions.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from marketplace.account.models import User
from marketplace.core.errors import DomainError
from marketplace.seller.models import Seller
from traceability.labels import FORMATS, LabelFormat, LabelItem, get_format, layout_label, render_pdf, render_zpl
from traceability.labels.qr import DataTooLong, qr_matrix
from traceability.models import Batch
from traceability.permissions import get_batch_by_lot_for_user, get_batch_for_user
from traceability.selectors import batch_code_uri, stamp_label_rows
from traceability.stamps import claim_stamps_for_printing

FORMAT_CHOICES = [*FORMATS, *(f"zpl-{code}" for code, f in FORMATS.items() if f.is_thermal)]
SAMPLE_SERIAL = "W" * 16  # the widest Crockford serial: a stand-in for the pre-flight check


class Command(BaseCommand):
    help = "Print traceability stamps of a batch as a PDF label sheet or ZPL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch", help="batch id or lot code")
        parser.add_argument("--format", dest="label_format", required=True, choices=FORMAT_CHOICES)
        parser.add_argument("--count", type=int, required=True, help="how many stamps to print")
        parser.add_argument("--output", required=True, help="file to write (PDF, or ZPL for zpl-* formats)")
        parser.add_argument("--seller", help="seller id or slug, when several sellers use the lot code")
        parser.add_argument("--user", help="act as this seller member (e-mail) instead of the system")

    def handle(self, *args: object, **options: object) -> None:
        code = str(options["label_format"])
        zpl = code.startswith("zpl-")
        fmt = get_format(code)
        count = int(options["count"])
        if count < 1:
            raise CommandError("--count must be at least 1")
        output = Path(str(options["output"]))
        try:
            user = _user(options.get("user"))
            batch = find_batch(str(options["batch"]), seller=options.get("seller"), user=user)
            preflight(batch, fmt)
            claimed, items = claim_label_items(batch, count=count, user=user)
        except DomainError as error:
            raise CommandError(error.message) from error
        if not claimed:
            raise CommandError(f"Lô {batch.lot_code} không còn tem nào chưa in: hãy tạo thêm tem trước.")
        if claimed < count:
            self.stderr.write(f"Chỉ còn {claimed} tem chưa in của lô {batch.lot_code}; in {claimed} tem.")

        with tqdm(total=claimed, unit="tem", desc=f"{batch.lot_code} → {fmt.code}", file=self.stderr) as bar:

            def progress(done: int) -> None:
                bar.update(done - bar.n)

            written = _write_atomically(output, items, fmt, zpl=zpl, progress=progress)
        self.stdout.write(f"{written} tem → {output}")


# --- data: the one place this command reads and changes the database -------------


def find_batch(reference: str, *, seller: object = None, user: User | None = None) -> Batch:
    """The batch named by id or lot code: as ``user`` (permission-checked
    fetchers) when given, else as the system. Raises ``CommandError``/``DomainError``."""
    seller_id = _seller_id(seller) if seller else None
    if user is not None:
        if reference.isdigit():
            return get_batch_for_user(user=user, batch_id=reference)
        return get_batch_by_lot_for_user(user=user, lot_code=reference, seller_id=seller_id)
    batches = Batch.objects.select_related("seller", "variant__product", "variant__trade_item")
    if seller_id is not None:
        batches = batches.filter(seller_id=seller_id)
    if reference.isdigit() and (found := batches.filter(pk=int(reference)).first()):
        return found
    matches = list(batches.filter(lot_code=reference.strip()).order_by("-created_at", "-pk")[:2])
    if not matches:
        raise CommandError(f"Không tìm thấy lô hàng {reference!r}.")
    if len(matches) > 1 and seller_id is None:
        raise CommandError(f"Nhiều cơ sở có lô {reference!r}: chọn một bằng --seller.")
    return matches[0]


def preflight(batch: Batch, fmt: LabelFormat) -> None:
    """Refuse before any stamp is claimed when the batch's URIs cannot make a
    readable code on this stock (``LabelDoesNotFit``)."""
    uri = f"{batch_code_uri(batch)}/21/{SAMPLE_SERIAL}"
    try:
        layout_label(fmt, qr_matrix(uri).size, SAMPLE_SERIAL, batch.variant.product.name)
    except DataTooLong as error:
        raise CommandError(str(error)) from error


def claim_label_items(batch: Batch, *, count: int, user: User | None) -> tuple[int, Iterator[LabelItem]]:
    """Claim up to ``count`` GENERATED stamps of the batch (they are PRINTED
    from now on) and return how many, with what their labels show in stamp order."""
    stamps = claim_stamps_for_printing(seller=batch.seller, actor=user, count=count, batch=batch)
    rows = stamp_label_rows(stamps)
    return len(stamps), (LabelItem(row.uri, row.serial, row.product_name) for row in rows)


def _user(email: object) -> User | None:
    if not email:
        return None
    user = User.objects.filter(email__iexact=str(email)).first()
    if user is None:
        raise CommandError(f"Không có tài khoản {email}.")
    return user


def _seller_id(seller: object) -> int:
    text = str(seller)
    found = Seller.objects.filter(pk=int(text)).first() if text.isdigit() else Seller.objects.filter(slug=text).first()
    if found is None:
        raise CommandError(f"Không tìm thấy cơ sở {text!r}.")
    return found.pk


# --- output -------------------------------------------------------------------------


def _write_atomically(
    output: Path, items: Iterator[LabelItem], fmt: LabelFormat, *, zpl: bool, progress: Callable[[int], None]
) -> int:
    """Render to a temporary file beside ``output`` and move it into place, so
    a failed run never leaves half a label file."""
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".labels-", dir=output.parent)
    os.close(handle)
    try:
        written = (render_zpl if zpl else render_pdf)(items, fmt, temporary, progress)
        os.replace(temporary, output)
        return written
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
