from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.Model):
    """A sales channel (Saleor's concept): currency, country and which products
    are visible and at what price."""

    name = models.CharField(_("name"), max_length=128)
    slug = models.SlugField(max_length=128, unique=True)
    currency_code = models.CharField(max_length=3, default="VND")
    default_country = models.CharField(max_length=2, default="VN")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name
