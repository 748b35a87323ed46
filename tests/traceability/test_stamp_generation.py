"""Generating serialised stamps: one request for up to 100,000, in the
background, with progress, unique serials per GTIN."""

from __future__ import annotations

import secrets
import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tests.factories import ProductFactory, ProductVariantFactory, SellerFactory, SellerMemberFactory, UserFactory
from tests.traceability.helpers import make_batch
from traceability import services
from traceability.errors import TraceError
from traceability.gs1.serials import CROCKFORD_ALPHABET, SERIAL_PATTERN
from traceability.models import Stamp, StampAction, StampEvent, StampJob, StampJobState, StampStatus
from traceability.selectors import job_progress, stamp_uri


def test_100000_stamps_in_one_request(seller, owner, variant, generate):
    started = time.perf_counter()
    job = generate(seller, owner, variant, 100_000)
    elapsed = time.perf_counter() - started
    print(f"\n100,000 stamps generated in {elapsed:.1f} s")  # a figure, not an assertion

    assert (job.state, job.done, job.requested) == (StampJobState.DONE, 100_000, 100_000)
    stamps = Stamp.objects.filter(job=job)
    assert stamps.count() == 100_000
    serials = list(stamps.values_list("serial", flat=True))
    assert len(set(serials)) == 100_000
    assert all(SERIAL_PATTERN.match(serial) for serial in serials)
    assert set(stamps.values_list("status", flat=True).distinct()) == {StampStatus.GENERATED}
    # Every stamp's creation is on its audit trail.
    assert StampEvent.objects.filter(job=job, action=StampAction.GENERATE).count() == 100_000


def test_requesting_stamps_returns_a_queued_job_at_once(seller, owner, variant):
    # Without running the commit callbacks the task has not started yet.
    job = services.request_stamps(seller=seller, actor=owner, variant=variant, count=10)
    assert (job.state, job.done, job.requested) == (StampJobState.QUEUED, 0, 10)
    assert job_progress(job.pk).percent == 0
    assert not Stamp.objects.exists()


@pytest.mark.parametrize("count", [0, -5, 100_001, "100", 2.5, True])
def test_the_count_must_be_1_to_100000(seller, owner, variant, count):
    with pytest.raises(TraceError) as err:
        services.request_stamps(seller=seller, actor=owner, variant=variant, count=count)
    assert err.value.code == "INVALID_COUNT"
    assert not StampJob.objects.exists()


def test_stamps_for_a_batch_carry_its_lot_in_their_uri(seller, owner, variant, batch, generate):
    job = generate(seller, owner, variant, 3, batch=batch)
    stamp = Stamp.objects.select_related("trade_item").filter(job=job).first()
    gtin = stamp.trade_item.gtin
    assert stamp_uri(stamp) == f"http://127.0.0.1:8000/01/{gtin}/10/LOT-2025-01/21/{stamp.serial}"
    plain = generate(seller, owner, variant, 1)
    lone = Stamp.objects.select_related("trade_item").get(job=plain)
    assert stamp_uri(lone, stem="https://cho-ocop.vn") == f"https://cho-ocop.vn/01/{gtin}/21/{lone.serial}"


def test_a_batch_of_another_variant_or_a_recalled_batch_is_refused(seller, owner, variant, batch):
    other_variant = ProductVariantFactory(product=variant.product)
    with pytest.raises(TraceError) as err:
        services.request_stamps(seller=seller, actor=owner, variant=other_variant, count=5, batch=batch)
    assert err.value.code == "TRADE_ITEM_MISMATCH"
    services.recall_batch(batch=batch, actor=owner, reason="Thu hồi")
    with pytest.raises(TraceError) as err:
        services.request_stamps(seller=seller, actor=owner, variant=variant, count=5, batch=batch)
    assert err.value.code == "BATCH_RECALLED"


def test_serials_are_unique_per_gtin_by_the_database(seller, owner, variant, generate):
    job = generate(seller, owner, variant, 1)
    stamp = Stamp.objects.get(job=job)
    other_variant = ProductVariantFactory(product=variant.product)
    other_item = services.trade_item_for(other_variant)
    # The same serial under another GTIN is another identifier: allowed.
    Stamp.objects.create(trade_item=other_item, serial=stamp.serial, generated_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Stamp.objects.create(trade_item=stamp.trade_item, serial=stamp.serial, generated_at=timezone.now())


def _crockford_value(serial: str) -> int:
    value = 0
    for char in serial:
        value = value * 32 + CROCKFORD_ALPHABET.index(char)
    return value


def test_a_serial_that_meets_a_stored_one_is_drawn_again(seller, owner, variant, generate, monkeypatch):
    first = Stamp.objects.get(job=generate(seller, owner, variant, 1))
    real_randbits = secrets.randbits
    draws = {"n": 0}

    def randbits_repeating_a_stored_serial_once(bits: int) -> int:
        # The operating system's random source, except that the very first
        # draw repeats the serial already stored for this GTIN.
        draws["n"] += 1
        return _crockford_value(first.serial) if draws["n"] == 1 else real_randbits(bits)

    monkeypatch.setattr(secrets, "randbits", randbits_repeating_a_stored_serial_once)
    job = generate(seller, owner, variant, 5)

    assert (job.state, job.done) == (StampJobState.DONE, 5)
    assert Stamp.objects.filter(job=job).count() == 5
    assert Stamp.objects.filter(serial=first.serial).count() == 1
    assert StampEvent.objects.filter(job=job).count() == 5


@pytest.mark.django_db(transaction=True)
def test_progress_grows_chunk_by_chunk_while_the_job_runs():
    owner = UserFactory()
    seller = SellerFactory()
    SellerMemberFactory(seller=seller, user=owner)
    variant = ProductVariantFactory(product=ProductFactory(seller=seller))
    # A queued job, run by the task body in a worker thread and watched from here.
    job = StampJob.objects.create(
        seller=seller, trade_item=services.trade_item_for(variant), requested=20_000, created_by=owner
    )
    seen: list[int] = []

    def work() -> None:
        try:
            services.generate_stamps(job_id=job.pk)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    while worker.is_alive():
        seen.append(job_progress(job.pk).done)
        time.sleep(0.005)
    worker.join()
    final = job_progress(job.pk)
    assert (final.state, final.done, final.percent, final.finished) == (StampJobState.DONE, 20_000, 100, True)
    assert seen == sorted(seen)
    assert set(seen) <= {0, 5_000, 10_000, 15_000, 20_000}
    assert set(seen) & {5_000, 10_000, 15_000}, seen  # a progress bar had something to show
    assert Stamp.objects.filter(job=job).count() == 20_000


def test_only_members_request_stamps(seller, variant, other_owner, other_seller, owner):
    with pytest.raises(TraceError) as err:
        services.request_stamps(seller=seller, actor=other_owner, variant=variant, count=1)
    assert err.value.code == "NOT_FOUND"
    with pytest.raises(TraceError) as err:
        services.request_stamps(seller=other_seller, actor=other_owner, variant=variant, count=1)
    assert (err.value.code, err.value.field) == ("NOT_FOUND", "variant")
    foreign_batch = make_batch(
        other_seller, other_owner, ProductVariantFactory(product=ProductFactory(seller=other_seller))
    )
    with pytest.raises(TraceError) as err:
        services.request_stamps(seller=seller, actor=owner, variant=variant, count=1, batch=foreign_batch)
    assert (err.value.code, err.value.field) == ("NOT_FOUND", "batch")
