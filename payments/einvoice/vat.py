"""VAT on invoices: rates and integer rounding.

Rates (whole percent). Marketplace prices include VAT (the shopper pays the
price shown). OCOP products are mostly food and farm produce, which the VAT
law puts at 5 % (fresh or simply processed farm, forest and fishery
produce, foodstuffs); so goods default to ``EINVOICE_VAT_RATE`` (5) and
``EINVOICE_CATEGORY_VAT_RATES`` ("slug=rate,…", nearest category on the
product's path wins) sets a category's products apart, e.g. handicrafts or
cosmetics at 10 (or 8 while a temporary reduction applies). The rate is a
category setting rather than a per-product field so that sellers with
little tax knowledge never choose it. Shipping charged on the sub-order is a
transport service at ``EINVOICE_SHIPPING_VAT_RATE`` (10 by default).

Rounding: for a VAT-inclusive amount ``A`` at rate ``r`` the amount before
tax is ``A × 100 / (100 + r)`` rounded half up to a whole đồng, and the VAT
is the rest (``A − before``), so each line's parts add up to exactly what the
shopper paid; the invoice's totals are the sums of its lines.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from marketplace.product.models import Category


def split_inclusive(amount: int, rate: int) -> tuple[int, int]:
    """(before tax, VAT) of a VAT-inclusive ``amount`` at ``rate`` percent."""
    if rate <= 0:
        return amount, 0
    divisor = 100 + rate
    before = (amount * 100 * 2 + divisor) // (2 * divisor)
    return before, amount - before


def category_rates(category_ids: Iterable[int | None]) -> dict[int | None, int]:
    """The goods rate for each category id (``None``: no category): the
    nearest category on the way to the root named in
    ``EINVOICE_CATEGORY_VAT_RATES``, else ``EINVOICE_VAT_RATE``. One query per
    level of the category tree (usually one or two)."""
    by_slug = {slug: int(rate) for slug, rate in settings.EINVOICE_CATEGORY_VAT_RATES.items()}
    default = settings.EINVOICE_VAT_RATE
    ids = {c for c in category_ids if c is not None}
    wanted = set(ids)
    rows: dict[int, tuple[int | None, str]] = {}
    while wanted - rows.keys():
        missing = wanted - rows.keys()
        found = {
            pk: (parent, slug)
            for pk, parent, slug in Category.objects.filter(pk__in=missing).values_list("pk", "parent_id", "slug")
        }
        rows.update(found)
        rows.update({pk: (None, "") for pk in missing - found.keys()})
        wanted = {parent for parent, _ in found.values() if parent is not None}
    result: dict[int | None, int] = {None: default}
    for category_id in ids:
        rate, node, seen = default, category_id, set()
        while node is not None and node not in seen:
            seen.add(node)
            parent, slug = rows.get(node, (None, ""))
            if slug in by_slug:
                rate = by_slug[slug]
                break
            node = parent
        result[category_id] = rate
    return result
