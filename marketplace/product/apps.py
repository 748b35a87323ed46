from django.apps import AppConfig


class ProductConfig(AppConfig):
    name = "marketplace.product"
    label = "product"

    def ready(self) -> None:
        from marketplace.product.cache import connect_catalog_signals

        connect_catalog_signals()
