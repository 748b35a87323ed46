"""Helpers shared by the traceability tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.factories import commune_of, province
from traceability import services
from traceability.models import Batch


def make_batch(seller, owner, variant, lot_code: str = "LOT-2025-01", **fields) -> Batch:
    today = timezone.localdate()
    defaults = {
        "harvest_start": today - datetime.timedelta(days=20),
        "harvest_end": today - datetime.timedelta(days=18),
        "production_date": today - datetime.timedelta(days=10),
        "expiry_date": today + datetime.timedelta(days=355),
        "quantity": "120.5",
        "unit": "kg",
        "origin_province": province("19"),
        "origin_commune": commune_of("19"),
        "farm_plot": "Vườn chè đội 3, thửa 12",
        "applied_standards": "VietGAP, TCVN 5.2.2",
    }
    defaults.update(fields)
    return services.create_batch(seller=seller, actor=owner, variant=variant, lot_code=lot_code, **defaults)
