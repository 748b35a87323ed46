from django.apps import AppConfig


class OrderConfig(AppConfig):
    name = "marketplace.order"
    label = "order"
    verbose_name = "Orders"
