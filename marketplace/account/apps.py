from django.apps import AppConfig


class AccountConfig(AppConfig):
    name = "marketplace.account"
    label = "account"
