from django.apps import AppConfig


class ProductConfig(AppConfig):
    name = "marketplace.product"
    label = "product"
