"""What the demo loader loads: the sixty hand-written products and, when more
are asked for (``populatedb --products N``), editions of them made by
variation, with stable slugs, SKUs and decision numbers.

Randomness comes from generators seeded by each product's slug, so the same
catalogue comes out whatever the order or the number of runs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from marketplace.core.text import vietnamese_slugify
from marketplace.demo.catalogue import SELLERS
from marketplace.demo.products import PRODUCTS, ProductSpec

SEED = "cho-ocop-demo-2025"
# Names given to the extra products that ``--products N`` makes from the sixty
# hand-written ones (for benchmarks with a larger catalogue).
EDITIONS: tuple[tuple[str, str], ...] = (
    ("Hộp quà", "gift box"),
    ("Loại đặc biệt", "premium grade"),
    ("Gói tiết kiệm", "value pack"),
    ("Quà biếu", "gift edition"),
    ("Phiên bản giới hạn", "limited edition"),
    ("Combo gia đình", "family combo"),
    ("Mẫu mới", "new design"),
    ("Lô đầu mùa", "first harvest"),
)


@dataclass(frozen=True)
class CatalogueEntry:
    """A product to load: its spec, the stem of its SKUs and the slug of the
    hand-written product whose OCOP certificate it carries."""

    spec: ProductSpec
    sku_stem: str
    certificate_of: str


def rng_for(*parts: object) -> random.Random:
    """A generator seeded by ``parts``: the same values on every machine and run."""
    return random.Random(":".join([SEED, *map(str, parts)]))


def round_price(amount: float) -> int:
    """Prices end in thousands of đồng, as shops print them."""
    return max(1_000, round(amount / 1_000) * 1_000)


def catalogue(product_count: int | None = None) -> list[CatalogueEntry]:
    """The products to load: the sixty hand-written ones (or the first
    ``product_count``), then, past sixty, editions of them made by variation."""
    ordinal: dict[str, int] = {}
    base: list[CatalogueEntry] = []
    prefixes = {seller.slug: seller.sku_prefix for seller in SELLERS}
    for spec in PRODUCTS:
        ordinal[spec.seller] = ordinal.get(spec.seller, 0) + 1
        base.append(CatalogueEntry(spec, f"{prefixes[spec.seller]}-{ordinal[spec.seller]:02d}", spec.slug))
    if product_count is None:
        return base
    if product_count <= len(base):
        return base[:product_count]
    entries = list(base)
    for k in range(product_count - len(base)):
        original = base[k % len(base)]
        cycle, edition = divmod(k // len(base), len(EDITIONS))
        label, label_en = EDITIONS[edition]
        if cycle:
            label, label_en = f"{label} {cycle + 1}", f"{label_en} {cycle + 1}"
        rng = rng_for(original.spec.slug, "edition", k)
        factor = rng.uniform(0.92, 1.12)
        spec = replace(
            original.spec,
            slug=f"{original.spec.slug}-{vietnamese_slugify(label)}",
            name=f"{original.spec.name} – {label}",
            name_en=f"{original.spec.name_en} – {label_en}",
            packs=tuple(replace(pack, price=round_price(pack.price * factor)) for pack in original.spec.packs),
            listing="published",
        )
        entries.append(CatalogueEntry(spec, f"{original.sku_stem}-X{k + 1:04d}", original.certificate_of))
    return entries


def certificate_numbers() -> dict[str, int]:
    """A decision number per hand-written product, distinct across the catalogue."""
    numbers: dict[str, int] = {}
    used: set[int] = set()
    for spec in PRODUCTS:
        number = rng_for(spec.slug, "decision").randint(150, 4800)
        while number in used:
            number += 1
        used.add(number)
        numbers[spec.slug] = number
    return numbers
