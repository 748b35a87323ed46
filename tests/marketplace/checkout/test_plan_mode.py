"""The checkout's write transactions reuse generic plans of their prepared
statements (``generic_plans_for_this_transaction``), and that mode ends with
the transaction: later queries on the same connection plan as usual."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from marketplace.checkout import services
from marketplace.core.compiled import generic_plans_for_this_transaction
from tests.marketplace.checkout.helpers import ready_checkout


def _plan_mode() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_completed_checkout_leaves_the_connection_in_the_default_mode(channel, tea):
    checkout = ready_checkout(channel, [(tea, 1)])
    assert _plan_mode() == "auto"

    order = services.complete_checkout(checkout=checkout)

    assert order.number
    assert _plan_mode() == "auto"


@pytest.mark.django_db(transaction=True)
def test_the_mode_holds_inside_the_transaction_and_is_gone_after_a_rollback():
    with pytest.raises(RuntimeError, match="needs a transaction"):
        generic_plans_for_this_transaction()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        generic_plans_for_this_transaction()
        assert _plan_mode() == "force_generic_plan"
        1 / 0  # noqa: B018 - a failure inside the transaction
    assert _plan_mode() == "auto"
