from django.apps import AppConfig


class TraceabilityConfig(AppConfig):
    name = "traceability"
