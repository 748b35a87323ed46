from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "marketplace.geography"
    label = "geography"
