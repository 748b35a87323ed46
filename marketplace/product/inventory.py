"""Sellers' warehouses and the stock of their variants.

Stock rows are changed under row locks taken in primary-key order (two
updates of the same variant's warehouses never deadlock) or by conditional
``UPDATE … WHERE`` with ``F()`` expressions; never read-modify-write."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.core.text import vietnamese_slugify
from marketplace.geography.models import Commune, Province
from marketplace.product.cache import catalog_changed
from marketplace.product.errors import ProductError
from marketplace.product.models import ProductVariant
from marketplace.product.selectors import get_channel
from marketplace.product.validation import validate_quantity
from marketplace.seller.models import Seller
from marketplace.warehouse.models import Stock, Warehouse

DEFAULT_WAREHOUSE_NAME = "Kho chính"


def _warehouse_slug(seller: Seller, name: str) -> str:
    base = f"{seller.slug}-{vietnamese_slugify(name) or 'kho'}"[:180].strip("-")
    slug, n = base, 1
    while Warehouse.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_warehouse(
    *,
    seller: Seller,
    actor: User | None,
    name: str,
    province: Province | None = None,
    commune: Commune | None = None,
    street_address: str = "",
) -> Warehouse:
    """A new warehouse of ``seller``, serving the default channel. The place
    defaults to the seller's. Raises ``REQUIRED``/``INVALID`` (name, address)
    or ``INVALID`` on ``commune`` when it is not in ``province``."""
    name = " ".join(str(name or "").split())
    if not name:
        raise ProductError("REQUIRED", _("Vui lòng nhập tên kho."), field="name")
    if len(name) > 200:
        raise ProductError("INVALID", _("Tên kho dài tối đa 200 ký tự."), field="name")
    street_address = str(street_address or "").strip()
    if len(street_address) > 255:
        raise ProductError("INVALID", _("Địa chỉ dài tối đa 255 ký tự."), field="street_address")
    if province is None and commune is None:
        province, commune = seller.province, seller.commune
    elif province is None and commune is not None:
        province = commune.province
    if commune is not None and province is not None and commune.province_id != province.pk:
        raise ProductError("INVALID", _("Xã/phường đã chọn không thuộc tỉnh/thành phố đã chọn."), field="commune")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                warehouse = Warehouse.objects.create(
                    seller=seller,
                    name=name,
                    slug=_warehouse_slug(seller, name),
                    province=province,
                    commune=commune,
                    street_address=street_address,
                )
                break
        except IntegrityError:  # another request took the slug meanwhile
            continue
    else:
        raise ProductError("INVALID", _("Không tạo được kho, vui lòng thử lại."), field="name")
    channel = get_channel()
    if channel is not None:
        warehouse.channels.add(channel)
    catalog_changed()
    return warehouse


def default_warehouse(*, seller: Seller, actor: User | None = None) -> Warehouse:
    """The seller's first warehouse; "Kho chính" is created if it has none."""
    found = Warehouse.objects.filter(seller=seller).order_by("pk").first()
    if found is not None:
        return found
    return create_warehouse(seller=seller, actor=actor, name=DEFAULT_WAREHOUSE_NAME)


def _check_warehouse(warehouse: Warehouse | None, seller_id: int) -> Warehouse:
    if warehouse is None or warehouse.seller_id != seller_id:
        raise ProductError("NOT_FOUND", _("Không tìm thấy kho."), field="warehouse")
    return warehouse


@transaction.atomic
def update_variant_stocks(
    *, variant: ProductVariant, actor: User | None, stocks: Iterable[tuple[Warehouse, object]]
) -> list[Stock]:
    """Set the quantity of ``variant`` in each given warehouse (others are
    left alone); returns the stock rows in the order given.

    Raises ``NOT_FOUND`` on ``warehouse`` (not the variant's seller's),
    ``DUPLICATED_INPUT_ITEM`` (a warehouse twice), ``INVALID_QUANTITY``
    (negative, fractional) or ``INSUFFICIENT_STOCK`` (below the units that
    orders already hold); nothing changes then."""
    seller_id = variant.product.seller_id
    wanted: dict[int, int] = {}
    for warehouse, quantity in stocks:
        _check_warehouse(warehouse, seller_id)
        if warehouse.pk in wanted:
            raise ProductError("DUPLICATED_INPUT_ITEM", _("Một kho chỉ được nhập một lần."), field="warehouse")
        wanted[warehouse.pk] = validate_quantity(quantity)
    if not wanted:
        return []
    # Missing rows first (in warehouse order, so two inserts cannot deadlock),
    # then lock every row concerned in primary-key order.
    Stock.objects.bulk_create(
        [Stock(warehouse_id=pk, product_variant=variant, quantity=0) for pk in sorted(wanted)],
        ignore_conflicts=True,
    )
    rows = list(
        Stock.objects.select_for_update(of=("self",))
        .filter(product_variant=variant, warehouse_id__in=list(wanted))
        .select_related("warehouse")
        .order_by("pk")
    )
    for row in rows:
        quantity = wanted[row.warehouse_id]
        if quantity < row.quantity_allocated:
            raise ProductError(
                "INSUFFICIENT_STOCK",
                _("Kho “%(warehouse)s” đang giữ %(allocated)s đơn vị cho đơn hàng; số lượng không được nhỏ hơn.")
                % {"warehouse": row.warehouse.name, "allocated": row.quantity_allocated},
                field="quantity",
            )
        row.quantity = quantity
    Stock.objects.bulk_update(rows, ["quantity"])
    catalog_changed()  # bulk operations send no signals
    by_warehouse = {row.warehouse_id: row for row in rows}
    return [by_warehouse[pk] for pk in wanted]


@transaction.atomic
def adjust_variant_stock(*, variant: ProductVariant, actor: User | None, warehouse: Warehouse, delta: int) -> Stock:
    """Add ``delta`` units (negative: remove) to ``variant`` in ``warehouse``
    in one conditional ``UPDATE``: concurrent adjustments all count.

    Raises ``NOT_FOUND`` (warehouse), ``INVALID_QUANTITY`` (not a whole
    number) or ``INSUFFICIENT_STOCK`` (would go below the allocated units or 0)."""
    _check_warehouse(warehouse, variant.product.seller_id)
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise ProductError("INVALID_QUANTITY", _("Số lượng phải là số nguyên."), field="quantity")
    if delta > 0:
        Stock.objects.bulk_create(
            [Stock(warehouse=warehouse, product_variant=variant, quantity=0)], ignore_conflicts=True
        )
    updated = Stock.objects.filter(
        product_variant=variant, warehouse=warehouse, quantity__gte=F("quantity_allocated") - delta
    ).update(quantity=F("quantity") + delta)
    if not updated:
        raise ProductError("INSUFFICIENT_STOCK", _("Không đủ hàng trong kho."), field="quantity")
    catalog_changed()
    return Stock.objects.get(product_variant=variant, warehouse=warehouse)
