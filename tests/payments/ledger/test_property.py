"""The acceptance property: over random sequences of orders (COD and online),
payments, partial refunds, cancellations, deliveries, returns and payout
runs, every journal entry balances, the ledger sums to zero, and what each
seller is paid equals its sales − commission − refunds (computed here
independently of the ledger), so nobody is paid twice or for a refunded or
cancelled part. Everything goes through the services the shop calls."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from marketplace.order import services as order_services
from marketplace.order.models import SellerOrder, SellerOrderStatus
from payments.ledger.models import AccountKind as K
from payments.ledger.models import Payout
from payments.ledger.payouts import run_payouts
from payments.ledger.posting import release_available
from payments.ledger.selectors import account_balances, ledger_total, seller_balance
from tests.payments.ledger.actions import deliver, pay, place, refund, unbalanced_entries
from tests.payments.ledger.conftest import DEFAULT_RATE_BPS, SQUID_PRICE, TEA_PRICE, TEA_RATE_BPS

S = SellerOrderStatus
CANCELLABLE = (S.UNCONFIRMED, S.CONFIRMED, S.PACKED, S.SHIPPED)

# Counted from the newest order, so that steps meet the same orders often.
order_index = st.integers(min_value=0, max_value=3)
actions = st.lists(
    st.one_of(
        st.tuples(st.just("place"), st.sampled_from(["cod", "pay_later"]), st.integers(0, 3), st.integers(0, 3)),
        st.tuples(st.just("pay"), order_index, st.integers(0, 5_000)),
        st.tuples(st.just("refund"), order_index, st.booleans(), st.integers(1, 10**7)),
        st.tuples(st.just("cancel"), order_index, st.booleans()),
        st.tuples(st.just("deliver"), order_index, st.booleans()),
        st.tuples(st.just("return"), order_index, st.booleans()),
        st.tuples(st.just("payout")),
    ),
    min_size=1,
    max_size=30,
)


@dataclass
class Sub:
    """The test's own model of one sub-order."""

    pk: int
    seller: str  # "a" or "b"
    cod: bool
    gross: int
    commission: int
    sold: bool = False  # online: the order was fully paid
    collected: bool = False  # COD: the seller recorded the cash
    refunded: int = 0
    delivered: bool = False
    gone: bool = False  # cancelled or returned

    def expected_net(self) -> int:
        """What the seller should end up with from this sub-order."""
        if self.gone:
            return 0
        if self.cod:
            return -self.commission if self.collected else 0
        if not (self.sold and self.delivered):
            return 0
        taken_back = self.commission if self.refunded == self.gross else self.commission * self.refunded // self.gross
        return (self.gross - self.refunded) - (self.commission - taken_back)


