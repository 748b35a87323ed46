"""Provinces and communes named by code in mutation inputs."""

from __future__ import annotations

from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError
from marketplace.geography.models import Commune, Province


def province_by_code(code: str | None, *, field: str, error: type[DomainError] = DomainError) -> Province | None:
    """The province with this code, None when no code is given; otherwise
    ``error("INVALID")`` on ``field`` (the calling area's error class)."""
    if not code:
        return None
    found = Province.objects.filter(code=code).first()
    if found is None:
        raise error("INVALID", _("Tỉnh/thành phố không hợp lệ."), field=field)
    return found


def commune_by_code(code: str | None, *, field: str, error: type[DomainError] = DomainError) -> Commune | None:
    if not code:
        return None
    found = Commune.objects.select_related("province").filter(code=code).first()
    if found is None:
        raise error("INVALID", _("Xã/phường không hợp lệ."), field=field)
    return found
