"""The stamp lifecycle: generated → printed → activated → voided, each step
on the audit trail, illegal steps refused with nothing changed, and no serial
ever printed twice, even by two print runs at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.factories import ProductFactory, ProductVariantFactory, SellerFactory, SellerMemberFactory, UserFactory
from tests.traceability.helpers import make_batch
from traceability import services
from traceability.errors import TraceError
from traceability.models import Stamp, StampAction, StampEvent, StampJob, StampStatus
from traceability.selectors import stamp_counts, stamp_label_rows


def statuses(stamps) -> set[str]:
    return set(Stamp.objects.filter(pk__in=[s.pk for s in stamps]).values_list("status", flat=True))


def test_printing_claims_generated_stamps_once(seller, owner, variant, batch, generate):
    job = generate(seller, owner, variant, 30, batch=batch)

    first = services.claim_stamps_for_printing(seller=seller, actor=owner, count=20, batch=batch)
    second = services.claim_stamps_for_printing(seller=seller, actor=owner, count=20, batch=batch)

    assert (len(first), len(second)) == (20, 10)  # only ten were left
    assert not {s.pk for s in first} & {s.pk for s in second}
    assert services.claim_stamps_for_printing(seller=seller, actor=owner, count=5, job=job) == []
    assert stamp_counts(job=job)[StampStatus.PRINTED] == 30
    assert StampEvent.objects.filter(action=StampAction.PRINT).count() == 30
    # The claimed stamps come with what a label needs.
    rows = list(stamp_label_rows(first))
    assert rows[0].product_name == "Chè búp Tân Cương đặc biệt – Gói 200 g"
    assert rows[0].uri.endswith(f"/10/LOT-2025-01/21/{first[0].serial}")


def test_mark_stamps_printed_takes_only_generated_ones(seller, owner, variant, generate):
    job = generate(seller, owner, variant, 5)
    ids = list(Stamp.objects.filter(job=job).values_list("pk", flat=True))
    claimed = services.mark_stamps_printed(stamps=ids[:3], actor=owner, job=job)
    assert [s.pk for s in claimed] == ids[:3]
    again = services.mark_stamps_printed(stamps=Stamp.objects.filter(job=job), actor=owner, seller=seller)
    assert [s.pk for s in again] == ids[3:]
    assert all(s.printed_at is not None for s in Stamp.objects.filter(job=job))


def test_printing_for_a_batch_puts_its_lot_on_stamps_made_without_one(seller, owner, variant, batch, generate):
    generate(seller, owner, variant, 2)  # no batch known when generated
    claimed = services.claim_stamps_for_printing(seller=seller, actor=owner, count=2, batch=batch)
    assert {s.lot_code for s in claimed} == {"LOT-2025-01"}
    assert all("/10/LOT-2025-01/21/" in row.uri for row in stamp_label_rows(claimed))


@pytest.mark.django_db(transaction=True)
def test_two_print_runs_at_once_never_print_the_same_serial():
    owner = UserFactory()
    seller = SellerFactory()
    SellerMemberFactory(seller=seller, user=owner)
    variant = ProductVariantFactory(product=ProductFactory(seller=seller))
    job = services.request_stamps(seller=seller, actor=owner, variant=variant, count=300)  # runs on commit
    assert StampJob.objects.get(pk=job.pk).done == 300
    ids = list(Stamp.objects.filter(job=job).values_list("pk", flat=True))
    start = threading.Barrier(4)
    results: dict[str, list[int]] = {}

    def print_run(name: str, claim) -> None:
        try:
            start.wait()
            results[name] = [stamp.pk for stamp in claim()]
        finally:
            connection.close()

    runs = [
        # Two runs asking for the next 150 of the job…
        ("next-a", lambda: services.claim_stamps_for_printing(seller=seller, actor=owner, count=150, job=job)),
        ("next-b", lambda: services.claim_stamps_for_printing(seller=seller, actor=owner, count=150, job=job)),
        # …and two runs naming the same 200 stamps explicitly.
        ("named-a", lambda: services.mark_stamps_printed(stamps=ids[:200], actor=owner)),
        ("named-b", lambda: services.mark_stamps_printed(stamps=ids[:200], actor=owner)),
    ]
    threads = [threading.Thread(target=print_run, args=run) for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    claimed = [pk for name in results for pk in results[name]]
    assert len(results) == 4
    assert len(claimed) == len(set(claimed))  # no serial printed twice
    assert set(claimed) <= set(ids)
    assert StampEvent.objects.filter(action=StampAction.PRINT).count() == len(claimed)
    assert Stamp.objects.filter(status=StampStatus.PRINTED).count() == len(claimed)
    # With 300 generated and 300 asked for by the "next" runs, they get all
    # that the named runs did not take.
    assert len(claimed) == 300


def test_activation_binds_printed_stamps_to_the_batch(seller, owner, batch, printed_stamps):
    activated = services.activate_stamps(
        seller=seller, actor=owner, batch=batch, serials=[s.serial.lower() for s in printed_stamps[:4]]
    )
    assert activated == 4
    stamps = Stamp.objects.filter(pk__in=[s.pk for s in printed_stamps[:4]])
    assert {(s.status, s.batch_id) for s in stamps} == {(StampStatus.ACTIVATED, batch.pk)}
    assert all(s.activated_at for s in stamps)
    trail = StampEvent.objects.filter(stamp=printed_stamps[0]).order_by("at", "pk")
    assert [(e.action, e.from_status, e.to_status) for e in trail] == [
        (StampAction.GENERATE, "", StampStatus.GENERATED),
        (StampAction.PRINT, StampStatus.GENERATED, StampStatus.PRINTED),
        (StampAction.ACTIVATE, StampStatus.PRINTED, StampStatus.ACTIVATED),
    ]
    assert {e.actor for e in trail} == {owner}


def test_activation_by_job_positions(seller, owner, batch, printed_stamps):
    job = printed_stamps[0].job
    assert services.activate_stamps(seller=seller, actor=owner, batch=batch, job=job, start=2, stop=5) == 3
    assert statuses(printed_stamps[2:5]) == {StampStatus.ACTIVATED}
    assert statuses(printed_stamps[:2] + printed_stamps[5:]) == {StampStatus.PRINTED}


def test_activating_an_unprinted_or_already_active_stamp_changes_nothing(
    seller, owner, variant, batch, printed_stamps, generate
):
    unprinted = Stamp.objects.filter(job=generate(seller, owner, variant, 1, batch=batch)).get()
    services.activate_stamps(seller=seller, actor=owner, batch=batch, serials=[printed_stamps[0].serial])
    for blocker in (unprinted, printed_stamps[0]):
        with pytest.raises(TraceError) as err:
            services.activate_stamps(
                seller=seller, actor=owner, batch=batch, serials=[printed_stamps[1].serial, blocker.serial]
            )
        assert err.value.code == "INVALID_TRANSITION"
        assert err.value.details["serials"] == [blocker.serial]
    # All or nothing: the good stamp in the same request was not activated.
    assert statuses([printed_stamps[1]]) == {StampStatus.PRINTED}
    assert statuses([unprinted]) == {StampStatus.GENERATED}


def test_stamps_of_another_product_or_lot_do_not_fit_the_batch(seller, owner, variant, batch, generate):
    other_batch = make_batch(seller, owner, variant, lot_code="LOT-OTHER")
    job = generate(seller, owner, variant, 2, batch=other_batch)
    services.claim_stamps_for_printing(seller=seller, actor=owner, count=2, job=job)
    other_variant = ProductVariantFactory(product=variant.product, name="Hộp 500 g")
    other_job = generate(seller, owner, other_variant, 1)
    services.claim_stamps_for_printing(seller=seller, actor=owner, count=1, job=other_job)
    for stamps_job in (job, other_job):
        with pytest.raises(TraceError) as err:
            services.activate_stamps(seller=seller, actor=owner, batch=batch, job=stamps_job)
        assert err.value.code == "TRADE_ITEM_MISMATCH"
    assert not Stamp.objects.filter(status=StampStatus.ACTIVATED).exists()


def test_a_recalled_batch_takes_no_more_stamps(seller, owner, batch, printed_stamps):
    services.recall_batch(batch=batch, actor=owner, reason="Thu hồi")
    with pytest.raises(TraceError) as err:
        services.activate_stamps(seller=seller, actor=owner, batch=batch, serials=[printed_stamps[0].serial])
    assert err.value.code == "BATCH_RECALLED"
    with pytest.raises(TraceError) as err:
        services.claim_stamps_for_printing(seller=seller, actor=owner, count=1, batch=batch)
    assert err.value.code == "BATCH_RECALLED"


def test_voiding_is_final_and_needs_a_reason(seller, owner, batch, printed_stamps):
    services.activate_stamps(seller=seller, actor=owner, batch=batch, serials=[printed_stamps[0].serial])
    serials = [printed_stamps[0].serial, printed_stamps[1].serial]
    with pytest.raises(TraceError) as err:
        services.void_stamps(seller=seller, actor=owner, serials=serials, reason=" ")
    assert err.value.code == "REASON_REQUIRED"

    assert services.void_stamps(seller=seller, actor=owner, serials=serials, reason="Tem in lỗi") == 2

    voided = Stamp.objects.filter(serial__in=serials)
    assert {(s.status, s.void_reason) for s in voided} == {(StampStatus.VOIDED, "Tem in lỗi")}
    assert StampEvent.objects.filter(action=StampAction.VOID, reason="Tem in lỗi").count() == 2
    for step in (
        lambda: services.void_stamps(seller=seller, actor=owner, serials=serials[:1], reason="Lần nữa"),
        lambda: services.activate_stamps(seller=seller, actor=owner, batch=batch, serials=serials[1:]),
    ):
        with pytest.raises(TraceError) as err:
            step()
        assert err.value.code == "INVALID_TRANSITION"
    assert statuses(voided) == {StampStatus.VOIDED}


def test_unknown_serials_are_named(seller, owner, batch, printed_stamps):
    with pytest.raises(TraceError) as err:
        services.activate_stamps(
            seller=seller, actor=owner, batch=batch, serials=[printed_stamps[0].serial, "0000000000000000"]
        )
    assert err.value.code == "NOT_FOUND"
    assert err.value.details["serials"] == ["0000000000000000"]
    with pytest.raises(TraceError) as err:
        services.activate_stamps(seller=seller, actor=owner, batch=batch)
    assert err.value.code == "REQUIRED"


def test_another_seller_cannot_print_activate_or_void_these_stamps(
    seller, owner, batch, printed_stamps, other_seller, other_owner
):
    serials = [s.serial for s in printed_stamps]
    with pytest.raises(TraceError) as err:
        services.activate_stamps(seller=seller, actor=other_owner, batch=batch, serials=serials)
    assert err.value.code == "NOT_FOUND"
    with pytest.raises(TraceError) as err:  # acting for their own seller, naming our serials
        services.void_stamps(seller=other_seller, actor=other_owner, serials=serials, reason="Phá")
    assert err.value.code == "NOT_FOUND"
    with pytest.raises(TraceError) as err:
        services.mark_stamps_printed(stamps=[s.pk for s in printed_stamps], actor=other_owner)
    assert err.value.code == "NOT_FOUND"
    with pytest.raises(TraceError) as err:
        services.claim_stamps_for_printing(seller=other_seller, actor=other_owner, count=1, batch=batch)
    assert err.value.code == "NOT_FOUND"
    assert statuses(printed_stamps) == {StampStatus.PRINTED}