class World:
    def __init__(self, *, channel, tea, squid, owners, operator) -> None:
        self.channel, self.tea, self.squid, self.owners, self.operator = channel, tea, squid, owners, operator
        self.orders: list[tuple[object, bool, dict[str, Sub]]] = []
        self.clock = timezone.now()
        self.charged = self.fees = self.refunds = 0

    def _order(self, index: int):
        return self.orders[-1 - index % len(self.orders)] if self.orders else None

    def _sub(self, index: int, is_a: bool):
        found = self._order(index)
        if found is None:
            return None, None
        order, cod, subs = found
        model = subs.get("a" if is_a else "b")
        return found, model

    def place(self, gateway: str, tea_qty: int, squid_qty: int) -> None:
        lines = [(v, q) for v, q in ((self.tea, tea_qty), (self.squid, squid_qty)) if q]
        if not lines:
            return
        order = place(self.channel, lines, gateway=gateway)
        subs = {}
        for sub in order.seller_orders.all():
            is_a = sub.seller_id == self.tea.product.seller_id
            qty, price, rate = (
                (tea_qty, TEA_PRICE, TEA_RATE_BPS) if is_a else (squid_qty, SQUID_PRICE, DEFAULT_RATE_BPS)
            )
            subs["a" if is_a else "b"] = Sub(
                pk=sub.pk,
                seller="a" if is_a else "b",
                cod=gateway == "cod",
                gross=sub.total_amount,
                commission=qty * price * rate // 10_000,
            )
        self.orders.append((order, gateway == "cod", subs))

    def pay(self, index: int, fee: int) -> None:
        found = self._order(index)
        if found is None or found[1]:
            return
        order, _, subs = found
        active = [s for s in subs.values() if not s.gone]
        if not active or any(s.sold for s in active):
            return
        amount = sum(s.gross for s in active)
        pay(order, amount=amount, fee=fee)
        self.charged += amount
        self.fees += fee
        for s in active:
            s.sold = True

    def refund(self, index: int, is_a: bool, seed: int) -> None:
        found, sub = self._sub(index, is_a)
        if sub is None or sub.cod or not sub.sold or sub.gone or sub.refunded == sub.gross:
            return
        amount = 1 + seed % (sub.gross - sub.refunded)
        refund(found[0], amount, seller_order=SellerOrder.objects.get(pk=sub.pk))
        sub.refunded += amount
        self.refunds += amount

    def _give_back_rest(self, found, sub: Sub) -> None:
        """Online money of a cancelled/returned part goes back to the shopper."""
        if not sub.cod and sub.sold and sub.gross > sub.refunded:
            refund(found[0], sub.gross - sub.refunded, seller_order=SellerOrder.objects.get(pk=sub.pk))
            self.refunds += sub.gross - sub.refunded
            sub.refunded = sub.gross

    def cancel(self, index: int, is_a: bool) -> None:
        found, sub = self._sub(index, is_a)
        if sub is None or sub.gone:
            return
        row = SellerOrder.objects.get(pk=sub.pk)
        if row.status not in CANCELLABLE:
            return
        order_services.cancel_seller_order(seller_order=row, actor=self.owners[sub.seller], reason="Khách đổi ý")
        sub.gone = True
        self._give_back_rest(found, sub)

    def deliver(self, index: int, is_a: bool) -> None:
        found, sub = self._sub(index, is_a)
        if sub is None or sub.gone or sub.delivered:
            return
        row = SellerOrder.objects.get(pk=sub.pk)
        if row.status not in (S.UNCONFIRMED, S.CONFIRMED):
            return
        deliver(row, self.owners[sub.seller], cod=sub.cod)
        sub.delivered = True
        sub.collected = sub.cod

    def return_(self, index: int, is_a: bool) -> None:
        found, sub = self._sub(index, is_a)
        if sub is None or sub.gone or not sub.delivered:
            return
        row = SellerOrder.objects.get(pk=sub.pk)
        order_services.mark_returned(seller_order=row, actor=self.owners[sub.seller], reason="Hàng lỗi")
        sub.gone = True
        self._give_back_rest(found, sub)

    def payout(self) -> None:
        self.clock += datetime.timedelta(days=8)
        release_available(now=self.clock)
        run_payouts(actor=self.operator, now=self.clock)


@hypothesis_settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=actions)
def test_random_histories_keep_the_books_right(
    steps, channel, tea, squid, seller_a, seller_b, owner_a, owner_b, operator, bank_accounts
):
    with transaction.atomic():
        world = World(channel=channel, tea=tea, squid=squid, owners={"a": owner_a, "b": owner_b}, operator=operator)
        for step in steps:
            name, *args = step
            getattr(world, "return_" if name == "return" else name)(*args)
        world.payout()  # close the books: release what is due and pay
        _check(world, {"a": seller_a, "b": seller_b})
        transaction.set_rollback(True)


def _check(world: World, sellers: dict[str, object]) -> None:
    """The invariants. Paid parts still on their way (not delivered) stay
    pending and are not in the payout."""
    still_pending = {
        name: sum(
            (s.gross - s.refunded)
            - (s.commission - (s.commission if s.refunded == s.gross else s.commission * s.refunded // s.gross))
            for _, _, subs in world.orders
            for s in subs.values()
            if s.seller == name and not s.cod and s.sold and not s.delivered and not s.gone
        )
        for name in sellers
    }
    assert unbalanced_entries() == []
    assert ledger_total() == 0
    balances = account_balances()
    assert balances.get((K.GATEWAY_CLEARING, None, "pay_later"), 0) == world.charged - world.fees - world.refunds
    for name, seller in sellers.items():
        expected = sum(s.expected_net() for _, _, subs in world.orders for s in subs.values() if s.seller == name)
        paid = Payout.objects.filter(seller=seller).aggregate(total=Sum("amount"))["total"] or 0
        balance = seller_balance(seller=seller)
        left = balance.available - balance.cod_owed
        assert balance.pending == still_pending[name], name
        assert left <= 0, name  # the last run paid whatever was positive
        assert paid + left == expected, (name, paid, left, expected)
        assert balance.paid_out == paid, name
