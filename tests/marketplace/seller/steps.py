"""Steps that bring a seller to a given point of its onboarding, through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from marketplace.seller import services
from marketplace.seller.models import Seller, SellerDocumentKind, SellerKind
from tests.factories import commune_of
from tests.marketplace.seller.files import png_bytes, upload


def complete_profile(seller: Seller, actor) -> Seller:
    return services.update_seller_profile(
        seller=seller,
        actor=actor,
        phone="0912 345 678",
        province="19",
        commune=commune_of("19").code,
        street_address="Xóm Hồng Thái 2",
        tax_code="4600123456",
    )


def upload_required_documents(seller: Seller, actor) -> None:
    kinds = [SellerDocumentKind.CITIZEN_ID]
    kinds.append(
        SellerDocumentKind.HOUSEHOLD_REGISTRATION
        if seller.kind == SellerKind.HOUSEHOLD
        else SellerDocumentKind.BUSINESS_REGISTRATION
    )
    for kind in kinds:
        services.upload_seller_document(
            seller=seller,
            actor=actor,
            kind=kind,
            upload=upload(png_bytes(), f"{kind}.png", "image/png"),
            expires_on=timezone.localdate() + datetime.timedelta(days=365),
        )
