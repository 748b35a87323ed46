from django.apps import AppConfig


class SellerConfig(AppConfig):
    name = "marketplace.seller"
    label = "seller"
