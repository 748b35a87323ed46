"""``manage.py print_labels``: a cooperative's batch printed from the command
line; the stamps it prints are claimed, never printed twice, and scan back."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from tests.traceability.labels.helpers import read_pdf
from traceability.models import Stamp, StampStatus
from traceability.selectors import stamp_uri

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("print_labels", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_printing_a_batch_by_lot_code_claims_the_stamps_and_every_code_scans(
    tmp_path, seller, owner, variant, batch, generate
):
    generate(seller, owner, variant, 30, batch=batch)
    target = tmp_path / "labels.pdf"

    out, err = run(batch.lot_code, "--format", "L7651", "--count", "25", "--output", str(target))

    printed = list(Stamp.objects.filter(status=StampStatus.PRINTED).select_related("trade_item").order_by("pk"))
    assert len(printed) == 25
    assert Stamp.objects.filter(status=StampStatus.GENERATED).count() == 5
    page = read_pdf(target.read_bytes())[0]
    assert Counter(scan.text for scan in page.scans) == Counter(stamp_uri(stamp) for stamp in printed)
    assert all(f"/10/{batch.lot_code}/21/" in scan.text for scan in page.scans)
    assert "25 tem" in out
    assert "100%" in err  # the progress bar ran to the end


def test_a_second_run_prints_other_serials_and_says_when_stamps_run_out(
    tmp_path, seller, owner, variant, batch, generate
):
    generate(seller, owner, variant, 8, batch=batch)
    first, second = tmp_path / "a.zpl", tmp_path / "b.zpl"
    run(str(batch.pk), "--format", "zpl-50x30-203", "--count", "5", "--output", str(first))
    _, warning = run(str(batch.pk), "--format", "zpl-50x30-203", "--count", "5", "--output", str(second))

    serials = [stamp.serial for stamp in Stamp.objects.order_by("pk")]
    first_zpl, second_zpl = first.read_text(), second.read_text()
    assert [s for s in serials if s in first_zpl] == serials[:5]
    assert [s for s in serials if s in second_zpl] == serials[5:]
    assert "Chỉ còn 3 tem" in warning
    with pytest.raises(CommandError, match="không còn tem"):
        run(str(batch.pk), "--format", "L7160", "--count", "1", "--output", str(tmp_path / "c.pdf"))


def test_acting_as_a_user_of_another_seller_finds_nothing(
    tmp_path, seller, owner, variant, batch, generate, other_owner
):
    generate(seller, owner, variant, 3, batch=batch)
    with pytest.raises(CommandError):
        run(str(batch.pk), "--format", "L7160", "--count", "3", "--output", str(tmp_path / "x.pdf"),
            "--user", other_owner.email)  # fmt: skip
    assert not Stamp.objects.filter(status=StampStatus.PRINTED).exists()
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_batch_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy lô hàng"):
        run("NO-SUCH-LOT", "--format", "L7160", "--count", "1", "--output", str(tmp_path / "x.pdf"))
